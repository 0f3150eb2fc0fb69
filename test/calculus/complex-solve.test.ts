// Specification of complexSolve: complex Gaussian elimination with partial pivoting, its pivot ratio, and singular systems.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { complexArray, complexSolve } from '../../src/calculus/complex-solve.js';

type C = [number, number];

/** A complex n×n matrix (rows of [re, im]) and vector in complexSolve's layout. */
function pack(rows: C[][]): ReturnType<typeof complexArray> {
  const flat = rows.flat();
  const out = complexArray(flat.length);
  flat.forEach(([re, im], i) => { out.re[i] = re; out.im[i] = im; });
  return out;
}

/** A x for a complex matrix and vector. */
function times(a: C[][], x: C[]): C[] {
  return a.map((row) => row.reduce<C>(([sr, si], [ar, ai], j) => [sr + ar * x[j]![0] - ai * x[j]![1], si + ar * x[j]![1] + ai * x[j]![0]], [0, 0]));
}

describe('complexSolve', () => {
  it('solves a fully complex 3×3 system', () => {
    const a: C[][] = [
      [[2, 1], [-1, 0.5], [0, 3]],
      [[1, -2], [4, 1], [1, 1]],
      [[0.5, 0], [-1, -1], [3, -2]],
    ];
    const x: C[] = [[1, -1], [2, 3], [-0.5, 0.25]];
    const b = times(a, x);
    const solved = complexSolve(3, pack(a), pack([b]))!;
    expectClose(solved.x.re, x.map(([re]) => re), { rtol: 1e-13, atol: 1e-14 });
    expectClose(solved.x.im, x.map(([, im]) => im), { rtol: 1e-13, atol: 1e-14 });
  });

  it('pivots on the entry of largest modulus, and reports the smallest over the largest pivot modulus', () => {
    // first column (0, 2i): rows swap, pivot |2i| = 2; then a₁₁ = 1 + i is left, |1 + i| = √2
    const a: C[][] = [[[0, 0], [1, 1]], [[0, 2], [3, 0]]];
    const x: C[] = [[1, -1], [2, 3]];
    const solved = complexSolve(2, pack(a), pack([times(a, x)]))!;
    expectClose(solved.x.re, [1, 2], { rtol: 1e-15 });
    expectClose(solved.x.im, [-1, 3], { rtol: 1e-15 });
    expect(solved.pivotRatio).toBeCloseTo(Math.SQRT2 / 2, 15);
  });

  it('returns null for a singular matrix or a non-finite entry', () => {
    expect(complexSolve(2, pack([[[1, 1], [2, 2]], [[1, 1], [2, 2]]]), pack([[[1, 0], [1, 0]]]))).toBeNull();
    expect(complexSolve(1, pack([[[0, 0]]]), pack([[[1, 0]]]))).toBeNull();
    expect(complexSolve(1, pack([[[Number.NaN, 0]]]), pack([[[1, 0]]]))).toBeNull();
    expect(complexSolve(1, pack([[[Infinity, 0]]]), pack([[[1, 0]]]))).toBeNull();
  });

  it('divides by a purely imaginary pivot: i·x = 1 gives x = −i', () => {
    const solved = complexSolve(1, pack([[[0, 1]]]), pack([[[1, 0]]]))!;
    expect([solved.x.re[0], solved.x.im[0]]).toEqual([0, -1]);
    expect(solved.pivotRatio).toBe(1);
  });

  it('eliminates with real and with purely imaginary multipliers', () => {
    const real: C[][] = [[[2, 0], [1, 0], [1, 0]], [[4, 0], [3, 0], [3, 0]], [[8, 0], [7, 0], [9, 0]]];
    const imaginary: C[][] = [[[1, 0], [1, 0]], [[0, 1], [2, 0]]];
    for (const a of [real, imaginary]) {
      const x: C[] = a.map((_, i) => [i + 1, 1 - i]);
      const solved = complexSolve(a.length, pack(a), pack([times(a, x)]))!;
      expectClose(solved.x.re, x.map(([re]) => re), { rtol: 1e-14, atol: 1e-14 });
      expectClose(solved.x.im, x.map(([, im]) => im), { rtol: 1e-14, atol: 1e-14 });
    }
  });

  it('gives the pivot ratio of a matrix of small entries without reference to 1', () => {
    expect(complexSolve(2, pack([[[0.1, 0], [0, 0]], [[0, 0], [0, 0.5]]]), pack([[[1, 0], [1, 0]]]))!.pivotRatio).toBeCloseTo(0.2, 15);
  });

  it('swaps rows at every stage where a lower row has the larger modulus', () => {
    // column moduli 0.51, 1.41, 4.47: row 2 first; then, below it, 0.41 against 2.13: a second swap
    const a: C[][] = [
      [[0.5, 0.1], [1, 2], [3, -1]],
      [[1, 1], [0.2, -0.1], [0.5, 0.5]],
      [[4, -2], [1, 0], [2, 3]],
    ];
    const x: C[] = [[1, 2], [-3, 0.5], [0.25, -1]];
    const solved = complexSolve(3, pack(a), pack([times(a, x)]))!;
    expectClose(solved.x.re, x.map(([re]) => re), { rtol: 1e-13, atol: 1e-14 });
    expectClose(solved.x.im, x.map(([, im]) => im), { rtol: 1e-13, atol: 1e-14 });
  });
});
