// Printing: each node is printed once, so the text of any tree comes in time linear in its size.

import { describe, expect, it } from 'vitest';
import { evaluateAt } from '../../src/calculus/evaluate-expression.js';
import { mul, neg, variable } from '../../src/calculus/expression.js';
import type { Expr } from '../../src/calculus/expression.js';
import { formatLatex, formatPretty, formatText } from '../../src/calculus/format-expression.js';
import { parseExpression } from '../../src/calculus/parse-expression.js';

/** −(−(−(x·x)·x)·x)…: a product whose first factor is a negated product, `depth` times. */
function negatedProducts(depth: number): Expr {
  let e: Expr = variable('x');
  for (let i = 0; i < depth; i++) e = mul(neg(e), variable('x'));
  return e;
}

describe('formatText / formatPretty / formatLatex', () => {
  it('prints nested negated products the way they read', () => {
    // −(a·b) = (−a)·b, so the minus signs lead: −(−(−x·x)·x)·x reads −−−x·x·x·x
    expect(formatText(negatedProducts(3))).toBe('---x*x*x*x');
    expect(formatPretty(negatedProducts(2))).toBe('−(−xx)x');
  });

  it('puts a dot after a multi-letter name, so juxtaposed names stay apart', () => {
    expect(formatPretty(parseExpression('constructor*x'))).toBe('constructor·x');
    expect(formatPretty(parseExpression('2*x*y'))).toBe('2xy');
  });

  it('prints a product nested 120 deep without re-printing its factors (linear, not 2^depth)', { timeout: 5000 }, () => {
    const e = negatedProducts(120);
    const text = formatText(e);
    expect(text.match(/x/g)).toHaveLength(121);
    // (−1)^120 x^121 at x = 1.01
    expect(evaluateAt(parseExpression(text), { x: 1.01 })).toBeCloseTo(evaluateAt(e, { x: 1.01 }), 12);
    expect(formatPretty(e).match(/x/g)).toHaveLength(121);
    expect(formatLatex(e).match(/x/g)).toHaveLength(121);
  });
});
