// The gradient and Hessian of a function as plain-number callbacks, from polynomials or from autodiff.

import { derivativesAt } from './derivatives.js';
import { dampedLeastSquares, luSolve } from './lu-solve.js';
import type { Expr } from './expression.js';
import { differentiatePolynomial, evaluatePolynomial } from './polynomial.js';
import type { Polynomial } from './polynomial.js';

/** What the point solvers need to know about f: ∇f and its Jacobian, the Hessian. */
export interface GradientOracle {
  readonly n: number;
  value(x: readonly number[]): number;
  gradient(x: readonly number[]): number[];
  hessian(x: readonly number[]): number[][];
}

/** Exact polynomial derivatives (used inside homotopy post-processing, where speed matters). */
export function polynomialOracle(p: Polynomial): GradientOracle {
  const n = p.nvars;
  const g = Array.from({ length: n }, (_, i) => differentiatePolynomial(p, i));
  const h = g.map((gi) => Array.from({ length: n }, (_, j) => differentiatePolynomial(gi, j)));
  return {
    n,
    value: (x) => evaluatePolynomial(p, x),
    gradient: (x) => g.map((gi) => evaluatePolynomial(gi, x)),
    hessian: (x) => h.map((row) => row.map((hij) => evaluatePolynomial(hij, x))),
  };
}

/** Derivatives from nabla's autodiff. */
export function autodiffOracle(expr: Expr, variables: readonly string[]): GradientOracle {
  return {
    n: variables.length,
    value: (x) => derivativesAt(expr, variables, [x], 1).values[0]!,
    gradient: (x) => derivativesAt(expr, variables, [x], 1).gradients[0]!,
    hessian: (x) => derivativesAt(expr, variables, [x], 2).hessians![0]!,
  };
}

const normInf = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * Newton's method on ∇f = 0 from `start`, falling back to a damped least-squares step where the
 * Hessian is singular (so it also converges, linearly, onto degenerate and non-isolated points).
 * Returns the iterate with the smallest ‖∇f‖∞.
 */
export function refineCriticalPoint(oracle: GradientOracle, start: readonly number[], maxIterations = 60): { x: number[]; residual: number } {
  let x = [...start];
  let g = oracle.gradient(x);
  let best = { x: [...x], residual: normInf(g) };
  for (let it = 0; it < maxIterations && best.residual > 0; it++) {
    const h = oracle.hessian(x);
    const rhs = g.map((v) => -v);
    const step = solveOrLeastSquares(h, rhs);
    const next = x.map((v, i) => v + step[i]!);
    const gn = oracle.gradient(next);
    if (!gn.every(Number.isFinite)) break;
    x = next;
    g = gn;
    const r = normInf(g);
    if (r < best.residual) best = { x: [...x], residual: r };
    if (normInf(step) <= 1e-15 * (1 + normInf(x))) break;
  }
  return best;
}

/** Solves A x = b, or the least-squares problem when A is singular. */
export function solveOrLeastSquares(a: number[][], b: number[]): number[] {
  return luSolve(a, b, 1e-10) ?? dampedLeastSquares(a, b, 1e-12);
}
