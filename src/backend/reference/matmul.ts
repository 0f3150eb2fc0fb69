// Reference matmul: operands packed to rows of A and rows of Bᵀ, then 4×4 register-blocked dot products over k-blocks.

import { allocate, type TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

const KB = 256; // k-block: four rows of A and four of Bᵀ stay in L1 while a 4×4 tile accumulates
const NB = 64; // n-block: 64 rows of Bᵀ (64 KB at KB = 256 in float32) stay in L2 across all rows of A

/** Copies the [rows, cols] matrix at `offset` of `x` into a fresh [cols, rows] buffer. */
function transposed(x: TypedArray, offset: number, rows: number, cols: number): TypedArray {
  const y = allocate(x instanceof Float64Array ? 'float64' : 'float32', rows * cols);
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    for (let j0 = 0; j0 < cols; j0 += T) {
      const i1 = Math.min(i0 + T, rows);
      const j1 = Math.min(j0 + T, cols);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) y[j * rows + i] = x[offset + i * cols + j];
    }
  }
  return y;
}

/**
 * C[m,n] += A[m,k] · B[n,k]ᵀ over p in [p0,p1): c_ij = Σ_p a_ip b_jp, each a dot product of two
 * contiguous rows. Tiles of 4×4 outputs keep 16 accumulators in registers, so every load of
 * a or b feeds four multiply-adds.
 */
function gemmNT(a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number): void {
  for (let p0 = 0; p0 < k; p0 += KB) {
    const p1 = Math.min(p0 + KB, k);
    for (let j0 = 0; j0 < n; j0 += NB) {
      gemmNTBlock(a, ao, b, bo, c, co, m, k, n, p0, p1, j0, Math.min(j0 + NB, n));
    }
  }
}

function gemmNTBlock(
  a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number,
  m: number, k: number, n: number, p0: number, p1: number, j0: number, j1: number,
): void {
  {
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = ao + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        const b0 = bo + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = p0; p < p1; p++) {
          const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
          const y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        let o = co + i * n + j;
        c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += n;
        c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += n;
        c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += n;
        c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
      }
      for (; j < j1; j++) for (let r = 0; r < 4; r++) c[co + (i + r) * n + j] += dot(a, ao + (i + r) * k, b, bo + j * k, p0, p1);
    }
    for (; i < m; i++) for (let j = j0; j < j1; j++) c[co + i * n + j] += dot(a, ao + i * k, b, bo + j * k, p0, p1);
  }
}

function dot(a: TypedArray, ai: number, b: TypedArray, bj: number, p0: number, p1: number): number {
  let s = 0;
  for (let p = p0; p < p1; p++) s += a[ai + p] * b[bj + p];
  return s;
}

/** C = op(A)·op(B) for each batch entry; op(A) is brought to rows [m,k] and op(B) to rows [n,k]. */
export const matmul: Kernel<'matmul'> = ([A, B], { transA, transB }, out) => {
  const rank = out.shape.length;
  const m = out.shape[rank - 2];
  const n = out.shape[rank - 1];
  const k = transA ? A.shape[rank - 2] : A.shape[rank - 1];
  const batch = sizeOf(out.shape.slice(0, rank - 2));
  const c = allocate(out.dtype, batch * m * n);
  for (let t = 0; t < batch; t++) {
    const rowsA = transA ? transposed(A.data, t * m * k, k, m) : A.data;
    const rowsB = transB ? B.data : transposed(B.data, t * k * n, k, n);
    gemmNT(rowsA, transA ? 0 : t * m * k, rowsB, transB ? t * k * n : 0, c, t * m * n, m, k, n);
  }
  return c;
};
