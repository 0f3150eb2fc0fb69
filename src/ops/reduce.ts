// Reductions: sum and max primitives with their VJPs; mean, min, logsumexp and argmax built on them.

import { formatShape, normalizeAxes, normalizeAxis, sizeOf } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import { div, equal, mul, neg, add, log, exp, sub, where, cast } from './elementwise.js';
import { noGrad } from './grad-mode.js';
import { broadcastTo, reshape } from './movement.js';
import type { PrimDef } from './prim-def.js';

export type Axes = number | readonly number[] | undefined;

function reducedShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export const sumDef: PrimDef<'sum'> = {
  infer: ([x], { axes }) => ({ shape: reducedShape(x.shape, axes), dtype: x.dtype }),
  // the adjoint of summing is copying the cotangent back along the summed axes
  vjp: (g, [x], _y, { axes }) => [broadcastTo(reshape(g, keptShape(x.shape, axes)), x.shape)],
};

export const maxDef: PrimDef<'max'> = {
  infer([x], { axes }) {
    for (const a of axes) {
      if (x.shape[a] === 0) throw new Error(`max: cannot reduce over axis ${a} of size 0 in shape ${formatShape(x.shape)}`);
    }
    return { shape: reducedShape(x.shape, axes), dtype: x.dtype };
  },
  // the gradient goes to the maximal entries, split evenly among ties (as torch.amax)
  vjp: (g, [x], y, { axes }) => {
    const kept = keptShape(x.shape, axes);
    const isMax = equal(x, reshape(y, kept));
    const count = reshape(sum(isMax, axes), kept);
    return [mul(isMax, div(reshape(g, kept), count))];
  },
};

function finish(y: Tensor, x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return keepdims ? reshape(y, keptShape(x.shape, axes)) : y;
}

/**
 * Sum over `axes` (all axes when omitted; a number or a list, negative counts from the end).
 * @example sum(x, 1, true) // row sums of a matrix, shape [m, 1]
 */
export function sum(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const a = normalizeAxes('sum', axes, x.shape);
  const y = a.length === 0 ? x : apply('sum', sumDef, [x], { axes: a });
  return finish(y, x, a, keepdims);
}

/** Arithmetic mean over `axes`; int32 input gives float32. */
export function mean(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const a = normalizeAxes('mean', axes, x.shape);
  const n = sizeOf(a.map((i) => x.shape[i]));
  const xf = x.dtype === 'int32' ? cast(x, 'float32') : x;
  return div(sum(xf, a, keepdims), n);
}

/** Maximum over `axes`. NaN propagates. The gradient is split evenly among tied maxima. */
export function max(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const a = normalizeAxes('max', axes, x.shape);
  const y = a.length === 0 ? x : apply('max', maxDef, [x], { axes: a });
  return finish(y, x, a, keepdims);
}

/** Minimum over `axes`: min x = −max(−x). */
export function min(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  normalizeAxes('min', axes, x.shape);
  return neg(max(neg(x), axes, keepdims));
}

/**
 * log Σ exp(x) over `axes`, computed as m + log Σ exp(x − m) with m = max x held constant, so it
 * stays finite for inputs of ±1000. Its gradient is softmax(x).
 */
export function logsumexp(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const a = normalizeAxes('logsumexp', axes, x.shape);
  if (a.length === 0) return x;
  const m = stableShift(x, a);
  const y = add(log(sum(exp(sub(x, m)), a, true)), m);
  return keepdims ? y : reshape(y, reducedShape(x.shape, a));
}

/**
 * The shift m = max x (0 where the max is ±∞ or NaN) used by the stable forms. It is a
 * constant: log Σ exp(x) = m + log Σ exp(x − m) holds for any m, so no gradient flows through it.
 */
export function stableShift(x: Tensor, axes: readonly number[]): Tensor {
  return noGrad(() => {
    const raw = max(x, axes, true);
    return where(equal(sub(raw, raw), 0), raw, 0);
  });
}

export const argmaxDef: PrimDef<'argmax'> = {
  infer([x], { axis }) {
    if (x.shape[axis] === 0) throw new Error(`argmax: axis ${axis} of shape ${formatShape(x.shape)} is empty`);
    return { shape: reducedShape(x.shape, [axis]), dtype: 'int32' };
  },
  vjp: undefined,
};

/** Index of the largest entry along `axis` (the first one at ties), as int32. Without an axis, over the flattened tensor. */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor {
  if (axis === undefined) return argmax(reshape(x, [x.size]), 0);
  const a = normalizeAxis('argmax', axis, x.shape);
  const y = apply('argmax', argmaxDef, [x], { axis: a });
  return keepdims ? reshape(y, keptShape(x.shape, [a])) : y;
}
