// Reference matmul: for each batch entry, c_ij = Σ_p op(A)_ip · op(B)_pj, summed in float64.

import { allocate, type TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

/** The [rows, cols] matrix at `offset` of `x`, transposed into a fresh [cols, rows] buffer of x's type. */
function transposed(x: TypedArray, offset: number, rows: number, cols: number): TypedArray {
  const y = allocate(x instanceof Float64Array ? 'float64' : 'float32', rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[j * rows + i] = x[offset + i * cols + j];
  return y;
}

/**
 * C = op(A)·op(B) for each batch entry, where op(X) is X or Xᵀ. op(A) is brought to rows [m,k]
 * and op(B) to columns, stored as the rows of op(B)ᵀ [n,k], so each c_ij is the dot product of
 * two contiguous rows: summed over p = 0..k−1 in order, in float64 even for float32 operands,
 * and rounded once, on the store.
 */
export const matmul: Kernel<'matmul'> = ([A, B], { transA, transB }, out) => {
  const rank = out.shape.length;
  const m = out.shape[rank - 2];
  const n = out.shape[rank - 1];
  const k = transA ? A.shape[rank - 2] : A.shape[rank - 1];
  const batch = sizeOf(out.shape.slice(0, rank - 2));
  const c = allocate(out.dtype, batch * m * n);
  for (let t = 0; t < batch; t++) {
    // A is stored [m,k] ([k,m] when transposed), B [k,n] ([n,k] when transposed)
    const a = transA ? transposed(A.data, t * m * k, k, m) : A.data.subarray(t * m * k, (t + 1) * m * k);
    const b = transB ? B.data.subarray(t * k * n, (t + 1) * k * n) : transposed(B.data, t * k * n, k, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
        c[t * m * n + i * n + j] = s;
      }
    }
  }
  return c;
};
