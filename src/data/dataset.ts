// Image-classification datasets on typed arrays: splitting, subsets, seeded shuffling and batching.

import { createRng } from '../core/rng.js';

/**
 * A set of labelled images. Image `i` is `images[i*rows*cols .. (i+1)*rows*cols)`, row-major,
 * with pixels in [0, 1]; its label is `labels[i]`, in [0, numClasses).
 */
export interface Split {
  images: Float32Array;
  labels: Int32Array;
  count: number;
  rows: number;
  cols: number;
  numClasses: number;
}

/** A training and a validation split carved out of one split. */
export interface TrainValidation {
  train: Split;
  validation: Split;
}

/** Options for {@link splitValidation}. */
export interface SplitValidationOptions {
  /** Take the validation images from the end of the split (the default) or from its start. */
  from?: 'end' | 'start';
}

/** One batch of images, `size` rows of `rows*cols` pixels, and their labels. */
export interface Batch {
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

/** Options for {@link batches}. */
export interface BatchesOptions {
  /**
   * Copy every batch into the same two buffers instead of fresh ones (the last, partial batch
   * gets views of their start). Saves allocation, but a batch is only valid until the next one.
   */
  reuse?: boolean;
}

function checkCount(what: string, n: number, max: number): void {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new Error(`${what} must be an integer in [0, ${max}], got ${n}`);
  }
}

/**
 * Images `[start, end)` of `split`, as views that share its memory (no copy).
 *
 * @example
 * slice(mnist.train, 0, 100).count; // 100
 */
export function slice(split: Split, start: number, end: number): Split {
  checkCount('slice start', start, split.count);
  checkCount('slice end', end, split.count);
  if (start > end) throw new Error(`slice start ${start} is after end ${end}`);
  const pixels = split.rows * split.cols;
  return {
    ...split,
    images: split.images.subarray(start * pixels, end * pixels),
    labels: split.labels.subarray(start, end),
    count: end - start,
  };
}

/**
 * Holds out `valSize` images for validation: by default the last `valSize`, the rest being the
 * training split. Both results share `split`'s memory. Throws unless 0 <= valSize < count.
 *
 * @example
 * const { train, validation } = splitValidation(mnist.train, 10_000); // 50,000 + 10,000
 */
export function splitValidation(
  split: Split,
  valSize: number,
  options: SplitValidationOptions = {},
): TrainValidation {
  if (!Number.isInteger(valSize) || valSize < 0 || valSize >= split.count) {
    throw new Error(
      `validation size must be an integer in [0, ${split.count}) to leave training images, ` +
        `got ${valSize} of ${split.count}`,
    );
  }
  const n = split.count;
  if ((options.from ?? 'end') === 'end') {
    return { train: slice(split, 0, n - valSize), validation: slice(split, n - valSize, n) };
  }
  return { train: slice(split, valSize, n), validation: slice(split, 0, valSize) };
}

/**
 * The first `n` images of `split` (views, no copy). Throws unless 0 <= n <= count.
 *
 * @example
 * subset(mnist.test, 1000).count; // 1000
 */
export function subset(split: Split, n: number): Split {
  if (!Number.isInteger(n) || n < 0 || n > split.count) {
    throw new Error(`subset size must be an integer in [0, ${split.count}], got ${n}`);
  }
  return slice(split, 0, n);
}

/**
 * A permutation of 0..n-1 that depends only on `(seed, epoch)`: the same on every machine and
 * run, different for each epoch. Fisher–Yates driven by {@link createRng}(seed, epoch).
 *
 * @example
 * shuffledIndices(5, 42, 0); // e.g. Int32Array [3, 0, 4, 1, 2], always the same
 */
export function shuffledIndices(n: number, seed: number, epoch = 0): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new Error(`shuffledIndices: n must be an integer in [0, 2^31), got ${n}`);
  }
  const rng = createRng(seed, epoch);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The number of batches {@link batches} yields: ceil(n / batchSize). */
export function batchCount(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}

/**
 * Yields the images `indices` picks from `split`, in that order, `batchSize` at a time; the last
 * batch holds the remainder (it is smaller, never dropped). Rows are copied, so a batch is
 * contiguous whatever the order.
 *
 * @example
 * for (const batch of batches(train, shuffledIndices(train.count, seed, epoch), 32)) {
 *   step(batch.images, batch.labels, batch.size); // images: size*784 floats
 * }
 */
export function* batches(
  split: Split,
  indices: ArrayLike<number>,
  batchSize: number,
  options: BatchesOptions = {},
): Generator<Batch, void, undefined> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  }
  const pixels = split.rows * split.cols;
  const n = indices.length;
  const full = Math.min(batchSize, n);
  const sharedImages = options.reuse ? new Float32Array(full * pixels) : undefined;
  const sharedLabels = options.reuse ? new Int32Array(full) : undefined;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const images = sharedImages ? sharedImages.subarray(0, size * pixels) : new Float32Array(size * pixels);
    const labels = sharedLabels ? sharedLabels.subarray(0, size) : new Int32Array(size);
    for (let b = 0; b < size; b++) {
      const i = indices[start + b];
      if (!Number.isInteger(i) || i < 0 || i >= split.count) {
        throw new Error(`batches: index ${i} at position ${start + b} is outside [0, ${split.count})`);
      }
      images.set(split.images.subarray(i * pixels, (i + 1) * pixels), b * pixels);
      labels[b] = split.labels[i];
    }
    yield { images, labels, size };
  }
}
