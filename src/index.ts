// nabla: tensors, reverse-mode autodiff that differentiates its own gradients, networks, optimizers and data. Calculus, plots, labs and training live on subpaths.

import { installNodeWasmLoader } from './backend/wasm/node-loader.js';

export type { DType, FloatDType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export type { Prim, PrimParams } from './core/primitives.js';
export type { TensorData } from './core/tensor-data.js';
export type { Backend, KernelTable } from './backend/backend.js';
export { getBackend, setBackend } from './backend/registry.js';
export { referenceBackend } from './backend/reference/index.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * from './autodiff/index.js';
export * from './jit/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export { loadMnist, defaultMnistDir, type Mnist, type LoadMnistOptions } from './data/mnist.js';
export { parseIdx, readIdx, writeIdx, encodeIdx, type Idx } from './data/idx.js';
export { batchCount, batches, shuffledIndices, splitValidation, subset, type Batch, type Split } from './data/dataset.js';
export { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from './io/safetensors.js';
export {
  selectBackend, simdSupported, wasmBackend, backendNames, loadWasmKernels, setWasmBytesLoader,
  type BackendName, type WasmBytesLoader, type WasmModuleName,
} from './backend/select.js';
export { installNodeWasmLoader, nodeWasmBytesLoader } from './backend/wasm/node-loader.js';

// the package root is a Node entry: the wasm backend reads its bytes from the files beside it
// (the backend itself is chosen on the first kernel call, so importing compiles nothing)
installNodeWasmLoader();
