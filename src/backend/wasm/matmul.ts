// The matmul kernel on WebAssembly SIMD: float32 operands copied into the arena, one packed GEMM per batch entry.

import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';
import { matmul as referenceMatmul } from '../reference/matmul.js';
import { kernelArena } from './module.js';

/**
 * C = op(A)·op(B) for each batch entry, in any of the NN, NT, TN (and TT) forms: the GEMM packs
 * each operand from its stored layout, so no transpose is materialised. float64 goes to the
 * reference kernel.
 */
export const wasmMatmul: Kernel<'matmul'> = (inputs, params, out) => {
  const [A, B] = inputs;
  if (out.dtype !== 'float32' || !(A.data instanceof Float32Array) || !(B.data instanceof Float32Array)) {
    return referenceMatmul(inputs, params, out);
  }
  const { transA, transB } = params;
  const rank = out.shape.length;
  const m = out.shape[rank - 2];
  const n = out.shape[rank - 1];
  const k = transA ? A.shape[rank - 2] : A.shape[rank - 1];
  const batch = sizeOf(out.shape.slice(0, rank - 2));
  const size = batch * m * n;
  if (size === 0) return new Float32Array(0);
  const arena = kernelArena();
  arena.reset();
  const a = arena.allocF32(A.data.length, A.data);
  const b = arena.allocF32(B.data.length, B.data);
  const c = arena.allocF32(size);
  const work = arena.alloc(arena.exports.gemmWorkBytes(m, n, k));
  const gemm = arena.exports.gemm;
  const tA = transA ? 1 : 0;
  const tB = transB ? 1 : 0;
  for (let t = 0; t < batch; t++) gemm(a + t * m * k * 4, b + t * k * n * 4, c + t * m * n * 4, m, n, k, tA, tB, work);
  return arena.readF32(c, size);
};
