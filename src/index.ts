// nabla: tensors, reverse-mode autodiff that differentiates its own gradients, and the layers above.

export type { DType, FloatDType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export type { Prim, PrimParams } from './core/primitives.js';
export type { Backend, KernelTable, TensorData } from './backend/backend.js';
export { getBackend, setBackend } from './backend/registry.js';
export { referenceBackend } from './backend/reference/index.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * from './autodiff/index.js';
