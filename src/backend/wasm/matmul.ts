// The matmul kernel on WebAssembly SIMD: a packed GEMM per batch entry, or a sparse product when one operand is mostly zeros; eagerly on operands copied into the arena, or in place in a jit plan's slots.

import type { TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';
import { matmul as referenceMatmul } from '../reference/matmul.js';
import { kernelArena, type Arena } from './module.js';

/** Operands smaller than this (elements) are never tested for zeros: the test would cost more than it saves. */
const sparseMinSize = 4096;

/**
 * At most this fraction nonzero, a product runs sparse. The sparse pass does one multiply-add per
 * nonzero and output column with no packing. Measured on the MLP's layer-1 products (the forward
 * 64×784·784×128 and the weight gradient 128×64·64×784, MNIST batches padded with extra nonzeros,
 * each path timed in turn): at 19% nonzero the sparse path takes about 0.6–0.8 of the GEMM's time,
 * at 27–29% about 0.8–0.9, so it still wins at this bound.
 */
export const sparseMaxDensity = 0.3;

/**
 * C = op(A)·op(B) for each batch entry, in any of the NN, NT, TN (and TT) forms: the GEMM packs
 * each operand from its stored layout, so no transpose is materialised. When an operand of a
 * single product is mostly zeros (MNIST images are about 81% zero pixels) and the other is finite,
 * only its nonzeros are multiplied: each skipped term is ±0, so the result is the dense product's
 * up to float32 rounding (the sums run in another order). float64 goes to the reference kernel.
 */
export const wasmMatmul: Kernel<'matmul'> = (inputs, params, out) => {
  const [A, B] = inputs;
  if (out.dtype !== 'float32' || !(A.data instanceof Float32Array) || !(B.data instanceof Float32Array)) {
    return referenceMatmul(inputs, params, out);
  }
  const size = sizeOf(out.shape);
  if (size === 0) return new Float32Array(0);
  const arena = kernelArena();
  arena.reset();
  return arena.readF32(productInArena(arena, inputs[0], inputs[1], A.shape, out.shape, params.transA, params.transB), size);
};

/** Copies A and B into the arena and computes C = op(A)·op(B) there (per batch entry); returns C's offset. */
function productInArena(
  arena: Arena, A: { readonly data: TypedArray }, B: { readonly data: TypedArray }, aShape: readonly number[], outShape: readonly number[], transA: boolean, transB: boolean,
): number {
  const rank = outShape.length;
  const m = outShape[rank - 2];
  const n = outShape[rank - 1];
  const k = transA ? aShape[rank - 2] : aShape[rank - 1];
  const batch = sizeOf(outShape.slice(0, rank - 2));
  const a = arena.allocF32(batch * m * k, A);
  const b = arena.allocF32(batch * k * n, B);
  const c = arena.allocF32(batch * m * n);
  productAt(arena, a, b, c, batch, m, n, k, transA, transB);
  return c;
}

/**
 * C = op(A)·op(B) for operands already in memory at byte offsets a, b, writing C at c: sparse
 * when a single product has a mostly-zero operand (decided from the values, each call), the
 * packed GEMM otherwise. Scratch comes from the arena above its reset point.
 */
export function productAt(arena: Arena, a: number, b: number, c: number, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean): void {
  if (batch === 1 && k > 0) {
    const memory = arena.f32();
    const tryA = mayBeSparse(memory.subarray(a >>> 2, (a >>> 2) + m * k));
    const tryB = mayBeSparse(memory.subarray(b >>> 2, (b >>> 2) + k * n));
    if ((tryA || tryB) && sparseProduct(arena, a, b, c, m, n, k, transA, transB, tryA, tryB)) return;
  }
  const work = arena.alloc(arena.exports.gemmWorkBytes(m, n, k));
  const gemm = arena.exports.gemm;
  const tA = transA ? 1 : 0;
  const tB = transB ? 1 : 0;
  for (let t = 0; t < batch; t++) gemm(a + t * m * k * 4, b + t * k * n * 4, c + t * m * n * 4, m, n, k, tA, tB, work);
}

/**
 * Tries C = op(A)·op(B) with op(A) sparse, then with op(B) sparse; returns false (C untouched)
 * when neither is sparse enough or the other operand holds an infinity or NaN (0·∞ is NaN, so
 * its zero terms must be computed). a, b, c are arena offsets.
 */
export function sparseProduct(
  arena: Arena, a: number, b: number, c: number, m: number, n: number, k: number, transA: boolean, transB: boolean, tryA = true, tryB = true,
): boolean {
  const x = arena.exports;
  // op(A) sparse: C[i,:] = Σ_p op(A)[i,p]·op(B)[p,:], op(A) by rows and op(B) row-major [k,n]
  if (tryA && m * k >= sparseMinSize) {
    const mark = arena.mark();
    const csr = compress(arena, transA ? transposed(arena, a, k, m).at : a, m, k);
    if (csr) {
      const d = transB ? transposed(arena, b, n, k) : { at: b, finite: x.allFinite(b, k * n) !== 0 };
      if (d.finite) {
        x.spmm(csr.start, csr.index, csr.value, m, d.at, n, c);
        return true;
      }
    }
    arena.release(mark);
  }
  // op(B) sparse: Cᵀ[j,:] = Σ_p op(B)ᵀ[j,p]·op(A)ᵀ[p,:], op(B)ᵀ by rows and op(A)ᵀ row-major [k,m]
  if (tryB && k * n >= sparseMinSize) {
    const csr = compress(arena, transB ? b : transposed(arena, b, k, n).at, n, k);
    if (csr) {
      const d = transA ? { at: a, finite: x.allFinite(a, m * k) !== 0 } : transposed(arena, a, m, k);
      if (d.finite) {
        const ct = arena.alloc(n * m * 4);
        x.spmm(csr.start, csr.index, csr.value, n, d.at, m, ct);
        x.transpose(ct, n, m, c);
        return true;
      }
    }
  }
  return false;
}

/**
 * Whether an operand is worth compressing: the nonzero fraction of 256 evenly spaced entries is
 * within 0.1 of sparseMaxDensity. A dense operand (activations, gradients) is then turned away in
 * a few hundred loads instead of a transpose and a compression that gives up; the compression
 * itself still decides exactly. Either path gives the product up to float32 rounding.
 */
export function mayBeSparse(x: Float32Array): boolean {
  if (x.length < sparseMinSize) return false;
  const samples = 256;
  const step = x.length / samples;
  let nonzero = 0;
  for (let s = 0; s < samples; s++) if (x[Math.floor(s * step)] !== 0) nonzero++;
  return nonzero / samples <= sparseMaxDensity + 0.1;
}

/** The transpose [cols, rows] of the row-major [rows, cols] matrix at `src`, in fresh arena space, and whether it is all finite. */
function transposed(arena: Arena, src: number, rows: number, cols: number): { at: number; finite: boolean } {
  const at = arena.alloc(rows * cols * 4);
  return { at, finite: arena.exports.transpose(src, rows, cols, at) !== 0 };
}

/** Compressed rows of [rows, cols] at `src`, or null when more than sparseMaxDensity of it is nonzero. */
function compress(arena: Arena, src: number, rows: number, cols: number): { start: number; index: number; value: number } | null {
  const maxNonzeros = Math.floor(sparseMaxDensity * rows * cols);
  const start = arena.alloc((rows + 1) * 4);
  // four entries of slack: compressRows stores whole vectors
  const index = arena.alloc((maxNonzeros + 4) * 4);
  const value = arena.alloc((maxNonzeros + 4) * 4);
  return arena.exports.compressRows(src, rows, cols, start, index, value, maxNonzeros) < 0 ? null : { start, index, value };
}
