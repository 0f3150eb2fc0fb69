// Specification of the site in a real browser: the built pages in headless Chromium, training in the worker, drawing, model files, calculus.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFunction } from '../../src/calculus/index.js';
import { defaultMnistDir, mnistFiles } from '../../src/data/mnist.js';
import { writeIdx } from '../../src/data/idx.js';
import { planeData, splitPlane } from '../../web/src/playground/datasets.js';
import { linearDataset } from '../../src/labs/linear-data.js';
import { trainLinearRule } from '../../src/labs/linear-rules.js';
import { buildSite, launchChromium, openPage, removeSite, screenshot, serveStatic } from './site.js';

let siteDir = '';
let site: { url: string; close: () => Promise<void> };
let browser: Browser;
const scratch = mkdtempSync(join(tmpdir(), 'nabla-web-test-'));

beforeAll(async () => {
  siteDir = await buildSite();
  site = await serveStatic(siteDir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  removeSite(siteDir);
  rmSync(scratch, { recursive: true, force: true });
});

/** Fills the recipe form for a short run on a small subset. */
async function smallRecipe(page: Page, recipe: { trainSize: number; epochs: number; impl?: string }): Promise<void> {
  await page.selectOption('#impl', recipe.impl ?? 'autograd');
  await page.fill('#train-size', String(recipe.trainSize));
  await page.fill('#val-size', '500');
  await page.fill('#epochs', String(recipe.epochs));
}

/** The first `count` items of one of MNIST's IDX files, read without loading the rest. */
function mnistPrefix(name: string, count: number, itemBytes: number): Uint8Array {
  const bytes = new Uint8Array(count * itemBytes);
  const fd = openSync(join(defaultMnistDir(), name), 'r');
  try {
    const headerBytes = itemBytes === 1 ? 8 : 16;
    readSync(fd, bytes, 0, bytes.length, headerBytes);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** A small MNIST in `dir`: the first `train` training and `test` test images of the real one, so image i is the same. */
function writeSmallMnist(dir: string, train: number, test: number): void {
  mkdirSync(dir, { recursive: true });
  writeIdx(join(dir, mnistFiles.trainImages), { dtype: 'uint8', shape: [train, 28, 28], data: mnistPrefix(mnistFiles.trainImages, train, 784) });
  writeIdx(join(dir, mnistFiles.trainLabels), { dtype: 'uint8', shape: [train], data: mnistPrefix(mnistFiles.trainLabels, train, 1) });
  writeIdx(join(dir, mnistFiles.testImages), { dtype: 'uint8', shape: [test, 28, 28], data: mnistPrefix(mnistFiles.testImages, test, 784) });
  writeIdx(join(dir, mnistFiles.testLabels), { dtype: 'uint8', shape: [test], data: mnistPrefix(mnistFiles.testLabels, test, 1) });
}

/** Runs `nabla ARGS…` in a child process. */
function nabla(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/nabla.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

const epochRows = (page: Page) => page.locator('#epochs-table tbody tr').count();

/** Polls `condition` (in Node, through the page's locators) until it holds; fails naming `what` after `timeout` ms. */
async function waitUntil(what: string, condition: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The text of every cell, row by row, of the table body under `selector`. */
async function tableCells(page: Page, selector: string): Promise<string[][]> {
  const rows = page.locator(`${selector} tbody tr`);
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allTextContents());
  return out;
}

describe('the home page', () => {
  it('loads with no console errors and links to every page', async () => {
    const { page, errors } = await openPage(browser, `${site.url}index.html`);
    expect(await page.locator('a[href="./mnist.html"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="./calculus.html"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="./playground.html"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'index');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the MNIST page', () => {
  it('trains on a small subset in the worker: the table, the charts and the test accuracy update; a drawn stroke gives 10 probabilities summing to 1', async () => {
    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    await smallRecipe(page, { trainSize: 2000, epochs: 2 });
    await page.click('#train');
    await waitUntil('the test accuracy', async () => !!(await page.getAttribute('#test-accuracy', 'data-value')), 60_000);
    expect(await page.textContent('#error')).toBe('');
    expect(await epochRows(page)).toBe(2);
    const cells = (await tableCells(page, '#epochs-table'))[1];
    expect(cells[1]).toBe('2');
    expect(Number(cells[5].replace('%', ''))).toBeGreaterThan(20); // validation accuracy, chance is 10%
    const testAccuracy = Number(await page.getAttribute('#test-accuracy', 'data-value'));
    expect(testAccuracy).toBeGreaterThan(0.2);
    expect(testAccuracy).toBeLessThanOrEqual(1);
    expect(await page.locator('#chart-accuracy svg').count()).toBe(1);
    expect(await page.locator('#chart-loss svg').count()).toBe(1);
    // the chart draws the validation accuracy of both epochs
    expect(await page.locator('#chart-accuracy svg').textContent()).toContain('validation');

    // a "7" drawn with the mouse: pointer events on the canvas
    await page.locator('#draw').scrollIntoViewIfNeeded();
    const box = (await page.locator('#draw').boundingBox())!;
    const at = (x: number, y: number) => page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await at(0.3, 0.25);
    await page.mouse.down();
    await at(0.7, 0.25);
    await at(0.45, 0.8);
    await page.mouse.up();
    await waitUntil('the probabilities', async () => (await page.getAttribute('#probabilities', 'data-ready')) === 'true');
    const spans = page.locator('#probabilities .probability');
    const p: number[] = [];
    for (let i = 0; i < (await spans.count()); i++) p.push(Number(await spans.nth(i).getAttribute('data-value')));
    expect(p).toHaveLength(10);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await screenshot(page, 'mnist');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pauses, resumes and stops a run of the scratch implementation', async () => {
    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    await smallRecipe(page, { trainSize: 20000, epochs: 5, impl: 'scratch' });
    await page.click('#train');
    await waitUntil('20 batches', async () => Number(await page.getAttribute('#progress', 'value')) > 20, 30_000);
    await page.click('#pause');
    await page.waitForTimeout(300); // the step under way and a progress message in flight land
    const before = await page.textContent('#progress-text');
    await page.waitForTimeout(700);
    expect(await page.textContent('#progress-text')).toBe(before);
    await page.click('#pause'); // now "Resume"
    await waitUntil('progress after resuming', async () => (await page.textContent('#progress-text')) !== before);
    await page.click('#stop');
    await waitUntil('the run to stop', async () => /^stopped after/.test((await page.textContent('#status')) ?? ''));
    expect(await page.isDisabled('#train')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains with TensorFlow.js on its wasm backend in the worker, and draws the runs compared on one chart', async () => {
    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    for (const impl of ['autograd', 'tfjs']) {
      await smallRecipe(page, { trainSize: 1000, epochs: 1, impl });
      await page.click('#train');
      await waitUntil(`the ${impl} run to finish`, async () => /^done/.test((await page.textContent('#status')) ?? ''), 60_000);
    }
    expect(await page.textContent('#error')).toBe('');
    expect(await page.getAttribute('#backend', 'data-flavour')).toBe('tfjs-wasm');
    const rows = await tableCells(page, '#epochs-table');
    expect(rows.map((r) => r[0].split(' ')[1])).toEqual(['autograd', 'tfjs']);
    await waitUntil('the comparison chart', async () => (await page.locator('#chart-compare svg').count()) === 1);
    const legend = (await page.locator('#chart-compare svg').textContent()) ?? '';
    expect(legend).toContain('1: autograd');
    expect(legend).toContain('2: tfjs');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a recipe the CLI would refuse and reports a diverging run, each with its one-line message', async () => {
    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    await page.fill('#lr', '-1');
    await page.click('#train');
    expect(await page.textContent('#error')).toBe('learning rate must be a number > 0, got "-1"');
    await page.fill('#lr', '0.1');
    await page.fill('#hidden', '128,x');
    await page.click('#train');
    expect(await page.textContent('#error')).toBe('hidden widths must be comma-separated integers in [1, 4096], got "128,x"');
    await page.fill('#hidden', '128,64');
    await page.fill('#schedule', 'sometimes');
    await page.click('#train');
    const scheduleMessage = await page.textContent('#error');
    expect(scheduleMessage).toMatch(/sometimes/);
    expect(scheduleMessage).not.toContain('\n');
    // a diverging run: fit's one-line message, shown in the page, and the page stays usable
    await page.fill('#schedule', 'constant');
    await page.fill('#lr', '1e6');
    await page.selectOption('#activation', 'relu'); // unbounded: the logits overflow
    await smallRecipe(page, { trainSize: 500, epochs: 1 });
    await page.click('#train');
    await waitUntil('the divergence message', async () => (await page.textContent('#error')) !== '', 30_000);
    expect(await page.textContent('#error')).toMatch(/^the loss became (NaN|Infinity|-Infinity) at epoch 1, batch \d+\/\d+ \(lr 1000000\); try a lower learning rate/);
    expect(await page.isDisabled('#train')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("loads a model file saved by nabla train and gives nabla predict's answers; saves it back in the same format", async () => {
    // the CLI in a child process, as a user runs it (and so MNIST is not loaded into this test process)
    // on the first 1,200 training and 30 test images of MNIST, so test image 0 is the page's first
    const data = join(scratch, 'mnist-small');
    writeSmallMnist(data, 1200, 30);
    const run = join(scratch, 'run');
    const trained = nabla(['train', '--data', data, '--val-size', '200', '--epochs', '1', '--out', run]);
    expect(trained.status, trained.stderr).toBe(0);
    const predicted = nabla(['predict', '--model', join(run, 'model.safetensors'), '--data', data, '--index', '0', '--json']);
    expect(predicted.status, predicted.stderr).toBe(0);
    const answer = JSON.parse(predicted.stdout) as { predicted: number; probabilities: number[] };

    const { page, errors } = await openPage(browser, `${site.url}mnist.html`);
    await page.setInputFiles('#model-file', join(run, 'model.safetensors'));
    await waitUntil('the strip of the loaded model', async () => (await page.getAttribute('#strip', 'data-model')) === 'loaded from model.safetensors', 30_000);
    expect(await page.textContent('#model-status')).toContain('784-128-64-10 sigmoid');
    const first = page.locator('#strip figure').first();
    expect(Number(await first.getAttribute('data-guess'))).toBe(answer.predicted);
    const p = JSON.parse((await first.getAttribute('data-probabilities'))!) as number[];
    p.forEach((v, i) => expect(v).toBeCloseTo(answer.probabilities[i], 4));

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    const saved = readFileSync((await download.path())!);
    expect(saved.equals(readFileSync(join(run, 'model.safetensors')))).toBe(true);

    // a file that is not a model: the library's one-line message, in the page
    const bogus = join(scratch, 'notes.safetensors');
    rmSync(bogus, { force: true });
    await page.setInputFiles('#model-file', { name: 'notes.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
    await waitUntil('the model error', async () => (await page.textContent('#model-error')) !== '');
    expect(await page.textContent('#model-error')).toMatch(/^notes\.safetensors: not a nabla model file \(not valid safetensors: /);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the playground page', () => {
  it('learns xor well above chance within seconds, redrawing the region and the hidden units', async () => {
    const { page, errors } = await openPage(browser, `${site.url}playground.html`);
    await waitUntil('the first drawing', async () => (await page.getAttribute('#test-accuracy', 'data-value')) !== null);
    expect(await page.inputValue('#dataset')).toBe('xor');
    await page.click('#run');
    await waitUntil('test accuracy above 90% on xor', async () => Number(await page.getAttribute('#test-accuracy', 'data-value')) > 0.9, 15_000);
    await page.click('#run'); // pause
    expect(Number(await page.textContent('#epoch'))).toBeGreaterThan(0);
    expect(await page.locator('#units canvas').count()).toBe(4);
    expect(await page.locator('#loss-chart svg').count()).toBe(1);
    await screenshot(page, 'playground');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("loads the capacity construction: its accuracy is the Bayes rule's on the x₁·x₂ data", async () => {
    const { page, errors } = await openPage(browser, `${site.url}playground.html`);
    await waitUntil('the first drawing', async () => (await page.getAttribute('#test-accuracy', 'data-value')) !== null);
    await page.selectOption('#preset', '1');
    await waitUntil('the product data', async () => (await page.inputValue('#dataset')) === 'product');
    await page.click('#construction');
    await waitUntil('the construction', async () => (await page.textContent('#epoch')) === '0' && (await page.getAttribute('#test-accuracy', 'data-value')) !== null);
    await page.waitForTimeout(300);
    // the same seeded points the page drew (400 points, half for testing); the Bayes rule: 1 where x₁x₂ > 0
    const { test } = splitPlane(planeData('product', 400, 0, 1), 0.5);
    let bayes = 0;
    for (let i = 0; i < test.count; i++) bayes += Number((test.images[2 * i] * test.images[2 * i + 1] > 0 ? 1 : 0) === test.labels[i]);
    expect(Number(await page.getAttribute('#test-accuracy', 'data-value'))).toBeCloseTo(bayes / test.count, 10);
    await page.fill('#hidden', '3');
    await page.locator('#hidden').blur();
    await page.click('#construction');
    await waitUntil('the error message', async () => (await page.textContent('#error')) !== '');
    expect(await page.textContent('#error')).toBe('the construction is a 2-2-1 network with g(z) = z²: set hidden widths 2 and activation square (now 3 and square)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("replays the perceptron rule of the labs epoch by epoch, ending where the library's trainLinearRule ends", async () => {
    const { page, errors } = await openPage(browser, `${site.url}playground.html`);
    await page.fill('#linear-epochs', '50');
    await page.click('#linear-run');
    const expected = trainLinearRule('perceptron', linearDataset('separable'), { lr: 0.1, epochs: 50 });
    expect(expected.converged).toBe(true);
    await waitUntil('the replay to end', async () => (await page.getAttribute('#linear-summary', 'data-epochs')) !== null, 30_000);
    expect(Number(await page.getAttribute('#linear-summary', 'data-epochs'))).toBe(expected.history.length);
    expect(Number(await page.getAttribute('#linear-summary', 'data-accuracy'))).toBe(expected.accuracy);
    expect(await page.textContent('#linear-summary')).toContain('converged');
    const rows = await tableCells(page, '#linear-history');
    expect(rows).toHaveLength(expected.history.length);
    expect(rows.at(-1)![2]).toBe('0'); // no mistake in the last epoch
    await page.locator('#linear-plane').scrollIntoViewIfNeeded();
    await screenshot(page, 'playground-linear');
    await page.fill('#linear-lr', '-1');
    await page.click('#linear-run');
    expect(await page.textContent('#linear-error')).toBe('learning rate must be a positive number, got "-1"');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a one-line message for a bad setting', async () => {
    const { page, errors } = await openPage(browser, `${site.url}playground.html`);
    await waitUntil('the first drawing', async () => (await page.getAttribute('#test-accuracy', 'data-value')) !== null);
    await page.fill('#lr', 'fast');
    await page.press('#lr', 'Enter');
    await page.locator('#lr').blur();
    await waitUntil('the error message', async () => (await page.textContent('#error')) !== '');
    expect(await page.textContent('#error')).toBe('learning rate must be a number in (0, 10], got "fast"');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the calculus page', () => {
  it('lists the five critical points of x² + y² + z² − xyz with their types, the gradient, the Hessian and the computational graph', async () => {
    const { page, errors } = await openPage(browser, `${site.url}calculus.html`);
    await page.waitForSelector('#results:not([hidden])', { timeout: 30_000 });
    const rows = await tableCells(page, '#points');
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['(−2, −2, 2)', 'saddle point'],
      ['(−2, 2, −2)', 'saddle point'],
      ['(0, 0, 0)', 'local minimum'],
      ['(2, −2, −2)', 'saddle point'],
      ['(2, 2, 2)', 'saddle point'],
    ]);
    const gradient = await page.locator('#gradient td.math').allTextContents();
    expect(gradient).toEqual(['= 2x − yz', '= 2y − xz', '= 2z − xy']);
    expect(await page.locator('#hessian tbody tr').first().locator('td.math').allTextContents()).toEqual(['2', '−z', '−y']);
    await screenshot(page, 'calculus');
    // the computational graph, laid out by Graphviz's wasm build in the worker
    await page.fill('#graph-at', 'x=2, y=2, z=2');
    await page.click('#draw-graph');
    await waitUntil('the graph', async () => (await page.locator('#graph svg').count()) === 1, 30_000);
    const graphText = (await page.locator('#graph svg').textContent()) ?? '';
    expect(graphText).toContain('grad');
    expect(graphText).toContain('f');
    await screenshot(page, 'calculus-graph');
    await page.fill('#graph-at', 'x=');
    await page.click('#draw-graph');
    await waitUntil('the graph error', async () => (await page.textContent('#graph-error')) !== '');
    expect(await page.textContent('#graph-error')).toMatch(/^at: /);
    expect(await page.locator('#graph svg').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws a function of two variables as a contour plot, and Newton's path from a start", async () => {
    const { page, errors } = await openPage(browser, `${site.url}calculus.html`);
    await page.waitForSelector('#results:not([hidden])', { timeout: 30_000 });
    expect(await page.isHidden('#plane')).toBe(true); // three variables: no plane to draw
    await page.fill('#expression', '(x - 1)^2 + 2*(y + 2)^2');
    await page.press('#expression', 'Enter');
    await waitUntil('the contour plot', async () => (await page.locator('#contour svg').count()) === 1 && (await page.isVisible('#plane')), 30_000);
    expect((await tableCells(page, '#points')).map((r) => [r[0], r[3]])).toEqual([['(1, −2)', 'local minimum']]);
    await page.fill('#from', '3, 1');
    await page.click('#draw-path');
    await waitUntil('the path', async () => (await page.textContent('#path')) !== '', 30_000);
    // a quadratic: Newton lands on the minimum in one step
    expect(await page.textContent('#path')).toBe("Newton's method from (3, 1): converged after 1 step at (1, −2), f = 0");
    await waitUntil('the path drawn', async () => (await page.locator('#contour svg').textContent())?.includes('min (1, -2)') ?? false);
    await screenshot(page, 'calculus-contour');
    await page.fill('#from', '3');
    await page.click('#draw-path');
    await waitUntil('the error message', async () => (await page.textContent('#error')) !== '');
    expect(await page.textContent('#error')).toBe('from must be two numbers "x, y", got "3"');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a wrong expression's one-line message, the library's own", async () => {
    const { page, errors } = await openPage(browser, `${site.url}calculus.html`);
    await page.waitForSelector('#results:not([hidden])', { timeout: 30_000 });
    const bad = 'x^2 + * y';
    let expected = '';
    try {
      parseFunction(bad);
    } catch (error) {
      expected = (error as Error).message.split('\n')[0];
    }
    expect(expected).not.toBe('');
    await page.fill('#expression', bad);
    await page.press('#expression', 'Enter');
    await waitUntil('the error message', async () => (await page.textContent('#error')) !== '');
    expect(await page.textContent('#error')).toBe(expected);
    expect(await page.isHidden('#results')).toBe(true);
    await screenshot(page, 'calculus-error');
    expect(errors).toEqual([]);
    await page.close();
  });
});
