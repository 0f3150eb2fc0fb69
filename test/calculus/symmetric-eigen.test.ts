// Specification of symmetricEigen (cyclic Jacobi): small and degenerate cases, symmetrising its input, ascending order.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { symmetricEigen } from '../../src/calculus/symmetric-eigen.js';

describe('symmetricEigen', () => {
  it('handles the empty and the 1×1 matrix', () => {
    expect(symmetricEigen([])).toEqual({ values: [], vectors: [] });
    expect(symmetricEigen([[5]])).toEqual({ values: [5], vectors: [[1]] });
  });

  it('returns a diagonal matrix’s entries in ascending order with the unit vectors', () => {
    expect(symmetricEigen([[3, 0, 0], [0, -1, 0], [0, 0, 2]])).toEqual({ values: [-1, 2, 3], vectors: [[0, 1, 0], [0, 0, 1], [1, 0, 0]] });
  });

  it('diagonalises [[2, 1], [1, 2]] to 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2 up to sign', () => {
    const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
    expectClose(values, [1, 3], { rtol: 1e-15 });
    expectClose(vectors[0]!.map((v) => v * Math.sign(vectors[0]![0]!)), [Math.SQRT1_2, -Math.SQRT1_2], { rtol: 1e-15 });
    expectClose(vectors[1]!.map((v) => v * Math.sign(vectors[1]![0]!)), [Math.SQRT1_2, Math.SQRT1_2], { rtol: 1e-15 });
  });

  it('skips off-diagonal pairs that are already zero, even between equal diagonal entries', () => {
    // a₀₁ = 0 with a₀₀ = a₁₁: the rotation angle would be 0/0
    const { values } = symmetricEigen([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);
    expectClose(values, [0, 1, 2], { atol: 1e-15 });
  });

  it('uses the symmetric part of a matrix that is not quite symmetric', () => {
    // ½(A + Aᵀ) = [[2, 2], [2, 2]]: eigenvalues 0 and 4
    expectClose(symmetricEigen([[2, 1], [3, 2]]).values, [0, 4], { atol: 1e-15 });
  });

  it('separates eigenvalues that differ by many orders of magnitude', () => {
    const { values } = symmetricEigen([[1e8, 1], [1, 1e-8]]);
    expectClose(values, [1e-8 - 1e-8, 1e8 + 1e-8], { rtol: 1e-9, atol: 1e-15 });
  });

  it('stops after its sweep budget on a NaN entry, returning NaN rather than hanging', () => {
    const { values } = symmetricEigen([[1, Number.NaN], [Number.NaN, 1]]);
    expect(values.some(Number.isNaN)).toBe(true);
  });
});
