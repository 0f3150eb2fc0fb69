// Specification of seeded random tensors: reproducible streams, ranges and distributions.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, manualSeed, rand, randn } from '../../src/index.js';

function moments(data: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  const mean = s / data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / data.length) };
}

describe('Rng', () => {
  it('produces the same 32-bit stream for a seed on every machine (golden values)', () => {
    const r = new Rng(7);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([1004282400, 2200021487, 1928073449]);
    const r0 = new Rng(0);
    expect([r0.nextUint32(), r0.nextUint32()]).toEqual([3809008728, 1133695204]);
  });

  it('restarts its stream when reseeded', () => {
    const r = new Rng(3);
    const first = [r.uniform(), r.normal(), r.uniform()];
    r.seed(3);
    expect([r.uniform(), r.normal(), r.uniform()]).toEqual(first);
  });

  it('gives different streams for different seeds', () => {
    expect(new Rng(1).nextUint32()).not.toBe(new Rng(2).nextUint32());
  });

  it('draws uniforms in [0, 1) and integers in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const r = new Rng(seed);
        const us = Array.from({ length: 20 }, () => r.uniform());
        const ks = Array.from({ length: 20 }, () => r.int(n));
        expect(us.every((u) => u >= 0 && u < 1)).toBe(true);
        expect(ks.every((k) => Number.isInteger(k) && k >= 0 && k < n)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('rand', () => {
  it('gives the same numbers for the same seed (golden values in float64)', () => {
    expect(Array.from(rand([4], { seed: 42, dtype: 'float64' }).data)).toEqual([
      0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418,
    ]);
    expect(Array.from(rand([2, 3], { seed: 5 }).data)).toEqual(Array.from(rand([2, 3], { seed: 5 }).data));
  });

  it('stores float32 samples as the float32 rounding of the float64 stream', () => {
    const a = rand([8], { seed: 9 });
    const b = rand([8], { seed: 9, dtype: 'float64' });
    expect(a.dtype).toBe('float32');
    for (let i = 0; i < 8; i++) expect(a.data[i]).toBe(Math.fround(b.data[i]));
  });

  it('samples uniformly in [low, high)', () => {
    const t = rand([20000], { seed: 1, low: -2, high: 3, dtype: 'float64' });
    expect(t.shape).toEqual([20000]);
    expect(Math.min(...t.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...t.data)).toBeLessThan(3);
    const { mean, std } = moments(t.data);
    expect(mean).toBeCloseTo(0.5, 1); // (low + high)/2
    expect(std).toBeCloseTo(5 / Math.sqrt(12), 1); // (high − low)/√12
  });

  it('advances a supplied generator, so consecutive draws differ', () => {
    const rng = new Rng(11);
    const a = rand([3], { rng, dtype: 'float64' });
    const b = rand([3], { rng, dtype: 'float64' });
    expect(Array.from(a.data)).not.toEqual(Array.from(b.data));
    const again = new Rng(11);
    expect(Array.from(rand([3], { rng: again, dtype: 'float64' }).data)).toEqual(Array.from(a.data));
  });

  it('uses the global generator when given no seed, reset by manualSeed', () => {
    manualSeed(123);
    const a = rand([4], { dtype: 'float64' });
    const b = rand([4], { dtype: 'float64' });
    expect(Array.from(a.data)).not.toEqual(Array.from(b.data));
    manualSeed(123);
    expect(Array.from(rand([4], { dtype: 'float64' }).data)).toEqual(Array.from(a.data));
    expect(Array.from(rand([4], { seed: 123, dtype: 'float64' }).data)).toEqual(Array.from(a.data));
  });

  it('leaves the global generator alone when given a seed', () => {
    manualSeed(5);
    const expected = rand([2], { dtype: 'float64' });
    manualSeed(5);
    rand([10], { seed: 77 });
    expect(Array.from(rand([2], { dtype: 'float64' }).data)).toEqual(Array.from(expected.data));
  });

  it('can make a tracked leaf and empty or 0-d tensors', () => {
    expect(rand([2], { seed: 1, requiresGrad: true }).requiresGrad).toBe(true);
    expect(rand([0, 3], { seed: 1 }).size).toBe(0);
    expect(rand([], { seed: 1 }).shape).toEqual([]);
  });

  it('rejects an invalid shape', () => {
    expect(() => rand([-1])).toThrow(/rand: invalid shape \[-1\]/);
  });
});

describe('randn', () => {
  it('gives the same numbers for the same seed (golden values in float64)', () => {
    expect(Array.from(randn([4], { seed: 42, dtype: 'float64' }).data)).toEqual([
      0.6953712153418404, 0.5878986391985577, 2.242263762064122, 0.2149308925848208,
    ]);
  });

  it('has mean 0 and standard deviation 1 by default', () => {
    const { mean, std } = moments(randn([20000], { seed: 2, dtype: 'float64' }).data);
    expect(Math.abs(mean)).toBeLessThan(0.03); // ≈ 4 standard errors of 1/√20000
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });

  it('scales and shifts by std and mean', () => {
    const { mean, std } = moments(randn([20000], { seed: 3, mean: 5, std: 0.1, dtype: 'float64' }).data);
    expect(Math.abs(mean - 5)).toBeLessThan(0.005);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.005);
  });

  it('is roughly Gaussian: about 68% of samples lie within one standard deviation', () => {
    const t = randn([20000], { seed: 4, dtype: 'float64' });
    const inside = Array.from(t.data).filter((v) => Math.abs(v) < 1).length / t.size;
    expect(Math.abs(inside - 0.6827)).toBeLessThan(0.02);
  });

  it('is finite everywhere', () => {
    expect(Array.from(randn([5000], { seed: 8 }).data).every(Number.isFinite)).toBe(true);
  });
});
