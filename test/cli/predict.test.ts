// Specification of `nabla predict`: the digit in a test image or a PNG, with class probabilities; errors in one line.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { subset } from '../../src/data/dataset.js';
import { writeIdx } from '../../src/data/idx.js';
import { loadMnist, mnistFiles, type Mnist } from '../../src/data/mnist.js';
import { saveSafetensors } from '../../src/io/safetensors.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { defaultConfig } from '../../src/train/config.js';
import { fit } from '../../src/train/fit.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-cli-predict-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));


/** A grayscale PNG (stored as RGBA) whose pixel (x, y) has luminance byte `value(x, y)`. */
function grayPng(path: string, width: number, height: number, value: (x: number, y: number) => number): string {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const v = value(x, y);
    image.data.set([v, v, v, 255], 4 * (y * width + x));
  }
  writeFileSync(path, PNG.sync.write(image));
  return path;
}

const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((v) => v / s);
};

// A 3-class model on 2×2 images whose logit k is 10·pixel k, and a test set lighting pixels 0, 1, 2, 0.
let dataDir: string;
let tinyModel: string;
beforeAll(() => {
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const bright = [0, 1, 2, 0];
  const images = new Uint8Array(16);
  bright.forEach((k, i) => (images[4 * i + k] = 255));
  for (const [imagesName, labelsName] of [[mnistFiles.trainImages, mnistFiles.trainLabels], [mnistFiles.testImages, mnistFiles.testLabels]]) {
    writeIdx(join(dataDir, imagesName), { dtype: 'uint8', shape: [4, 2, 2], data: images });
    writeIdx(join(dataDir, labelsName), { dtype: 'uint8', shape: [4], data: Uint8Array.of(0, 1, 2, 1) });
  }
  tinyModel = join(root, 'tiny.safetensors');
  const weight = new Float32Array(12);
  for (let k = 0; k < 3; k++) weight[4 * k + k] = 10;
  saveSafetensors(
    tinyModel,
    { '0.weight': { dtype: 'float32', shape: [3, 4], data: weight }, '0.bias': { dtype: 'float32', shape: [3], data: new Float32Array(3) } },
    { format: 'nabla-mlp', architecture: JSON.stringify({ input: 4, hidden: [], output: 3, activation: 'identity' }) },
  );
});

/** A 1×1 PNG whose IHDR is patched (CRC and all) to declare 65535×65535. */
function bombPng(): string {
  const bytes = Uint8Array.from(PNG.sync.write(new PNG({ width: 1, height: 1 })));
  const view = new DataView(bytes.buffer);
  view.setUint32(16, 65535);
  view.setUint32(20, 65535);
  view.setUint32(29, crc32(bytes.subarray(12, 29)));
  const path = join(root, 'bomb.png');
  writeFileSync(path, bytes);
  return path;
}

/** The tiny model with weight [1, 1] set to NaN. */
function nanModel(): string {
  const weight = new Float32Array(12);
  weight[5] = Number.NaN;
  const path = join(root, 'nan.safetensors');
  saveSafetensors(
    path,
    { '0.weight': { dtype: 'float32', shape: [3, 4], data: weight }, '0.bias': { dtype: 'float32', shape: [3], data: new Float32Array(3) } },
    { format: 'nabla-mlp', architecture: JSON.stringify({ input: 4, hidden: [], output: 3, activation: 'identity' }) },
  );
  return path;
}

/** A file of a few hundred bytes whose architecture declares 3 billion parameters. */
function hugeModel(): string {
  const path = join(root, 'huge.safetensors');
  const one = { dtype: 'float32' as const, shape: [1, 1], data: Float32Array.of(1) };
  saveSafetensors(path, { '0.weight': one }, { architecture: JSON.stringify({ input: 1e7, hidden: [], output: 300, activation: 'sigmoid' }) });
  return path;
}

describe('nabla predict --index', () => {
  it('prints the predicted class, its probability and a bar per class', async () => {
    const r = await cli(['predict', '--model', tinyModel, '--data', dataDir, '--index', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('test image 3 (label 1)');
    const p = softmax([10, 0, 0]);
    expect(lines[1]).toBe(`predicted 0 with probability ${(100 * p[0]).toFixed(1)}%`);
    const bars = lines.slice(3);
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatch(/^ 0 │█{29}.* 100\.0%  ◀$/);
    expect(bars[1]).toMatch(/^ 1 │ +0\.0%$/);
  });

  it('--json prints one document with the label, the prediction and every probability', async () => {
    const r = await cli(['predict', '--model', tinyModel, '--data', dataDir, '--index', '1', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ model: tinyModel, input: { index: 1 }, label: 1, predicted: 1 });
    const expected = softmax([0, 10, 0]);
    expect(doc.probabilities).toHaveLength(3);
    doc.probabilities.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i], 6));
  });
});

