// Fused float32 kernels of the training step: the SGD update (Backend.updates, used by optim/sgd.ts) and softmax cross-entropy with its gradient (the fused primitives of ops/fused.ts).

import type { Kernel, SgdStep } from '../backend.js';
import { softmaxCrossEntropy as referenceSoftmaxCrossEntropy, softmaxCrossEntropyGrad as referenceSoftmaxCrossEntropyGrad } from '../reference/fused.js';
import { kernelArena } from './module.js';

function vectorFloats(n: number): number {
  return (n + 3) & ~3;
}

/** In place: w ← w − lr·(g + λw), the SGD step without momentum (optim/sgd.ts's first branch). */
export function sgdUpdateF32(w: Float32Array, g: Float32Array, lr: number, weightDecay = 0): void {
  const arena = kernelArena();
  arena.reset();
  const pw = arena.allocF32(vectorFloats(w.length), w);
  const pg = arena.allocF32(vectorFloats(g.length), g);
  arena.exports.sgdF32(pw, pg, w.length, lr, weightDecay);
  w.set(arena.f32().subarray(pw >>> 2, (pw >>> 2) + w.length));
}

/** In place: one SGD step with momentum buffer `b` (PyTorch's formulation, as optim/sgd.ts). */
export function sgdMomentumUpdateF32(w: Float32Array, g: Float32Array, b: Float32Array, step: SgdStep): void {
  const arena = kernelArena();
  arena.reset();
  const n = vectorFloats(w.length);
  const pw = arena.allocF32(n, w);
  const pg = arena.allocF32(n, g);
  const pb = arena.allocF32(n, b);
  arena.exports.sgdMomentumF32(pw, pg, pb, w.length, step.lr, step.momentum, step.dampening, step.weightDecay, step.nesterov ? 1 : 0, step.first ? 1 : 0);
  const memory = arena.f32();
  w.set(memory.subarray(pw >>> 2, (pw >>> 2) + w.length));
  b.set(memory.subarray(pb >>> 2, (pb >>> 2) + b.length));
}

/** The wasm backend's update kernels: SGD with or without momentum, on float32 parameters. */
export function wasmSgd(w: Float32Array, g: Float32Array, b: Float32Array | null, step: SgdStep): void {
  if (b === null) sgdUpdateF32(w, g, step.lr, step.weightDecay);
  else sgdMomentumUpdateF32(w, g, b, step);
}

/** Bytes of the row scratch (shift and float64 sum per row) the cross-entropy kernels take. */
function rowWork(rows: number): number {
  return 12 * rows + 16;
}

/** Per-row cross-entropy of float32 logits [..., C] against int32 labels (checked by the op). */
export const wasmSoftmaxCrossEntropy: Kernel<'softmaxCrossEntropy'> = (inputs, params, out) => {
  const [logits, labels] = inputs;
  if (out.dtype !== 'float32' || !(logits.data instanceof Float32Array) || !(labels.data instanceof Int32Array)) {
    return referenceSoftmaxCrossEntropy(inputs, params, out);
  }
  const rows = labels.data.length;
  if (rows === 0) return new Float32Array(0);
  const cols = logits.data.length / rows;
  const arena = kernelArena();
  arena.reset();
  const z = arena.allocF32(logits.data.length, logits.data);
  const y = arena.allocI32(labels.data);
  const loss = arena.allocF32(rows);
  const e = arena.allocF32(vectorFloats(rows * cols));
  arena.exports.softmaxCrossEntropyF32(z, y, rows, cols, loss, e, arena.alloc(rowWork(rows)));
  return arena.readF32(loss, rows);
};

/** g·(softmax(z) − onehot(labels)) per row of float32 logits: the VJP of softmaxCrossEntropy. */
export const wasmSoftmaxCrossEntropyGrad: Kernel<'softmaxCrossEntropyGrad'> = (inputs, params, out) => {
  const [logits, labels, g] = inputs;
  if (out.dtype !== 'float32' || !(logits.data instanceof Float32Array) || !(labels.data instanceof Int32Array) || !(g.data instanceof Float32Array)) {
    return referenceSoftmaxCrossEntropyGrad(inputs, params, out);
  }
  const rows = labels.data.length;
  if (rows === 0) return new Float32Array(logits.data.length);
  const cols = logits.data.length / rows;
  const arena = kernelArena();
  arena.reset();
  const z = arena.allocF32(logits.data.length, logits.data);
  const y = arena.allocI32(labels.data);
  const pg = arena.allocF32(rows, g.data);
  const grad = arena.allocF32(vectorFloats(rows * cols));
  arena.exports.softmaxCrossEntropyGradF32(z, y, pg, rows, cols, grad, arena.alloc(rowWork(rows)));
  return arena.readF32(grad, rows * cols);
};
