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

  it('rejects the all-zero state, a fixed point of the generator, and a state of other than four words', () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(/not all zero/);
    expect(() => xoshiro128ss([1, 2, 3])).toThrow('xoshiro128ss: state must be four uint32 words, not all zero');
    expect(() => xoshiro128ss([1, 2, 3, 4, 5])).toThrow('xoshiro128ss: state must be four uint32 words, not all zero');
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

  it('nextInt(1) is always 0, and nextInt(2^32) is the raw 32-bit draw', () => {
    const a = createRng(3);
    const b = createRng(3);
    for (let i = 0; i < 5; i++) expect(a.nextInt(1)).toBe(0);
    for (let i = 0; i < 5; i++) b.nextUint32();
    expect(a.nextInt(2 ** 32)).toBe(b.nextUint32());
  });

  it('nextInt is exactly uniform for a bound that leaves a quarter of the draws to reject (3·2^30)', () => {
    // without rejection the 2^30 smallest values would come up half the time instead of a third
    const rng = createRng(11);
    const bound = 3 * 2 ** 30;
    let small = 0;
    const n = 6000;
    for (let i = 0; i < n; i++) if (rng.nextInt(bound) < 2 ** 30) small++;
    expect(small / n).toBeGreaterThan(0.3);
    expect(small / n).toBeLessThan(0.37);
  });

  it('nextInt rejects a draw equal to its limit 2^32 − (2^32 mod bound), and draws again', () => {
    // a state whose first output is exactly the limit: output = rotl(s1·5, 7)·9, inverted (9⁻¹ and 5⁻¹ mod 2^32)
    const bound = 3 * 2 ** 30;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    const rotr = (x: number, k: number) => ((x >>> k) | (x << (32 - k))) >>> 0;
    const s1 = Math.imul(rotr(Math.imul(limit, 0x38e38e39) >>> 0, 7), 0xcccccccd) >>> 0;
    const state = [0x12345678, s1, 0x9abcdef0, 0x0fedcba9];
    expect(xoshiro128ss(state).nextUint32()).toBe(limit);
    const raw = xoshiro128ss(state);
    raw.nextUint32();
    let second = raw.nextUint32();
    while (second >= limit) second = raw.nextUint32();
    expect(xoshiro128ss(state).nextInt(bound)).toBe(second % bound);
  });

  it('int(n) is floor(n · uniform()): every value of [0, n) comes up', () => {
    const a = createRng(5);
    const b = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const k = a.int(10);
      expect(k).toBe(Math.floor(b.uniform() * 10));
      seen.add(k);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
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