describe('nabla predict --image', () => {
  it('reads a white-on-black PNG as it is', async () => {
    // 2×2: pixel 2 (bottom left) lit
    const png = grayPng(join(root, 'lit2.png'), 2, 2, (x, y) => (x === 0 && y === 1 ? 255 : 0));
    const doc = JSON.parse((await cli(['predict', '--model', tinyModel, '--image', png, '--json'])).stdout);
    expect(doc.predicted).toBe(2);
    expect(doc.label).toBeNull();
    expect(doc.input).toEqual({ image: png, width: 2, height: 2, inverted: false });
  });

  it('inverts a dark digit on a light background and resizes it by area', async () => {
    // 8×8 white page, the top-right 4×4 block black: after inversion and 2×2 area averaging, pixel 1 is lit
    const png = grayPng(join(root, 'dark1.png'), 8, 8, (x, y) => (x >= 4 && y < 4 ? 0 : 255));
    const r = await cli(['predict', '--model', tinyModel, '--image', png]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`${png} (inverted: dark digit on light background)`);
    expect(r.stdout).toMatch(/^predicted 1 with probability/m);
  });
});

describe('nabla predict with a network trained on MNIST', () => {
  let mnist: Mnist;
  let runDir: string;
  beforeAll(async () => {
    mnist = loadMnist();
    runDir = join(root, 'run');
    const config = { ...defaultConfig, hidden: [32], activation: 'relu' as const, epochs: 1 };
    await fit({ config, learner: new AutogradLearner(config), train: subset(mnist.train, 2000), validation: subset(mnist.test, 100), outDir: runDir, backend: 'reference' });
  });

  it('reads test image 0 (a 7) as a 7', async () => {
    expect(mnist.test.labels[0]).toBe(7);
    const doc = JSON.parse((await cli(['predict', '--model', runDir, '--index', '0', '--json'])).stdout);
    expect(doc.label).toBe(7);
    expect(doc.predicted).toBe(7);
    expect(doc.probabilities).toHaveLength(10);
    expect(doc.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('gives the same probabilities for that image drawn black on white at 56×56 in a PNG', async () => {
    // each MNIST pixel becomes a 2×2 block of 255 − value: area averaging and inversion undo both
    const pixel = (x: number, y: number) => Math.round(255 * mnist.test.images[Math.floor(y / 2) * 28 + Math.floor(x / 2)]);
    const png = grayPng(join(root, 'seven.png'), 56, 56, (x, y) => 255 - pixel(x, y));
    const fromIndex = JSON.parse((await cli(['predict', '--model', runDir, '--index', '0', '--json'])).stdout);
    const fromImage = JSON.parse((await cli(['predict', '--model', runDir, '--image', png, '--json'])).stdout);
    expect(fromImage.input.inverted).toBe(true);
    expect(fromImage.predicted).toBe(7);
    fromImage.probabilities.forEach((p: number, c: number) => expect(p).toBeCloseTo(fromIndex.probabilities[c], 5));
  });
});

describe('nabla predict errors: one line on stderr, exit code 2', () => {
  const textFile = () => {
    const path = join(root, 'digit.png');
    writeFileSync(path, 'this is not a PNG');
    return path;
  };
  it.each<[string, () => string[], RegExp]>([
    ['no --model', () => ['predict', '--index', '0'], /required option '--model <file>' not specified/],
    ['neither --index nor --image', () => ['predict', '--model', tinyModel], /give exactly one of --index N and --image FILE/],
    ['both --index and --image', () => ['predict', '--model', tinyModel, '--index', '0', '--image', 'x.png'], /give exactly one of --index N and --image FILE/],
    ['--data with --image', () => ['predict', '--model', tinyModel, '--image', 'x.png', '--data', dataDir], /--data applies to --index only/],
    ['a negative --index', () => ['predict', '--model', tinyModel, '--index', '-1'], /--index must be an integer ≥ 0, got "-1"/],
    ['an --index out of range', () => ['predict', '--model', tinyModel, '--data', dataDir, '--index', '4'], /--index 4 is out of range: the test set has 4 images \(0 to 3\)/],
    ['a missing model file', () => ['predict', '--model', join(root, 'none.safetensors'), '--index', '0'], /none\.safetensors: no such file/],
    ['a model file that is not a model', () => ['predict', '--model', textFile(), '--index', '0'], /digit\.png: not a nabla model file/],
    ['a missing PNG', () => ['predict', '--model', tinyModel, '--image', join(root, 'gone.png')], /gone\.png: no such file/],
    ['a file that is not a PNG', () => ['predict', '--model', tinyModel, '--image', textFile()], /digit\.png: not a PNG file/],
    ['a model with a NaN weight (not "probability NaN%")', () => ['predict', '--model', nanModel(), '--data', dataDir, '--index', '0'], /nan\.safetensors: tensor 0\.weight holds NaN at index 5 \(\[1, 1\]\): the weights are not finite$/m],
    ['a 69-byte PNG declaring 65535×65535', () => ['predict', '--model', tinyModel, '--image', bombPng()], /bomb\.png: the PNG declares 65,535×65,535 pixels, more than the limit of 4,096 pixels a side$/m],
    ['a tiny file declaring a huge network', () => ['predict', '--model', hugeModel(), '--index', '0'], /huge\.safetensors: the architecture 10000000-300 declares 3,000,000,300 parameters, more than the limit of 100,000,000$/m],
  ])('%s', async (_name, args, message) => {
    const r = await cli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('--help shows examples and the PNG conversion, and exits 0', async () => {
    const r = await cli(['predict', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ nabla predict --model .* --index 0/);
    expect(r.stdout).toMatch(/area\s+averaging/);
  });
});
