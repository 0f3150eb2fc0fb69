// The reference backend's special functions in float64: erf to the last bit, sigmoid without overflow in its tails.

import { describe, expect, it } from 'vitest';
import { erf, sigmoid, softplus } from '../../../src/backend/reference/special.js';

// correctly rounded values (CPython's math.erf, from the C library)
const erfReference: Array<[number, number]> = [
  [2.9999, 0.9999778955735178],
  [3, 0.9999779095030014],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [4.5, 0.9999999998033839],
  [5, 0.9999999999984626],
  [5.5, 0.9999999999999927],
  [5.9, 0.9999999999999999],
  [-4, -0.9999999845827421],
];

describe('erf', () => {
  it.each(erfReference)('erf(%d) is within one ulp of the correctly rounded value (the series below 3, the continued fraction above)', (x, expected) => {
    // one ulp in [0.5, 1) is ε/2; the series alone is off by up to 7 ulp from 3 on, the continued fraction is exact there
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(Number.EPSILON / 2);
  });

  it('is ±1 from |x| = 6 on, odd, 0 at ±0 (sign kept), and NaN at NaN', () => {
    expect([erf(6), erf(-6), erf(40), erf(-Infinity), erf(Infinity)]).toEqual([1, -1, 1, -1, 1]);
    expect(Object.is(erf(0), 0)).toBe(true);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(NaN)).toBeNaN();
    for (const x of [0.1, 1, 2.5, 3.2, 5]) expect(erf(-x)).toBe(-erf(x));
  });
});

describe('sigmoid', () => {
  it('keeps its far negative tail: sigmoid(−720) = e^−720 (a subnormal number), not the 0 that 1/(1 + e^720) gives', () => {
    expect(sigmoid(-720)).toBeGreaterThan(0);
    expect(sigmoid(-720)).toBe(Math.exp(-720));
    expect(sigmoid(-800)).toBe(0); // past the smallest subnormal
    expect([sigmoid(0), sigmoid(800), sigmoid(-Infinity), sigmoid(Infinity)]).toEqual([0.5, 1, 0, 1]);
    expect(sigmoid(NaN)).toBeNaN();
  });
});

describe('softplus', () => {
  it('is log(1 + e^x) without overflow: x itself far out, e^x far in', () => {
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(-40)).toBe(Math.exp(-40));
    expect(softplus(0)).toBe(Math.LN2);
  });
});
