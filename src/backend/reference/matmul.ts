// Reference matmul: for each batch entry, c_ij = Σ_p op(A)_ip · op(B)_pj, summed in float64.

import { allocate } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

/**
 * C = op(A)·op(B) for each batch entry, where op(X) is X or Xᵀ. A transposed operand is read in
 * place through its strides: op(A)_ip sits at i·aI + p·aP of the batch entry's block.
 */
export const matmul: Kernel<'matmul'> = ([A, B], { transA, transB }, out) => {
  const rank = out.shape.length;
  const m = out.shape[rank - 2];
  const n = out.shape[rank - 1];
  const k = transA ? A.shape[rank - 2] : A.shape[rank - 1];
  const batch = sizeOf(out.shape.slice(0, rank - 2));
  // A is stored [m,k] (or [k,m] when transposed), B [k,n] (or [n,k])
  const [aI, aP] = transA ? [1, m] : [k, 1];
  const [bP, bJ] = transB ? [1, k] : [n, 1];
  const a = A.data;
  const b = B.data;
  const c = allocate(out.dtype, batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = t * m * k;
    const bo = t * k * n;
    const co = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0; // a JS number: float64 even for float32 operands, rounded once on the store
        for (let p = 0; p < k; p++) s += a[ao + i * aI + p * aP] * b[bo + p * bP + j * bJ];
        c[co + i * n + j] = s;
      }
    }
  }
  return c;
};
