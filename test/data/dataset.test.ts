// Specification of splitting, subsets, seeded shuffling and batching on typed-array datasets.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchCount, batches, shuffledIndices, slice, splitValidation, subset } from '../../src/data/dataset.js';
import type { Split } from '../../src/data/dataset.js';

/** n images of 2x2 pixels; every pixel of image i holds i, and its label is i mod 3. */
function toySplit(n: number): Split {
  const images = new Float32Array(n * 4);
  for (let i = 0; i < n * 4; i++) images[i] = Math.floor(i / 4);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  return { images, labels, count: n, rows: 2, cols: 2, numClasses: 3 };
}

/** The image ids of a toy split, read back from its pixels. */
function ids(split: Split): number[] {
  return Array.from({ length: split.count }, (_, i) => split.images[i * 4]);
}

describe('splitValidation', () => {
  it('holds out the last valSize images by default', () => {
    const { train, validation } = splitValidation(toySplit(10), 3);
    expect(ids(train)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ids(validation)).toEqual([7, 8, 9]);
    expect(Array.from(validation.labels)).toEqual([1, 2, 0]);
    expect([train.count, validation.count]).toEqual([7, 3]);
    expect([validation.rows, validation.cols, validation.numClasses]).toEqual([2, 2, 3]);
  });

  it('can take the validation images from the start instead', () => {
    const { train, validation } = splitValidation(toySplit(5), 2, { from: 'start' });
    expect(ids(validation)).toEqual([0, 1]);
    expect(ids(train)).toEqual([2, 3, 4]);
  });

  it('shares memory with the original split (no copy)', () => {
    const split = toySplit(4);
    const { validation } = splitValidation(split, 1);
    expect(validation.images.buffer).toBe(split.images.buffer);
  });

  it('allows an empty validation set', () => {
    expect(splitValidation(toySplit(3), 0).validation.count).toBe(0);
  });

  it('refuses to leave no training images, or a malformed size', () => {
    expect(() => splitValidation(toySplit(5), 5)).toThrow(/validation size .* got 5 of 5/);
    expect(() => splitValidation(toySplit(5), 9)).toThrow(/got 9 of 5/);
    expect(() => splitValidation(toySplit(5), -1)).toThrow(/got -1/);
    expect(() => splitValidation(toySplit(5), 1.5)).toThrow(/got 1.5/);
  });
});

describe('subset and slice', () => {
  it('subset takes the first n images', () => {
    const s = subset(toySplit(10), 4);
    expect(s.count).toBe(4);
    expect(ids(s)).toEqual([0, 1, 2, 3]);
    expect(s.images.length).toBe(16);
    expect(s.labels.length).toBe(4);
  });

  it('subset accepts n = count and rejects n > count', () => {
    expect(subset(toySplit(3), 3).count).toBe(3);
    expect(() => subset(toySplit(3), 4)).toThrow(/subset size must be an integer in \[0, 3\], got 4/);
  });

  it('slice takes a window', () => {
    expect(ids(slice(toySplit(10), 2, 5))).toEqual([2, 3, 4]);
    expect(() => slice(toySplit(10), 5, 2)).toThrow(/after end/);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation of 0..n-1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), fc.nat(), (n, seed, epoch) => {
        const order = shuffledIndices(n, seed, epoch);
        expect(order).toBeInstanceOf(Int32Array);
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('is the same for the same seed and epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer(), fc.nat(), (n, seed, epoch) => {
        expect(shuffledIndices(n, seed, epoch)).toEqual(shuffledIndices(n, seed, epoch));
      }),
    );
  });

  it('differs between epochs and between seeds', () => {
    const a = shuffledIndices(1000, 42, 0);
    expect(shuffledIndices(1000, 42, 1)).not.toEqual(a);
    expect(shuffledIndices(1000, 43, 0)).not.toEqual(a);
  });

  it('defaults the epoch to 0', () => {
    expect(shuffledIndices(50, 9)).toEqual(shuffledIndices(50, 9, 0));
  });

  it('matches the golden order on every machine', () => {
    // Fisher–Yates over createRng(42, 0), computed independently in Python.
    expect(Array.from(shuffledIndices(10, 42, 0))).toEqual([4, 3, 5, 2, 1, 8, 0, 6, 7, 9]);
  });

  it('moves every element to every position about equally often', () => {
    // 3! = 6 orders of 3 items over 6000 epochs: each should appear about 1000 times.
    const counts = new Map<string, number>();
    for (let epoch = 0; epoch < 6000; epoch++) {
      const key = shuffledIndices(3, 1, epoch).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('rejects invalid sizes and seeds', () => {
    expect(() => shuffledIndices(-1, 0)).toThrow(/n must be/);
    expect(() => shuffledIndices(3, 0.5)).toThrow(/seed/);
  });
});

describe('batches', () => {
  it('covers every index exactly once, in order, with a partial last batch', () => {
    const split = toySplit(10);
    const order = shuffledIndices(10, 3, 0);
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const batch of batches(split, order, 4)) {
      sizes.push(batch.size);
      expect(batch.images.length).toBe(batch.size * 4);
      expect(batch.labels.length).toBe(batch.size);
      for (let b = 0; b < batch.size; b++) {
        const id = batch.images[b * 4];
        // All four pixels of a row come from the same image, and its label follows it.
        expect(Array.from(batch.images.subarray(b * 4, b * 4 + 4))).toEqual([id, id, id, id]);
        expect(batch.labels[b]).toBe(id % 3);
        seen.push(id);
      }
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect(seen).toEqual(Array.from(order));
    expect(batchCount(10, 4)).toBe(3);
  });

  it('covers all indices for any size and batch size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (n, batchSize, seed) => {
        const order = shuffledIndices(n, seed);
        const seen: number[] = [];
        let count = 0;
        for (const batch of batches(toySplit(n), order, batchSize)) {
          expect(batch.size).toBeGreaterThan(0);
          expect(batch.size).toBeLessThanOrEqual(batchSize);
          for (let b = 0; b < batch.size; b++) seen.push(batch.images[b * 4]);
          count++;
        }
        expect(count).toBe(batchCount(n, batchSize));
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('gives each batch fresh buffers by default', () => {
    const all = [...batches(toySplit(6), [0, 1, 2, 3, 4, 5], 2)];
    expect(all.map((b) => Array.from(b.labels))).toEqual([
      [0, 1],
      [2, 0],
      [1, 2],
    ]);
    expect(all[0].images.buffer).not.toBe(all[1].images.buffer);
  });

  it('reuses one pair of buffers when asked', () => {
    const gen = batches(toySplit(5), [4, 3, 2, 1, 0], 2, { reuse: true });
    const first = gen.next().value!;
    const firstBuffer = first.images.buffer;
    expect(Array.from(first.labels)).toEqual([1, 0]);
    const second = gen.next().value!;
    expect(second.images.buffer).toBe(firstBuffer);
    expect(Array.from(second.labels)).toEqual([2, 1]);
    const last = gen.next().value!;
    expect(last.size).toBe(1);
    expect(last.images.buffer).toBe(firstBuffer);
    expect(Array.from(last.images)).toEqual([0, 0, 0, 0]);
  });

  it('rejects bad batch sizes and out-of-range indices', () => {
    expect(() => [...batches(toySplit(3), [0], 0)]).toThrow(/batch size/);
    expect(() => [...batches(toySplit(3), [0, 3], 2)]).toThrow(/index 3 at position 1 is outside \[0, 3\)/);
  });

  it('yields nothing for no indices', () => {
    expect([...batches(toySplit(3), [], 4)]).toEqual([]);
  });
});
