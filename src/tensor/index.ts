// Tensors: the value type, its constructors and seeded random tensors.

export { Tensor, type NestedArray } from './tensor.js';
export { arange, eye, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike, type TensorOptions } from './creation.js';
export { manualSeed, rand, randn, Rng, type RandomOptions } from './random.js';
