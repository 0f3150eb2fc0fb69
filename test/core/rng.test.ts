// Specification of the one seeded PRNG: the published xoshiro128** stream, its two seedings, fixed seeds, uniformity.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, Rng, xoshiro128ss } from '../../src/core/rng.js';

describe('xoshiro128ss', () => {
  it('produces the reference xoshiro128** outputs for state [1, 2, 3, 4]', () => {
    // Values from Vigna's reference C implementation, recomputed independently in Python.
    const rng = xoshiro128ss([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('rejects the all-zero state, a fixed point of the generator', () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(/not all zero/);
  });
});

describe('createRng', () => {
  it('gives the same stream on every machine for a given seed (golden values)', () => {
    // Golden values computed by an independent Python model of the splitmix32 seeding.
    const rng = createRng(42, 0);
    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual([
      300084499, 947908105, 3802291710, 3078834696, 2084620218,
    ]);
  });

  it('keeps negative seeds and seeds above 2^32 distinct from their low 32 bits', () => {
    expect(createRng(-1).nextUint32()).toBe(1292791899);
    expect(createRng(2 ** 32 - 1).nextUint32()).toBe(744412913);
    expect(createRng(2 ** 32 + 7).nextUint32()).not.toBe(createRng(7).nextUint32());
  });

  it('differs when any key differs', () => {
    expect(createRng(1, 0).nextUint32()).not.toBe(createRng(1, 1).nextUint32());
    expect(createRng(1, 0).nextUint32()).not.toBe(createRng(0, 1).nextUint32());
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(0.5)).toThrow(/not a safe integer/);
    expect(() => createRng(Number.NaN)).toThrow(/not a safe integer/);
  });

  it('next() lies in [0, 1) and nextInt(b) in [0, b)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 32 }), (seed, bound) => {
        const rng = createRng(seed);
        const x = rng.next();
        const k = rng.nextInt(bound);
        return x >= 0 && x < 1 && Number.isInteger(k) && k >= 0 && k < bound;
      }),
    );
  });

  it('nextInt is roughly uniform (chi-square over 10 bins)', () => {
    const rng = createRng(7);
    const counts = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[rng.nextInt(10)]++;
    const expected = n / 10;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('nextInt rejects bounds outside [1, 2^32]', () => {
    const rng = createRng(1);
    expect(() => rng.nextInt(0)).toThrow(/bound 0/);
    expect(() => rng.nextInt(2.5)).toThrow(/bound 2.5/);
    expect(() => rng.nextInt(2 ** 32 + 1)).toThrow(/bound/);
  });
});

describe('one generator for every seeded stream', () => {
  it('createRng() with no keys is new Rng(0): both seed xoshiro128** with splitmix32 from 0', () => {
    const a = createRng();
    const b = new Rng(0);
    expect(Array.from({ length: 4 }, () => a.nextUint32())).toEqual(Array.from({ length: 4 }, () => b.nextUint32()));
  });

  it('new Rng(seed) uses the integer part of the seed, modulo 2^32 (NaN as 0)', () => {
    expect(new Rng(7.9).nextUint32()).toBe(new Rng(7).nextUint32());
    expect(new Rng(2 ** 32 + 7).nextUint32()).toBe(new Rng(7).nextUint32());
    expect(new Rng(Number.NaN).nextUint32()).toBe(new Rng(0).nextUint32());
  });

  it('next() is one 32-bit draw, uniform() two draws with 53 bits, both in [0, 1)', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    expect(a.next()).toBe(b.nextUint32() / 2 ** 32);
    const u = a.uniform();
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    b.nextUint32();
    b.nextUint32();
    expect(a.nextUint32()).toBe(b.nextUint32());
  });
});
