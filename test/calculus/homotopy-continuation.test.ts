// Homotopy continuation finds every solution of small polynomial systems, including singular and complex ones.

import { describe, expect, it } from 'vitest';
import { solvePolynomialSystem } from '../../src/calculus/homotopy-continuation.js';
import { polynomialFrom } from '../../src/calculus/polynomial.js';
import { parseExpression } from '../../src/calculus/parse-expression.js';

const system = (texts: string[], vars: string[]) => texts.map((t) => polynomialFrom(parseExpression(t), vars)!);

describe('solvePolynomialSystem', () => {
  it('tracks one path per Bézout root and reaches all four solutions of x² = 1, y² = 4', () => {
    const r = solvePolynomialSystem(system(['x^2 - 1', 'y^2 - 4'], ['x', 'y']));
    expect(r.paths).toBe(4);
    const found = r.endpoints.map((e) => e.re.map((v) => Math.round(v)).join(',')).sort();
    expect(found).toEqual(['-1,-2', '-1,2', '1,-2', '1,2']);
    for (const e of r.endpoints) expect(e.residual).toBeLessThan(1e-12);
  });

  it('finds complex solutions: x² + 1 = 0 gives ±i', () => {
    const r = solvePolynomialSystem(system(['x^2 + 1'], ['x']));
    const ims = r.endpoints.map((e) => Math.round(e.im[0]!)).sort();
    expect(ims).toEqual([-1, 1]);
  });

  it('marks paths that go to infinity: xy = 1, x = 2 has one finite solution of two paths', () => {
    const r = solvePolynomialSystem(system(['x*y - 1', 'x - 2'], ['x', 'y']));
    expect(r.paths).toBe(2);
    const finite = r.endpoints.filter((e) => e.status !== 'diverged');
    expect(finite).toHaveLength(1);
    expect(finite[0]!.re[0]).toBeCloseTo(2, 10);
    expect(finite[0]!.re[1]).toBeCloseTo(0.5, 10);
  });

  it('converges onto a double root from two paths', () => {
    const r = solvePolynomialSystem(system(['(x - 1)^2'], ['x']));
    for (const e of r.endpoints) expect(e.re[0]).toBeCloseTo(1, 6);
  });
});
