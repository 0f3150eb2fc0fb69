// Reference matmul: cache-blocked loops over contiguous rows, in the NN, NT and TN forms.

import { allocate, type TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

const KB = 128; // rows of B kept hot per block
const NB = 512; // columns of C per block

/** C[m,n] += A[m,k] B[k,n]: for each row of A, axpy rows of B into the row of C (i-k-j order). */
function gemmNN(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(j0 + NB, n);
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(p0 + KB, k);
      for (let i = 0; i < m; i++) {
        const ci = co + i * n;
        const ai = ao + i * k;
        for (let p = p0; p < p1; p++) {
          const aip = a[ai + p];
          if (aip === 0) continue;
          const bp = bo + p * n;
          for (let j = j0; j < j1; j++) c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }
}

/** C[m,n] = A[m,k] B[n,k]ᵀ: each entry is a dot product of two contiguous rows. */
function gemmNT(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = ao + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bo + j * k;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        s0 += a[ai + p] * b[bj + p];
        s1 += a[ai + p + 1] * b[bj + p + 1];
      }
      if (p < k) s0 += a[ai + p] * b[bj + p];
      c[co + i * n + j] = s0 + s1;
    }
  }
}

/** C[m,n] += A[k,m]ᵀ B[k,n]: for each shared row p, rank-1 update with row p of A and row p of B. */
function gemmTN(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(j0 + NB, n);
    for (let p = 0; p < k; p++) {
      const ap = ao + p * m;
      const bp = bo + p * n;
      for (let i = 0; i < m; i++) {
        const api = a[ap + i];
        if (api === 0) continue;
        const ci = co + i * n;
        for (let j = j0; j < j1; j++) c[ci + j] += api * b[bp + j];
      }
    }
  }
}

/** C = Aᵀ Bᵀ = (B A)ᵀ: computed as B A, then transposed into C. */
function gemmTT(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  const ba = allocate(c instanceof Float64Array ? 'float64' : 'float32', n * m);
  gemmNN(b, bo, a, ao, ba, 0, n, k, m);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) c[co + i * n + j] = ba[j * m + i];
}

export const matmul: Kernel<'matmul'> = ([A, B], { transA, transB }, out) => {
  const rank = out.shape.length;
  const m = out.shape[rank - 2];
  const n = out.shape[rank - 1];
  const k = transA ? A.shape[rank - 2] : A.shape[rank - 1];
  const batch = sizeOf(out.shape.slice(0, rank - 2));
  const c = allocate(out.dtype, batch * m * n);
  const gemm = transA ? (transB ? gemmTT : gemmTN) : transB ? gemmNT : gemmNN;
  for (let t = 0; t < batch; t++) gemm(A.data, t * m * k, B.data, t * k * n, c, t * m * n, m, k, n);
  return c;
};
