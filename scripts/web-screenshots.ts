// Takes the README's screenshots of the site (docs/web-*.png) in headless Chromium: MNIST after a short run of the course recipe, the playground on the spiral, the calculus page and a contour plot.
//
//   npx tsx scripts/web-screenshots.ts     (needs Debian's chromium, as the browser tests do)

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildSite, launchChromium, openPage, removeSite, serveStatic } from '../test/web/site.js';

const docs = join(import.meta.dirname, '..', 'docs');

async function waitUntil(what: string, condition: () => Promise<boolean>, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function shoot(page: Page, name: string, errors: string[]): Promise<void> {
  if (errors.length > 0) throw new Error(`${name}: the page logged errors: ${errors.join('; ')}`);
  await page.screenshot({ path: join(docs, `web-${name}.png`), fullPage: true });
  console.log(`wrote docs/web-${name}.png`);
}

const dir = await buildSite();
const site = await serveStatic(dir);
const browser = await launchChromium();
try {
  {
    // the course recipe on 10,000 images for 3 epochs, then a drawn 3
    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    await page.fill('#train-size', '10000');
    await page.fill('#epochs', '3');
    await page.click('#train');
    await waitUntil('the run to finish', async () => !!(await page.getAttribute('#test-accuracy', 'data-value')), 300_000);
    await page.locator('#draw').scrollIntoViewIfNeeded();
    const box = (await page.locator('#draw').boundingBox())!;
    const at = (x: number, y: number) => page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
    await at(0.32, 0.25);
    await page.mouse.down();
    for (const [x, y] of [[0.5, 0.18], [0.66, 0.3], [0.5, 0.48], [0.68, 0.64], [0.5, 0.8], [0.32, 0.74]]) await at(x, y);
    await page.mouse.up();
    await page.evaluate('window.scrollTo(0, 0)');
    await shoot(page, 'mnist', errors);
    await page.close();
  }
  {
    const { page, errors } = await openPage(browser, `${site.url}playground.html`);
    await waitUntil('the first drawing', async () => (await page.getAttribute('#test-accuracy', 'data-value')) !== null, 30_000);
    await page.selectOption('#preset', '5'); // the spiral
    await page.click('#run');
    await page.waitForTimeout(8000);
    await page.click('#run');
    await page.waitForTimeout(500);
    await shoot(page, 'playground', errors);
    await page.close();
  }
  {
    const { page, errors } = await openPage(browser, `${site.url}calculus.html`);
    await page.waitForSelector('#results:not([hidden])', { timeout: 30_000 });
    await shoot(page, 'calculus', errors);
    await page.fill('#expression', '(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
    await page.press('#expression', 'Enter');
    await waitUntil('the contour plot', async () => (await page.locator('#contour svg').count()) === 1 && (await page.isVisible('#plane')), 60_000);
    await page.selectOption('#path-method', 'descent');
    await page.fill('#path-lr', '0.01');
    await page.fill('#from', '-0.5, 0.5');
    await page.click('#draw-path');
    await waitUntil('the path', async () => (await page.textContent('#path')) !== '', 60_000);
    await page.waitForTimeout(1000);
    await page.locator('#plane').screenshot({ path: join(docs, 'web-calculus-contour.png') });
    console.log('wrote docs/web-calculus-contour.png');
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
  removeSite(dir);
}
