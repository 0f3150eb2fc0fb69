// Symbolic derivatives: the forms a student writes, piecewise rules for relu/max, and agreement with autodiff.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivativesAt } from '../../src/calculus/derivatives.js';
import { differentiate } from '../../src/calculus/differentiate.js';
import { evaluateAt } from '../../src/calculus/evaluate-expression.js';
import { formatLatex, formatPretty, formatText } from '../../src/calculus/format-expression.js';
import { parseExpression } from '../../src/calculus/parse-expression.js';

const d = (s: string, x: string): string => formatPretty(differentiate(parseExpression(s), x));

describe('differentiate', () => {
  it('gives the course gradient of x²y + xy² − 6xy', () => {
    expect(d('x^2*y + x*y^2 - 6*x*y', 'x')).toBe('2xy + y² − 6y');
    expect(d('x^2*y + x*y^2 - 6*x*y', 'y')).toBe('x² + 2xy − 6x');
    expect(formatText(differentiate(parseExpression('x^2*y + x*y^2 - 6*x*y'), 'x'))).toBe('2*x*y + y^2 - 6*y');
    expect(formatLatex(differentiate(parseExpression('x^2*y + x*y^2 - 6*x*y'), 'y'))).toBe('x^{2} + 2 x y - 6 x');
  });

  it('differentiates relu piecewise, undefined at the kink', () => {
    expect(d('relu(b + x*w)', 'b')).toBe('{1 if wx + b > 0; 0 if wx + b < 0}');
    expect(d('relu(b + x*w)', 'w')).toBe('{x if wx + b > 0; 0 if wx + b < 0}');
  });

  it('differentiates leaky relu written as max(0.1x, x)', () => {
    expect(d('max(0.1*x, x)', 'x')).toBe('{0.1 if x < 0; 1 if x > 0}');
  });

  it('knows tanh, sigmoid, softplus, erf and gelu', () => {
    expect(d('tanh(x)', 'x')).toBe('1 − tanh(x)²');
    expect(d('sigmoid(x)', 'x')).toBe('σ(x)(1 − σ(x))');
    expect(d('softplus(x)', 'x')).toBe('σ(x)');
    expect(d('erf(x)', 'x')).toBe('2·exp(−x²)/√π');
    expect(d('sqrt(x)', 'x')).toBe('1/(2√x)');
  });

  const smooth = ['x^2*y + sin(x*y)', 'exp(-x^2 - y^2)*x', 'gelu(x*y)', 'erf(x - y)', 'sigmoid(x)*tanh(y)', 'log(1 + x^2 + y^2)', 'softplus(x*y)/(1 + y^2)', 'x^y'];
  it.each(smooth)('agrees with autodiff for %s', (source) => {
    const e = parseExpression(source);
    const dx = differentiate(e, 'x');
    const dy = differentiate(e, 'y');
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (x, y) => {
        const auto = derivativesAt(e, ['x', 'y'], [[x, y]]).gradients[0]!;
        expect(evaluateAt(dx, { x, y })).toBeCloseTo(auto[0]!, 9);
        expect(evaluateAt(dy, { x, y })).toBeCloseTo(auto[1]!, 9);
      }),
      { numRuns: 20 },
    );
  });

  it('agrees with autodiff for relu and max away from the kink', () => {
    const e = parseExpression('relu(b + x*w) + max(0.1*x, x)');
    for (const [b, w, x] of [[0.5, 2, 1], [-3, 1, 1], [0.3, -1, -2]]) {
      const auto = derivativesAt(e, ['b', 'w', 'x'], [[b!, w!, x!]]).gradients[0]!;
      ['b', 'w', 'x'].forEach((v, i) => expect(evaluateAt(differentiate(e, v), { b: b!, w: w!, x: x! })).toBeCloseTo(auto[i]!, 12));
    }
  });
});
