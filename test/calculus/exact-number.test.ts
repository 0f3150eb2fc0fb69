// Exact display of coordinates: simple rationals and square roots of them.

import { describe, expect, it } from 'vitest';
import { recognizeExact } from '../../src/calculus/exact-number.js';

describe('recognizeExact', () => {
  it.each([
    [1.5, '3/2'],
    [-0.25, '-1/4'],
    [0, '0'],
    [6, '6'],
    [Math.SQRT2, '√2'],
    [-Math.SQRT1_2, '-√2/2'],
    [Math.sqrt(8), '2√2'],
    [Math.sqrt(3) / 2, '√3/2'],
    [1.5 + 5e-10, '3/2'],
  ])('%d is %s', (x, text) => {
    expect(recognizeExact(x)?.text).toBe(text);
  });

  it('leaves other numbers alone', () => {
    expect(recognizeExact(Math.PI)).toBeNull();
    expect(recognizeExact(3.385154)).toBeNull();
    expect(recognizeExact(1.5 + 1e-6)).toBeNull();
  });
});
