// Polynomials from expressions: expansion, and the size of what a polynomial sums at a point.

import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/calculus/parse-expression.js';
import { evaluatePolynomial, polynomialFrom, termMagnitude } from '../../src/calculus/polynomial.js';

const poly = (text: string, vars: string[]) => polynomialFrom(parseExpression(text), vars)!;

describe('termMagnitude', () => {
  it('sums |c|·∏|xᵢ|^eᵢ over the terms, so cancellation cannot hide their size', () => {
    // the derivative of x³/3 − 2e12·x at its root √2·10⁶: its value is rounding, its terms are 2e12 each
    const p = poly('x^2 - 2000000000000', ['x']);
    const x = Math.SQRT2 * 1e6;
    expect(Math.abs(evaluatePolynomial(p, [x]))).toBeLessThan(1e-12 * termMagnitude(p, [x]));
    expect(termMagnitude(p, [x])).toBe(x * x + 2e12);
    expect(termMagnitude(poly('x*y - 3*y^2 + 5', ['x', 'y']), [2, 1])).toBe(2 + 3 + 5);
    expect(termMagnitude(poly('x*y - 3*y^2 + 5', ['x', 'y']), [-2, -1])).toBe(2 + 3 + 5); // moduli: signs do not matter
    expect(termMagnitude(poly('x - x', ['x']), [7])).toBe(0); // no terms
  });
});
