// Simplification keeps the value of the expression and writes terms in a student's order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAt } from '../../src/calculus/evaluate-expression.js';
import { formatPretty } from '../../src/calculus/format-expression.js';
import { parseExpression } from '../../src/calculus/parse-expression.js';
import { derivative } from '../../src/calculus/differentiate.js';
import { gradientAt } from '../../src/calculus/derivatives-at-point.js';
import { SimplificationTooLargeError, simplifiesEqual, simplify } from '../../src/calculus/simplify.js';

const s = (text: string): string => formatPretty(simplify(parseExpression(text)));

describe('simplify', () => {
  it('collects like terms and expands polynomial products', () => {
    expect(s('x*y + y*x + 0*z')).toBe('2xy');
    expect(s('(x - y)^2')).toBe('x² − 2xy + y²');
    expect(s('x - x')).toBe('0');
  });

  it('keeps fractions and roots exact', () => {
    expect(s('x/2 + x/3')).toBe('5x/6');
    expect(s('sqrt(2)*sqrt(2)*x')).toBe('2x');
  });

  it('decides equality of equal polynomials', () => {
    expect(simplifiesEqual(parseExpression('(x + 1)^3'), parseExpression('x^3 + 3x^2 + 3x + 1'))).toBe(true);
    expect(simplifiesEqual(parseExpression('(x + 1)^2'), parseExpression('x^2 + 1'))).toBe(false);
  });

  const atom = fc.constantFrom('x', 'y', '2', '3', '0.5', 'sin(x)', 'exp(y)');
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      tie('e').map((a) => `(${a})^2`),
    ),
  })).e;

  it('never changes the value of an expression', () => {
    fc.assert(
      fc.property(expr, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (text, x, y) => {
        const e = parseExpression(text);
        const before = evaluateAt(e, { x, y });
        const after = evaluateAt(simplify(e), { x, y });
        expect(after).toBeCloseTo(before, Math.max(0, 8 - Math.log10(1 + Math.abs(before))));
      }),
      { numRuns: 150 },
    );
  });
});

describe('simplify within its work limit', () => {
  const product = (n: number): string => `${Array.from({ length: n }, (_, i) => `(1 + x/${i + 1})`).join('*')}*y`;

  it('stops on ∂/∂y of (1 + x)(1 + x/2)⋯(1 + x/250)·y, naming the limit, instead of building megabytes of text', { timeout: 10_000 }, () => {
    expect(() => simplify(derivative(parseExpression(product(250)), 'y'))).toThrow(SimplificationTooLargeError);
    expect(() => simplify(derivative(parseExpression(product(250)), 'y'))).toThrow(/more than 2000000 work units \(limit 2000000\)/);
  });

  it('gradientAt still gives the numbers, and says why the symbolic form is omitted', () => {
    const r = gradientAt(product(250), { x: 0, y: 3 });
    expect(r.gradient).toEqual([expect.closeTo(3 * Array.from({ length: 250 }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b), 9), 1]);
    expect(r.symbolic[1]!.omitted).toMatch(/too large to show: more than 2000000 work units/);
  });
});
