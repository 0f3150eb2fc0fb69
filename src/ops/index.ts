// The ops: every primitive and every composition, as plain functions.

export * from './elementwise.js'; // every elementwise primitive and its compositions
export { argmax, logsumexp, max, mean, min, sum, type Axes } from './reduce.js';
export { broadcastTo, concat, flatten, gather, identity, pad, permute, reshape, scatterAdd, slice, squeeze, stack, transpose, unsqueeze } from './movement.js';
export { dot, linear, matmul, outer } from './matmul.js';
export { checkLabels, gelu, leakyRelu, logSoftmax, oneHot, relu, softmax, softmaxCrossEntropy } from './activations.js';
export { assign } from './assign.js';
export { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';
export { primDefs } from './table.js';
export type { Node, PrimDef } from './prim-def.js';
export type { TensorLike } from './convert.js';
