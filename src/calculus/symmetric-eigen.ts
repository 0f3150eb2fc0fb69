// Eigenvalues and eigenvectors of small symmetric matrices by the cyclic Jacobi method.

import type { Matrix } from './lu-solve.js';

/** Eigen-decomposition A = V diag(values) Vᵀ, values ascending; `vectors[k]` is the unit eigenvector of `values[k]`. */
export interface SymmetricEigen {
  readonly values: number[];
  readonly vectors: number[][];
}

/**
 * Cyclic Jacobi: each rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal
 * mass is negligible. Quadratically convergent and accurate for the small Hessians used here.
 * @example symmetricEigen([[2, 1], [1, 2]]).values // [1, 3]
 */
export function symmetricEigen(input: Matrix): SymmetricEigen {
  const n = input.length;
  // symmetrise: Hessians from autodiff may differ in the last bits
  const a = input.map((row, i) => row.map((_, j) => 0.5 * (input[i]![j]! + input[j]![i]!)));
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += a[i]![j]! ** 2;
        if (i !== j) off += a[i]![j]! ** 2;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        // the rotation angle θ with tan 2θ = 2a_pq/(a_qq − a_pp), taking the smaller root for stability
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i]![i]! - a[j]![j]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: order.map((i) => v.map((row) => row[i]!)),
  };
}
