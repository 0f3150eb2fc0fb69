// Fused float32 kernels on typed arrays, measured as proposals: SGD update, bias+sigmoid, its backward, softmax+cross-entropy with its gradient.
//
// The SGD update is wired in (Backend.updates, used by optim/sgd.ts); the others would need a new
// primitive in ops/ (see bench/backends.ts, benchFusedProposals, for the measured gain of each).

import type { SgdStep } from '../backend.js';
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

/** σ(z + bias) with bias [cols] broadcast over the rows of z [rows, cols]. */
export function biasSigmoidF32(z: Float32Array, bias: Float32Array, rows: number, cols: number): Float32Array {
  const arena = kernelArena();
  arena.reset();
  const pz = arena.allocF32(z.length, z);
  const pb = arena.allocF32(bias.length, bias);
  arena.exports.biasSigmoidF32(pz, pb, pz, rows, cols);
  return arena.readF32(pz, z.length);
}

/** g·y·(1 − y): the gradient at the sigmoid's input from its output y and the incoming gradient g. */
export function sigmoidBackwardF32(y: Float32Array, g: Float32Array): Float32Array {
  const arena = kernelArena();
  arena.reset();
  const py = arena.allocF32(vectorFloats(y.length), y);
  const pg = arena.allocF32(vectorFloats(g.length), g);
  arena.exports.sigmoidBackwardF32(py, pg, py, y.length);
  return arena.readF32(py, y.length);
}

/**
 * Σ_rows (logsumexp(z_r) − z_r[label_r]) and its gradient scale·(softmax(z) − onehot(labels)),
 * in one pass over logits [rows, cols].
 */
export function softmaxCrossEntropyF32(logits: Float32Array, labels: Int32Array, rows: number, cols: number, scale = 1): { lossSum: number; grad: Float32Array } {
  for (const label of labels) if (!(label >= 0 && label < cols)) throw new Error(`softmaxCrossEntropy: label ${label} is out of range for ${cols} classes`);
  const arena = kernelArena();
  arena.reset();
  const pz = arena.allocF32(logits.length, logits);
  const pl = arena.allocI32(labels);
  const pg = arena.allocF32(logits.length);
  const lossSum = arena.exports.softmaxCrossEntropyF32(pz, pl, rows, cols, pg, scale);
  return { lossSum, grad: arena.readF32(pg, logits.length) };
}
