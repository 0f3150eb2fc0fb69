// Reference kernels of the fused primitives: sigmoidGrad, linear (product then bias), softmax cross-entropy and its gradient.

import { allocate } from '../../core/dtype.js';
import type { Kernel } from '../backend.js';
import { matmul } from './matmul.js';
import { sigmoid } from './special.js';

/** g·y·(1 − y), rounded once to the output dtype. */
export const sigmoidGrad: Kernel<'sigmoidGrad'> = ([y, g], _params, out) => {
  const d = allocate(out.dtype, y.data.length);
  for (let i = 0; i < d.length; i++) d[i] = g.data[i] * (y.data[i] * (1 - y.data[i]));
  return d;
};

/**
 * y = x·wᵀ + b: the matmul kernel's NT product, then the bias added to each row (rounded as add
 * would), then σ where asked (as the sigmoid kernel computes it).
 */
export const linear: Kernel<'linear'> = ([x, w, b], { activation }, out) => {
  const y = matmul([x, w], { transA: false, transB: true }, out);
  const n = out.shape[1];
  const bias = b.data;
  for (let r = 0; r < y.length; r += n) for (let j = 0; j < n; j++) y[r + j] += bias[j];
  if (activation === 'sigmoid') for (let i = 0; i < y.length; i++) y[i] = sigmoid(y[i]);
  return y;
};

/**
 * The stable logsumexp shift of one row: its max, or 0 when the max is ±∞ or NaN (as ops'
 * stableShift), so infinite logits give the composite's infinities and NaNs.
 */
function shift(z: ArrayLike<number>, o: number, classes: number): number {
  let m = -Infinity;
  for (let c = 0; c < classes; c++) {
    const v = z[o + c];
    if (Number.isNaN(v)) return 0;
    if (v > m) m = v;
  }
  return Number.isFinite(m) ? m : 0;
}

/** ℓ_r = log Σ_c e^{z_rc − m} + m − z_r,label in float64, rounded once to the output dtype. */
export const softmaxCrossEntropy: Kernel<'softmaxCrossEntropy'> = ([logits, labels], _params, out) => {
  const classes = logits.shape[logits.shape.length - 1];
  const z = logits.data;
  const loss = allocate(out.dtype, labels.data.length);
  for (let r = 0; r < loss.length; r++) {
    const o = r * classes;
    const m = shift(z, o, classes);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(z[o + c] - m);
    loss[r] = Math.log(total) + m - z[o + labels.data[r]];
  }
  return loss;
};

/** g_r·(softmax(z_r) − onehot(label_r)), the softmax in float64 per row. */
export const softmaxCrossEntropyGrad: Kernel<'softmaxCrossEntropyGrad'> = ([logits, labels, g], _params, out) => {
  const classes = logits.shape[logits.shape.length - 1];
  const z = logits.data;
  const grad = allocate(out.dtype, z.length);
  const e = new Float64Array(classes);
  for (let r = 0; r < labels.data.length; r++) {
    const o = r * classes;
    const m = shift(z, o, classes);
    let total = 0;
    for (let c = 0; c < classes; c++) total += e[c] = Math.exp(z[o + c] - m);
    const scale = g.data[r] / total;
    for (let c = 0; c < classes; c++) grad[o + c] = e[c] * scale;
    grad[o + labels.data[r]] = (e[labels.data[r]] / total - 1) * g.data[r];
  }
  return grad;
};
