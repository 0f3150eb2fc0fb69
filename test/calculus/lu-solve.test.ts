// Specification of luSolve (partial pivoting, singularity to working precision) and dampedLeastSquares (Levenberg–Marquardt steps).

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { dampedLeastSquares, luSolve } from '../../src/calculus/lu-solve.js';

describe('luSolve', () => {
  it('solves a 3×3 system exactly where the arithmetic allows', () => {
    // A x = b with x = (1, −2, 3)
    const a = [[2, 1, -1], [-3, -1, 2], [-2, 1, 2]];
    const b = [2 * 1 + 1 * -2 - 3, -3 * 1 + 2 + 6, -2 - 2 + 6];
    expectClose(luSolve(a, b)!, [1, -2, 3], { rtol: 1e-14, atol: 1e-14 });
  });

  it('pivots on the largest entry of the column, so a tiny leading entry costs no accuracy', () => {
    // without pivoting, 1 − 1e20 swamps the second row and x₀ comes out 0
    expectClose(luSolve([[1e-20, 1], [1, 1]], [1, 2])!, [1, 1], { rtol: 1e-15 });
    // the largest entry may sit below a nonzero one
    expectClose(luSolve([[1, 2, 0], [4, 1, 0], [0, 0, 2]], [5, 6, 4])!, [1, 2, 2], { rtol: 1e-15 });
  });

  it('calls a matrix singular when a pivot is within relativeTolerance of the largest entry (inclusive)', () => {
    expect(luSolve([[1, 0], [0, 1e-12]], [1, 1])).toBeNull();
    expectClose(luSolve([[1, 0], [0, 2e-12]], [1, 1])!, [1, 5e11], { rtol: 1e-15 });
    expect(luSolve([[1, 0], [0, 1e-12]], [1, 1], 1e-13)).not.toBeNull();
    expect(luSolve([[4, 0], [0, 4e-12]], [1, 1])).toBeNull();
  });

  it('returns null for a zero matrix or one with a non-finite entry', () => {
    expect(luSolve([[0, 0], [0, 0]], [1, 1])).toBeNull();
    expect(luSolve([[1, Infinity], [0, 1]], [1, 1])).toBeNull();
    expect(luSolve([[1, Number.NaN], [0, 1]], [1, 1])).toBeNull();
    // no entries: no scale to measure a pivot against
    expect(luSolve([], [])).toBeNull();
  });

  it('leaves its arguments alone', () => {
    const a = [[0, 1], [1, 1]];
    const b = [2, 3];
    luSolve(a, b);
    expect(a).toEqual([[0, 1], [1, 1]]);
    expect(b).toEqual([2, 3]);
  });
});

describe('dampedLeastSquares', () => {
  it('solves (AᵀA + λ·max diag(AᵀA)·I) x = Aᵀb', () => {
    // A = 2I: AᵀA = 4I, so (4 + 4λ) x = 2b; with λ = 1, x = b/4
    expectClose(dampedLeastSquares([[2, 0], [0, 2]], [1, 2], 1), [0.25, 0.5], { rtol: 1e-15 });
    // the damping scales with the largest diagonal entry: A = diag(1, 3), AᵀA = diag(1, 9), λ·9 = 0.9
    expectClose(dampedLeastSquares([[1, 0], [0, 3]], [1, 1], 0.1), [1 / 1.9, 3 / 9.9], { rtol: 1e-14 });
  });

  it('fits an overdetermined system by least squares as λ → 0', () => {
    // the line through (0, 1), (1, 3), (2, 5) exactly: intercept 1, slope 2
    expectClose(dampedLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5], 1e-14), [1, 2], { rtol: 1e-9 });
  });

  it('gives a finite, minimal step where A is singular', () => {
    // rank one: the minimum-norm solution of x + y = 2 is (1, 1)
    expectClose(dampedLeastSquares([[1, 1], [1, 1]], [2, 2], 1e-12), [1, 1], { rtol: 1e-6 });
    expect(dampedLeastSquares([[0, 0], [0, 0]], [1, 1], 1e-12)).toEqual([0, 0]);
    // with no damping a singular system has no unique step: zero
    expect(dampedLeastSquares([[1, 1], [1, 1]], [2, 2], 0)).toEqual([0, 0]);
    expect(dampedLeastSquares([], [], 1)).toEqual([]);
  });
});
