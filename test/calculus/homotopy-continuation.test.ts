// Homotopy continuation finds every solution of small polynomial systems, including singular and complex ones.

import { describe, expect, it } from 'vitest';
import { bezoutNumber, solvePolynomialSystem, TooManyPathsError } from '../../src/calculus/homotopy-continuation.js';
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
    for (const e of r.endpoints) {
      expect(e.re[0]).toBeCloseTo(1, 6);
      expect(e.status).toBe('converged');
      expect(e.residual).toBeLessThan(1e-12);
    }
  });
});

describe('solvePolynomialSystem: the Bézout count and degenerate systems', () => {
  it('tracks ∏ deg pᵢ paths: 2·3 = 6 for x² − 1, y³ − x', () => {
    const polys = system(['x^2 - 1', 'y^3 - x'], ['x', 'y']);
    expect(bezoutNumber(polys)).toBe(6);
    const r = solvePolynomialSystem(polys);
    expect(r.paths).toBe(6);
    expect(r.endpoints).toHaveLength(6);
    for (const e of r.endpoints) {
      expect(e.status).toBe('converged');
      expect(e.residual).toBeLessThan(1e-12);
    }
  });

  it('a constant equation (degree 0) or the zero polynomial has no solutions: Bézout number 0, no paths', () => {
    for (const texts of [['x - 1', '3'], ['x - 1', '0*y']]) {
      const polys = system(texts, ['x', 'y']);
      expect(bezoutNumber(polys)).toBe(0);
      expect(solvePolynomialSystem(polys)).toEqual({ paths: 0, endpoints: [] });
    }
  });

  it('refuses a Bézout number over the default budget of 1000 before tracking any path', () => {
    const polys = system(['x^11 - 1', 'y^11 - 1', 'z^11 - 1'], ['x', 'y', 'z']);
    let error: unknown;
    try { solvePolynomialSystem(polys); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(TooManyPathsError);
    const e = error as TooManyPathsError;
    expect(e.name).toBe('TooManyPathsError');
    expect([e.paths, e.degrees, e.limit]).toEqual([1331, [11, 11, 11], 1000]);
    expect(e.message).toBe(
      'homotopy continuation would track 1331 paths (Bézout number 11·11·11), over the limit of 1000: ' +
        'raise it with --max-paths 1331, or search a box with multi-start Newton (--box -10,10; not complete)',
    );
  });

  it('maxPaths equal to the Bézout number is enough; one less refuses', () => {
    const polys = system(['x^2 - 1', 'y^2 - 4'], ['x', 'y']);
    expect(solvePolynomialSystem(polys, { maxPaths: 4 }).paths).toBe(4);
    expect(() => solvePolynomialSystem(polys, { maxPaths: 3 })).toThrow(TooManyPathsError);
  });
});

describe('solvePolynomialSystem: path tracking', () => {
  it('a path on which no step is rejected takes 15 steps: three each of 0.02, 0.04 and 0.08, then steps of at most 0.1', () => {
    const r = solvePolynomialSystem(system(['x - 3'], ['x']));
    expect(r.endpoints).toEqual([{ re: [3], im: [0], residual: 0, pivotRatio: 1, status: 'converged', steps: 15 }]);
  });

  it('well-conditioned paths converge in a few dozen steps at most, to regular solutions (pivot ratio away from 0)', () => {
    const r = solvePolynomialSystem(system(['x^2 + y^2 - 5', 'x*y - 2'], ['x', 'y']));
    const found = r.endpoints.map((e) => e.re.map((v) => Math.round(v)).join(',')).sort();
    expect(found).toEqual(['-1,-2', '-2,-1', '1,2', '2,1']);
    for (const e of r.endpoints) {
      expect(e.status).toBe('converged');
      expect(e.steps).toBeGreaterThanOrEqual(10);
      expect(e.steps).toBeLessThanOrEqual(40);
      expect(e.residual).toBeLessThan(1e-12);
      expect(Math.max(...e.im.map(Math.abs))).toBeLessThan(1e-12);
      expect(e.pivotRatio).toBeGreaterThan(0.1);
    }
  });

  it('the step adapts to the conditioning: paths ending at roots 2e-3 apart take shorter steps than at roots 2 apart', () => {
    // the corrector must settle (a Newton step under 1e-9) before a step is accepted; near close roots it needs short steps
    const close = solvePolynomialSystem(system(['x^2 - 1e-6'], ['x']));
    const apart = solvePolynomialSystem(system(['x^2 - 1'], ['x']));
    expect(close.endpoints.map((e) => e.re[0]!).sort()).toEqual([-1e-3, 1e-3]);
    for (const e of close.endpoints) expect(e.steps).toBeGreaterThan(Math.max(...apart.endpoints.map((a) => a.steps)) + 5);
    for (const e of close.endpoints) expect(e.steps).toBeLessThan(100);
  });

  it('the pivot ratio is that of the Jacobian at the solution: diag(2x, 2y) at (±1, ±2) gives 2/4', () => {
    const r = solvePolynomialSystem(system(['x^2 - 1', 'y^2 - 4'], ['x', 'y']));
    for (const e of r.endpoints) expect(e.pivotRatio).toBeCloseTo(0.5, 9);
  });

  it('the pivot ratio is near 0 at a singular solution and not at a regular one', () => {
    const singular = solvePolynomialSystem(system(['(x - 1)^2', 'y - 2'], ['x', 'y']));
    expect(singular.paths).toBe(2);
    for (const e of singular.endpoints) {
      expect(e.status).toBe('converged');
      expect(e.re[0]).toBeCloseTo(1, 6);
      expect(e.re[1]).toBeCloseTo(2, 12);
      expect(e.residual).toBeLessThan(1e-12);
      expect(e.pivotRatio).toBeLessThan(1e-6);
    }
    const regular = solvePolynomialSystem(system(['x^2 - 1', 'y - 2'], ['x', 'y']));
    for (const e of regular.endpoints) expect(e.pivotRatio).toBeCloseTo(0.5, 9);
  });

  it('a triple root is reached by all three paths, each within a bounded number of steps', () => {
    const r = solvePolynomialSystem(system(['(x - 1)^3', 'y - 2'], ['x', 'y']));
    for (const e of r.endpoints) {
      expect(e.status).toBe('converged');
      expect(e.re[0]).toBeCloseTo(1, 4);
      expect(e.steps).toBeLessThan(1000);
      expect(e.pivotRatio).toBeLessThan(1e-6);
    }
  });

  it('a path going to infinity is cut beyond |x| = 1e8: status diverged, residual ∞, pivot ratio 0', () => {
    const r = solvePolynomialSystem(system(['x*y - 1', 'x - 2'], ['x', 'y']));
    const [diverged] = r.endpoints.filter((e) => e.status === 'diverged');
    expect(diverged!.residual).toBe(Infinity);
    expect(diverged!.pivotRatio).toBe(0);
    expect(diverged!.re).toHaveLength(2);
    expect(diverged!.im).toHaveLength(2);
    expect(Math.hypot(diverged!.re[1]!, diverged!.im[1]!)).toBeGreaterThan(1e8);
    expect(diverged!.steps).toBeLessThan(200);
  });

  it('maxStepsPerPath cuts paths short (failed, with that many steps); Newton on F still refines where they stopped', () => {
    const polys = system(['x^2 - 1', 'y^2 - 4'], ['x', 'y']);
    for (const maxStepsPerPath of [0, 5]) {
      const r = solvePolynomialSystem(polys, { maxStepsPerPath });
      for (const e of r.endpoints) {
        expect(e.status).toBe('failed');
        expect(e.steps).toBe(maxStepsPerPath);
        expect(e.residual).toBe(0);
      }
      // from the start points (±1, ±1), Newton on F alone reaches the four solutions
      expect(r.endpoints.map((e) => e.re.join(',')).sort()).toEqual(['-1,-2', '-1,2', '1,-2', '1,2']);
    }
  });

  it('a path whose step collapses far from t = 0 has failed: x² − 1e300 is too badly scaled to leave t = 1', () => {
    const r = solvePolynomialSystem([{ nvars: 1, terms: [{ coeff: 1, exps: [2] }, { coeff: -1e300, exps: [0] }] }]);
    expect(r.paths).toBe(2);
    for (const e of r.endpoints) {
      expect(e.status).toBe('failed');
      // halving from 0.02 to below 1e-14 takes about 40 rejected steps
      expect(e.steps).toBeLessThan(60);
      expect(e.residual).toBeGreaterThan(1e299);
    }
  });

  it('is reproducible: the default seed is 20240917, and another seed (another γ) finds the same solutions', () => {
    const polys = system(['x^3 - 2*x + 1', 'y^2 - x'], ['x', 'y']);
    const byDefault = solvePolynomialSystem(polys);
    expect(byDefault).toEqual(solvePolynomialSystem(polys, { seed: 20240917 }));
    const solutions = (r: typeof byDefault) => r.endpoints.map((e) => [...e.re, ...e.im].map((v) => v.toFixed(9)).join(',')).sort();
    const other = solvePolynomialSystem(polys, { seed: 1 });
    expect(other.endpoints.map((e) => e.steps)).not.toEqual(byDefault.endpoints.map((e) => e.steps));
    expect(solutions(other)).toEqual(solutions(byDefault));
  });
});
