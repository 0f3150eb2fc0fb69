// The shared closeness assertion: what passes, and a failure that names the index, both values and the error.

import { describe, expect, it } from 'vitest';
import { expectClose, isClose } from './expect-close.js';

describe('isClose', () => {
  it('allows atol + rtol·|expected|, no more', () => {
    expect(isClose(1 + 1e-6, 1, { rtol: 1e-6 })).toBe(true);
    expect(isClose(1 + 3e-6, 1, { rtol: 1e-6 })).toBe(false);
    expect(isClose(1e-9, 0, { atol: 1e-8 })).toBe(true);
    expect(isClose(1e-7, 0, { atol: 1e-8 })).toBe(false);
    expect(isClose(0.1 + 0.2, 0.3)).toBe(true);
    expect(isClose(0.31, 0.3)).toBe(false);
  });

  it('matches equal infinities and NaN with NaN (unless equalNaN is false), nothing else', () => {
    expect(isClose(Infinity, Infinity)).toBe(true);
    expect(isClose(-Infinity, Infinity, { atol: 1e300 })).toBe(false);
    expect(isClose(Infinity, 1e308, { rtol: 1 })).toBe(false);
    expect(isClose(NaN, NaN)).toBe(true);
    expect(isClose(NaN, NaN, { equalNaN: false })).toBe(false);
    expect(isClose(NaN, 0, { atol: Infinity })).toBe(false);
    expect(isClose(0, NaN, { atol: Infinity })).toBe(false);
  });
});

describe('expectClose', () => {
  it('passes on numbers, typed arrays and nested arrays within tolerance', () => {
    expectClose(1, 1 + 1e-13);
    expectClose(Float64Array.of(1, 2, 3), [1, 2, 3 + 1e-12], { rtol: 1e-9 });
    expectClose([[1, 2], [3, 4]], [1, 2, 3, 4]);
  });

  it('fails naming the index, both values, the error and the tolerance', () => {
    expect(() => expectClose([1, 2, 3], [1, 2.5, 3], { rtol: 0, atol: 0.1, label: 'dW' })).toThrow(
      '1 of 3 entries not close:\n  dW[1]: actual 2, expected 2.5, error 0.5 > 0.1 (atol 0.1 + rtol 0·|expected|)',
    );
  });

  it('fails on a length mismatch, and on a missing value', () => {
    expect(() => expectClose([1, 2], [1, 2, 3])).toThrow('value: 2 entries, expected 3');
    expect(() => expectClose([], [0])).toThrow('value: 0 entries, expected 1');
    expect(() => expectClose([NaN], [0], { atol: 1 })).toThrow('value[0]: actual NaN, expected 0');
  });

  it('counts every mismatch but lists the first five', () => {
    const message = (() => {
      try {
        expectClose(new Array(8).fill(1), new Array(8).fill(0));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/^8 of 8 entries not close/);
    expect(message).toContain('value[4]');
    expect(message).not.toContain('value[5]');
    expect(message).toContain('… 3 more');
  });
});
