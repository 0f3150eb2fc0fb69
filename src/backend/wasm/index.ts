// The WebAssembly SIMD backend: float32 GEMM, elementwise and sum kernels in wasm, the rest from the reference.

import type { Backend, KernelTable } from '../backend.js';
import { referenceKernels } from '../reference/index.js';
import { wasmBinary, wasmSigmoidGrad, wasmUnary } from './elementwise.js';
import { fastExpand } from './expand.js';
import { wasmLinear, wasmMatmul } from './matmul.js';
import { wasmSgd, wasmSoftmaxCrossEntropy, wasmSoftmaxCrossEntropyGrad } from './fused.js';
import { kernelFlavour } from './module.js';
import { wasmSum } from './reduce.js';

/**
 * Every kernel the wasm backend replaces falls back to the reference for float64 and int32 (and
 * for tiny tensors, where the copy into linear memory costs more than the loop). expand is a
 * plain-TS fast path: a broadcast is memory movement, which TypedArray set/fill already do at
 * memcpy speed.
 */
export const wasmKernels = {
  ...referenceKernels,
  neg: wasmUnary('negF32', referenceKernels.neg),
  abs: wasmUnary('absF32', referenceKernels.abs),
  sqrt: wasmUnary('sqrtF32', referenceKernels.sqrt),
  exp: wasmUnary('expF32', referenceKernels.exp),
  sigmoid: wasmUnary('sigmoidF32', referenceKernels.sigmoid),
  add: wasmBinary('addF32', referenceKernels.add),
  sub: wasmBinary('subF32', referenceKernels.sub),
  mul: wasmBinary('mulF32', referenceKernels.mul),
  div: wasmBinary('divF32', referenceKernels.div),
  sum: wasmSum,
  expand: fastExpand,
  matmul: wasmMatmul,
  linear: wasmLinear,
  sigmoidGrad: wasmSigmoidGrad,
  softmaxCrossEntropy: wasmSoftmaxCrossEntropy,
  softmaxCrossEntropyGrad: wasmSoftmaxCrossEntropyGrad,
} satisfies KernelTable;

let backend: Backend | null = null;

/**
 * The wasm backend. Compiles and instantiates the kernels synchronously on the first call (a few
 * milliseconds), from the bytes of the loader set with `setWasmBytesLoader` (or already loaded by
 * `loadWasmKernels`); throws if this host has no WebAssembly, no SIMD, or no loader.
 */
export function wasmBackend(): Backend {
  if (backend === null) {
    backend = { name: 'wasm', detail: kernelFlavour(), kernels: wasmKernels, updates: { sgdF32: wasmSgd } };
  }
  return backend;
}
