// Loss functions: crossEntropy, nll, mse, bce, bceWithLogits, each with mean or sum reduction.

import { formatShape, shapesEqual } from '../core/shape.js';
import { add, checkLabels, less, log, logSoftmax, mean, mul, neg, oneHot, softmaxCrossEntropy, softplus, sub, sum, where } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

export type Reduction = 'mean' | 'sum';

export interface LossOptions {
  /** 'mean' (default) averages over the batch; 'sum' adds. */
  reduction?: Reduction;
}

function reduce(perSample: Tensor, reduction: Reduction = 'mean'): Tensor {
  return reduction === 'sum' ? sum(perSample) : mean(perSample);
}

/** One-hot targets of the logits' dtype from int32 class indices, or the given probabilities. */
function targetDistribution(op: string, scores: Tensor, target: Tensor): Tensor {
  const classes = scores.shape[scores.rank - 1];
  if (target.dtype === 'int32') {
    if (!shapesEqual(target.shape, scores.shape.slice(0, -1))) {
      throw new Error(`${op}: class indices of shape ${formatShape(target.shape)} do not match scores of shape ${formatShape(scores.shape)}`);
    }
    return oneHot(target, classes, scores.dtype);
  }
  if (!shapesEqual(target.shape, scores.shape)) {
    throw new Error(`${op}: one-hot targets of shape ${formatShape(target.shape)} do not match scores of shape ${formatShape(scores.shape)}`);
  }
  return target;
}

/**
 * Cross-entropy from logits: −Σ_c t_c log softmax(z)_c per sample, with logSoftmax computed
 * stably. Targets are int32 class indices [B] or probabilities/one-hot [B, C].
 * @example crossEntropy(net.forward(x), labels)
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  // class indices: logsumexp(z) − z[label] per row (checked here, so errors name crossEntropy)
  if (target.dtype === 'int32' && shapesEqual(target.shape, logits.shape.slice(0, -1))) {
    checkLabels('crossEntropy', logits, target);
    return reduce(softmaxCrossEntropy(logits, target), options.reduction);
  }
  const t = targetDistribution('crossEntropy', logits, target);
  return reduce(neg(sum(mul(logSoftmax(logits, -1), t), -1)), options.reduction);
}

/** Negative log-likelihood of log-probabilities (e.g. the output of logSoftmax). */
export function nll(logProbs: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const t = targetDistribution('nll', logProbs, target);
  return reduce(neg(sum(mul(logProbs, t), -1)), options.reduction);
}

/**
 * Mean squared error. With 'mean', averages over every element (as torch.nn.MSELoss); int32
 * targets against [B, C] predictions are one-hot encoded first.
 */
export function mse(prediction: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const t = target.dtype === 'int32' && prediction.rank === target.rank + 1 ? targetDistribution('mse', prediction, target) : target;
  if (!shapesEqual(t.shape, prediction.shape)) {
    throw new Error(`mse: target of shape ${formatShape(t.shape)} does not match prediction of shape ${formatShape(prediction.shape)}`);
  }
  const d = sub(prediction, t);
  return reduce(mul(d, d), options.reduction);
}

/** e^−100: below it log x < −100, the clamp. */
const clampFloor = Math.exp(-100);

/**
 * max(log x, −100) without a gradient through log where the clamp holds: the clamped entries
 * take log of 1 instead (the double-where idiom), so log's rule g/x never sees x = 0 (0/0 = NaN
 * at x = 0 even with a zero cotangent). NaN fails `x < e^−100`, so it still reaches log and stays NaN.
 */
function clampedLog(x: Tensor): Tensor {
  const clamped = less(x, clampFloor);
  return where(clamped, -100, log(where(clamped, 1, x)));
}

/**
 * Binary cross-entropy of probabilities p: −(y log p + (1−y) log(1−p)), each log clamped at −100
 * as in PyTorch, so p = 0 or 1 gives a finite value (100 for a wrong certainty) and a finite
 * gradient (0 where a log is clamped). A NaN probability gives NaN. For logits, prefer
 * {@link bceWithLogits}.
 * @example bce(sigmoid(net.forward(x)), y)
 */
export function bce(probabilities: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  if (!shapesEqual(target.shape, probabilities.shape)) {
    throw new Error(`bce: target of shape ${formatShape(target.shape)} does not match probabilities of shape ${formatShape(probabilities.shape)}`);
  }
  const logP = clampedLog(probabilities);
  const log1mP = clampedLog(sub(1, probabilities));
  return reduce(neg(add(mul(target, logP), mul(sub(1, target), log1mP))), options.reduction);
}

/** Binary cross-entropy from logits z: softplus(z) − y·z, stable for any z. */
export function bceWithLogits(logits: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  if (!shapesEqual(target.shape, logits.shape)) {
    throw new Error(`bceWithLogits: target of shape ${formatShape(target.shape)} does not match logits of shape ${formatShape(logits.shape)}`);
  }
  return reduce(sub(softplus(logits), mul(target, logits)), options.reduction);
}
