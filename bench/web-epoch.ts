// Benchmark: one epoch of the course recipe in headless Chromium (the site's MNIST page, wasm backend, in its worker) against the same epoch through the Node CLI, on this machine.
//
// Both run nabla's fit with the autograd learner: 784-128-64-10 sigmoid, SGD lr 0.1 momentum 0.9,
// batch 64, 50,000 training images, the epoch's time including its validation on 10,000. Rounds
// alternate browser and Node so load on the machine falls on both; the medians are compared.
// Usage: npx tsx bench/web-epoch.ts [--rounds N]   (needs Debian's chromium, see test/web/site.ts)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, launchChromium, openPage, removeSite, serveStatic } from '../test/web/site.js';

const roundsFlag = process.argv.indexOf('--rounds');
const rounds = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${process.argv[roundsFlag + 1]}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const siteDir = await buildSite();
const site = await serveStatic(siteDir);
const browser = await launchChromium();
const scratch = mkdtempSync(join(tmpdir(), 'nabla-web-bench-'));

/** Seconds of one epoch in the browser page. */
async function browserEpoch(): Promise<{ seconds: number; flavour: string }> {
  const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
  await page.fill('#epochs', '1');
  await page.click('#train');
  const row = page.locator('#epochs-table tbody tr').first();
  await row.waitFor({ timeout: 300_000 });
  const seconds = Number(await row.getAttribute('data-seconds'));
  const flavour = (await page.getAttribute('#backend', 'data-flavour')) ?? '?';
  const failure = await page.textContent('#error');
  await page.close();
  if (failure || errors.length > 0) throw new Error(`browser run failed: ${failure} ${errors.join('; ')}`);
  return { seconds, flavour };
}

/** Seconds of one epoch through the CLI (a fresh Node process, as a user runs it). */
function nodeEpoch(round: number): { seconds: number; backend: string } {
  const out = join(scratch, `run-${round}`);
  const json = execFileSync(process.execPath, ['bin/nabla.js', 'train', '--epochs', '1', '--json', '--out', out], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  const history = JSON.parse(json) as { history: Array<{ seconds: number }>; backend: string };
  return { seconds: history.history[0].seconds, backend: history.backend };
}

const browserTimes: number[] = [];
const nodeTimes: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const inBrowser = await browserEpoch();
    const inNode = nodeEpoch(round);
    browserTimes.push(inBrowser.seconds);
    nodeTimes.push(inNode.seconds);
    console.log(`round ${round + 1}: Chromium ${inBrowser.seconds.toFixed(2)} s on wasm (${inBrowser.flavour}), Node CLI ${inNode.seconds.toFixed(2)} s on ${inNode.backend}`);
  }
} finally {
  await browser.close();
  await site.close();
  removeSite(siteDir);
  rmSync(scratch, { recursive: true, force: true });
}
const [b, n] = [median(browserTimes), median(nodeTimes)];
console.log(`course recipe, one epoch (median of ${rounds}): headless Chromium ${b.toFixed(2)} s, Node CLI ${n.toFixed(2)} s, ratio ${(b / n).toFixed(2)}× (goal ≤ 1.3×)`);
