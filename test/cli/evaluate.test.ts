// Specification of `nabla evaluate`: accuracy, per-class accuracy and confusion matrix of a saved model; errors in one line.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { writeIdx } from '../../src/data/idx.js';
import { mnistFiles } from '../../src/data/mnist.js';
import { saveSafetensors } from '../../src/io/safetensors.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-cli-evaluate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));


// A 3-class problem on 2×2 images: image i lights pixel bright[i]; the model's logit k is 10·pixel k,
// so it predicts bright[i]. Labels disagree twice:
//   true      0 1 2 1 1 0
//   predicted 0 1 2 0 1 2
const bright = [0, 1, 2, 0, 1, 2];
const labels = [0, 1, 2, 1, 1, 0];
const expectedMatrix = [
  [1, 0, 1],
  [1, 2, 0],
  [0, 0, 1],
];

let dataDir: string;
let modelPath: string;
let tenClassModel: string;

beforeAll(() => {
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const images = new Uint8Array(bright.length * 4);
  bright.forEach((k, i) => (images[4 * i + k] = 255));
  for (const [imagesName, labelsName] of [[mnistFiles.trainImages, mnistFiles.trainLabels], [mnistFiles.testImages, mnistFiles.testLabels]]) {
    writeIdx(join(dataDir, imagesName), { dtype: 'uint8', shape: [bright.length, 2, 2], data: images });
    writeIdx(join(dataDir, labelsName), { dtype: 'uint8', shape: [labels.length], data: Uint8Array.from(labels) });
  }
  modelPath = join(root, 'model.safetensors');
  const weight = new Float32Array(12);
  for (let k = 0; k < 3; k++) weight[4 * k + k] = 10;
  saveSafetensors(
    modelPath,
    { '0.weight': { dtype: 'float32', shape: [3, 4], data: weight }, '0.bias': { dtype: 'float32', shape: [3], data: new Float32Array(3) } },
    { format: 'nabla-mlp', architecture: JSON.stringify({ input: 4, hidden: [], output: 3, activation: 'identity' }) },
  );
  tenClassModel = join(root, 'ten.safetensors');
  saveSafetensors(
    tenClassModel,
    { '0.weight': { dtype: 'float32', shape: [10, 4], data: new Float32Array(40) }, '0.bias': { dtype: 'float32', shape: [10], data: new Float32Array(10) } },
    { format: 'nabla-mlp', architecture: JSON.stringify({ input: 4, hidden: [], output: 10, activation: 'identity' }) },
  );
});

/** The test dataset with its training images replaced by a gzip of 10 MB behind a header declaring 6×2×2. */
function bombData(): string {
  const dir = join(root, 'bomb');
  mkdirSync(dir, { recursive: true });
  for (const name of [mnistFiles.trainLabels, mnistFiles.testImages, mnistFiles.testLabels]) copyFileSync(join(dataDir, name), join(dir, name));
  const bomb = new Uint8Array(10_000_000);
  bomb.set([0, 0, 8, 3, 0, 0, 0, 6, 0, 0, 0, 2, 0, 0, 0, 2]);
  writeFileSync(join(dir, `${mnistFiles.trainImages}.gz`), gzipSync(bomb, { level: 1 }));
  return dir;
}

describe('nabla evaluate', () => {
  it('prints the accuracy, the per-class accuracy and the confusion matrix (rows true, columns predicted)', async () => {
    const r = await cli(['evaluate', '--model', modelPath, '--data', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`model ${modelPath}: 4-3 identity`);
    expect(lines[1]).toMatch(/^test accuracy 66\.67% \(4\/6\)/);
    expect(r.stdout).toMatch(/^\s+0\s+2\s+1\s+50\.00%$/m);
    expect(r.stdout).toMatch(/^\s+1\s+3\s+2\s+66\.67%$/m);
    expect(r.stdout).toMatch(/^\s+2\s+1\s+1\s+100\.00%$/m);
    const start = lines.findIndex((l) => l.startsWith('confusion matrix'));
    const rows = lines.slice(start + 2, start + 5).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows).toEqual(expectedMatrix.map((row, t) => [t, ...row]));
  });

  it('--json prints one document with the same numbers', async () => {
    const r = await cli(['evaluate', '--model', modelPath, '--data', dataDir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ model: modelPath, count: 6, correct: 4, confusionMatrix: expectedMatrix });
    expect(doc.architecture).toEqual({ input: 4, hidden: [], output: 3, activation: 'identity' });
    expect(doc.accuracy).toBeCloseTo(4 / 6, 12);
    expect(doc.perClassAccuracy[0]).toBe(0.5);
    expect(doc.perClassAccuracy[1]).toBeCloseTo(2 / 3, 12);
    expect(doc.perClassAccuracy[2]).toBe(1);
  });

  it('--help shows examples and exits 0', async () => {
    const r = await cli(['evaluate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ nabla evaluate --model /);
  });

  const notAModel = () => {
    const path = join(root, 'notes.safetensors');
    writeFileSync(path, 'plain text');
    return path;
  };
  it.each<[string, () => string[], RegExp]>([
    ['no --model', () => ['evaluate'], /required option '--model <file>' not specified/],
    ['a missing model file', () => ['evaluate', '--model', join(root, 'missing.safetensors'), '--data', dataDir], /missing\.safetensors: no such file/],
    ['a file that is not a model', () => ['evaluate', '--model', notAModel(), '--data', dataDir], /notes\.safetensors: not a nabla model file/],
    ['a missing --data directory', () => ['evaluate', '--model', modelPath, '--data', join(root, 'nowhere')], /nowhere: no such dataset directory/],
    ['labels outside the model’s classes', () => ['evaluate', '--model', modelPath], /labels-idx1-ubyte: label \d at index 0 is outside \[0, 3\)/],
    ['a dataset whose images do not fit the model', () => ['evaluate', '--model', tenClassModel], /the dataset has 784 pixels per image \(28×28\), the model expects 4/],
    ['a gzip bomb among the dataset files', () => ['evaluate', '--model', modelPath, '--data', bombData()], /train-images-idx3-ubyte\.gz: gzip data decompresses to more than 40 bytes, the size its IDX header declares \(header 16 \+ 6x2x2 uint8\)$/m],
  ])('%s: one line on stderr, exit code 2', async (_name, args, message) => {
    const r = await cli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
