// Activations and normalisers composed from primitives: relu, leakyRelu, gelu, softmax, logSoftmax, oneHot.

import { formatShape, normalizeAxis, shapesEqual } from '../core/shape.js';
import type { DType } from '../core/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { add, equal, erf, lessEqual, mul, sub, tanh, where, cast } from './elementwise.js';
import { stableShift, sum } from './reduce.js';
import { assertFloat } from './convert.js';
import { peekData } from './trace-hook.js';
import { region, withVjp } from './composite.js';
import { log } from './elementwise.js';
import { exp } from './elementwise.js';
import { reshape } from './movement.js';

/** max(x, 0). Its derivative at 0 is 0, as in PyTorch (the gradient takes the zero branch). */
export function relu(x: Tensor): Tensor {
  // x ≤ 0 picks the zero branch, so relu'(0) = 0; NaN fails the test and passes through, as in PyTorch
  return where(lessEqual(x, 0), 0, x);
}

/** x for x > 0, αx otherwise. Its derivative at 0 is α, as in PyTorch. */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  return where(lessEqual(x, 0), mul(x, alpha), x);
}

const sqrtHalf = Math.SQRT1_2;
const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);

/**
 * GELU. `approximate: 'none'` (default) is the exact x·Φ(x) = ½x(1 + erf(x/√2)); `'tanh'` is
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))), both as in PyTorch.
 */
export function gelu(x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  if ((options.approximate ?? 'none') === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), sqrtTwoOverPi);
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, sqrtHalf)), 1));
}

/** log softmax along `axis`: x − logsumexp(x), finite for inputs of ±1000. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis('logSoftmax', axis, x.shape);
  // (x − m) − log Σ exp(x − m): subtracting before adding m back keeps the digits at x ≈ ±1000
  const shifted = sub(x, stableShift(x, [a]));
  return sub(shifted, log(sum(exp(shifted), a, true)));
}

/** softmax along `axis`: exp(x − logsumexp(x)), finite for inputs of ±1000. */
export function softmax(x: Tensor, axis = -1): Tensor {
  normalizeAxis('softmax', axis, x.shape);
  return exp(logSoftmax(x, axis));
}

/**
 * One-hot encoding of integer labels: shape labels.shape + [numClasses], in `dtype` (float32 by default).
 * @example oneHot(tensor([2, 0], { dtype: 'int32' }), 3) // [[0,0,1],[1,0,0]]
 */
export function oneHot(labels: Tensor, numClasses: number, dtype: DType = 'float32'): Tensor {
  if (labels.dtype !== 'int32') throw new Error(`oneHot: labels must be int32, got ${labels.dtype}`);
  for (const v of peekData(labels)) {
    if (v < 0 || v >= numClasses) throw new Error(`oneHot: label ${v} is out of range for ${numClasses} classes (labels of shape ${formatShape(labels.shape)})`);
  }
  const classes = Tensor.fromNode(Int32Array.from({ length: numClasses }, (_, i) => i), [numClasses], 'int32', null);
  return cast(equal(reshape(labels, [...labels.shape, 1]), classes), dtype);
}

/** Checks int32 class indices against scores [..., C]: dtype, shape and range, naming `op`. */
export function checkLabels(op: string, scores: Tensor, labels: Tensor): void {
  assertFloat(op, scores);
  if (labels.dtype !== 'int32') throw new Error(`${op}: labels must be int32 class indices, got ${labels.dtype}`);
  if (scores.rank < 1 || !shapesEqual(labels.shape, scores.shape.slice(0, -1))) {
    throw new Error(`${op}: class indices of shape ${formatShape(labels.shape)} do not match scores of shape ${formatShape(scores.shape)}`);
  }
  const classes = scores.shape[scores.rank - 1];
  const values = peekData(labels);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= classes) throw new Error(`${op}: label ${v} is out of range for ${classes} classes (index ${i} of labels of shape ${formatShape(labels.shape)})`);
  }
}

/**
 * Cross-entropy of each row of logits z against an int32 class index y: −log softmax(z)[y] =
 * logsumexp(z) − z[y], stable for logits of ±1000; shape logits.shape without its last axis. Its
 * gradient, softmax(z) − onehot(y), follows from the composition.
 * @example softmaxCrossEntropy(logits, labels).mean()   // the usual classification loss
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  checkLabels('softmaxCrossEntropy', logits, labels);
  const count = logits.shape[logits.rank - 1];
  const classes = Tensor.fromNode(Int32Array.from({ length: count }, (_, i) => i), [count], 'int32', null);
  const isLabel = () => equal(reshape(labels, [...labels.shape, 1]), classes);
  return withVjp(
    'softmaxCrossEntropy',
    [logits, labels],
    // −logSoftmax(z)[label] = logsumexp(z − m) − (z − m)[label]: shifted first, so float32 keeps
    // its digits at logits of ±1000; picked by a where, not ·onehot (−∞·0 would be NaN);
    // 0 − picked is +0 where a certain prediction costs nothing (neg would give −0)
    () => sub(0, sum(where(isLabel(), logSoftmax(logits, -1), 0), -1)),
    // ∂ℓ/∂z = softmax(z) − onehot(y), times each row's cotangent
    (g) => [
      region('softmaxCrossEntropyGrad', [logits, labels, g], () => mul(sub(softmax(logits, -1), cast(isLabel(), logits.dtype)), reshape(g, [...g.shape, 1]))),
      null,
    ],
  );
}
