// LU solves and the Jacobi eigen-solver against known answers and random symmetric matrices.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luSolve } from '../../src/calculus/lu-solve.js';
import { symmetricEigen } from '../../src/calculus/symmetric-eigen.js';

describe('luSolve', () => {
  it('solves a system that needs pivoting', () => {
    const x = luSolve([[0, 1], [1, 1]], [2, 3])!;
    expect(x[0]).toBeCloseTo(1, 15);
    expect(x[1]).toBeCloseTo(2, 15);
  });

  it('returns null for a singular matrix', () => {
    expect(luSolve([[1, 2], [2, 4]], [1, 2])).toBeNull();
  });
});

describe('symmetricEigen', () => {
  it('finds −2, 4, 4 for the saddle Hessian of x² + y² + z² − xyz at (2, 2, 2)', () => {
    const { values } = symmetricEigen([[2, -2, -2], [-2, 2, -2], [-2, -2, 2]]);
    expect(values[0]).toBeCloseTo(-2, 12);
    expect(values[1]).toBeCloseTo(4, 12);
    expect(values[2]).toBeCloseTo(4, 12);
  });

  it('satisfies A v = λ v with orthonormal vectors, values ascending', () => {
    const entry = fc.double({ min: -5, max: 5, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: n, maxLength: n })), (raw) => {
        const n = raw.length;
        const a = raw.map((row, i) => row.map((_, j) => (raw[i]![j]! + raw[j]![i]!) / 2));
        const { values, vectors } = symmetricEigen(a);
        for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]! - 1e-12);
        vectors.forEach((v, k) => {
          const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
          av.forEach((x, i) => expect(x).toBeCloseTo(values[k]! * v[i]!, 9));
          vectors.forEach((u, l) => expect(u.reduce((s, x, i) => s + x * v[i]!, 0)).toBeCloseTo(k === l ? 1 : 0, 9));
        });
      }),
      { numRuns: 60 },
    );
  });
});
