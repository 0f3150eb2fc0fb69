// The op table: for every primitive, a function that exercises it and the shapes and domain of its inputs (used by the gradient checks and the jit checks).

import { expect } from 'vitest';
import type { Prim } from '../../src/core/primitives.js';
import {
  abs, add, argmax, cast, concat, cos, div, equal, erf, exp, gather, less, log, matmul, max, maximum, mul, neg, pad,
  permute, pow, reshape, scatterAdd, sigmoid, sign, sin, slice, softplus, sqrt, sub, sum, tanh, where, broadcastTo,
  Rng, tensor, linear, softmaxCrossEntropy, type Tensor, relu, leakyRelu, gelu, minimum, mean, min, logsumexp, softmax, logSoftmax, stack,
} from '../../src/index.js';

export type Domain = 'any' | 'positive' | 'awayFromZero';

export interface Row {
  /** Shapes of the float inputs for one trial, drawn from the rng (so each trial gets new shapes). */
  shapes: (rng: Rng) => number[][];
  /** The function under test; it must exercise the primitive. */
  f: (...xs: Tensor[]) => Tensor;
  domain?: Domain;
  /** Primitives without a derivative: instead of FD, `check` asserts the values. */
  check?: () => void;
  /** Looser finite differences, for rows that pass through float32. */
  tolerance?: { eps: number; atol: number; rtol: number };
}

const dim = (rng: Rng) => 1 + rng.int(3);
const shapeOf = (rng: Rng, rank = rng.int(4)) => Array.from({ length: rank }, () => dim(rng));

/** Two shapes that broadcast against each other, with some dimensions set to 1 and ranks differing. */
function broadcastPair(rng: Rng): number[][] {
  const full = shapeOf(rng, 1 + rng.int(3));
  const a = full.map((d) => (rng.int(3) === 0 ? 1 : d));
  const b = full.slice(rng.int(full.length)).map((d) => (rng.int(3) === 0 ? 1 : d));
  return [a, b];
}

/** Class indices for logits of `shape` [B, C]: row i is labelled i mod C. */
const labelsFor = (shape: readonly number[]) => tensor(Array.from({ length: shape[0] }, (_, i) => i % shape[1]), { dtype: 'int32' });

const unary = (op: (x: Tensor) => Tensor, domain: Domain = 'any'): Row => ({ shapes: (r) => [shapeOf(r)], f: op, domain });
const binary = (op: (a: Tensor, b: Tensor) => Tensor, domain: Domain = 'any'): Row => ({ shapes: broadcastPair, f: op, domain });

/** One row per primitive: inputs' shapes, a function that exercises it, and for the non-differentiable ones a check of values. */
export const opTable = {
  neg: unary(neg),
  exp: unary(exp),
  log: unary(log, 'positive'),
  sin: unary(sin),
  cos: unary(cos),
  sqrt: unary(sqrt, 'positive'),
  tanh: unary(tanh),
  erf: unary(erf),
  abs: unary(abs, 'awayFromZero'),
  sign: {
    shapes: () => [],
    f: sign,
    check: () => expect(sign(tensor([-2, 0, 3])).toArray()).toEqual([-1, 0, 1]),
  },
  sigmoid: unary(sigmoid),
  softplus: unary(softplus),
  // the round trip through float32 quantises f, so the step and tolerance are float32-sized
  cast: {
    shapes: (r) => [shapeOf(r)],
    f: (x) => { const y = cast(cast(x, 'float32'), 'float64'); return mul(y, y); },
    tolerance: { eps: 1e-2, atol: 1e-3, rtol: 1e-3 },
  },
  add: binary(add),
  sub: binary(sub),
  mul: binary(mul),
  div: binary(div, 'awayFromZero'),
  pow: binary(pow, 'positive'),
  maximum: binary(maximum),
  less: {
    shapes: () => [],
    f: less,
    check: () => expect(less(tensor([1, 2, 3]), 2).toArray()).toEqual([1, 0, 0]),
  },
  equal: {
    shapes: () => [],
    f: equal,
    check: () => expect(equal(tensor([1, 2, 3]), tensor([1, 0, 3])).toArray()).toEqual([1, 0, 1]),
  },
  where: {
    shapes: broadcastPair,
    f: (a, b) => where(less(a, 0.5), mul(a, b), sin(b)),
  },
  sum: { shapes: (r) => [shapeOf(r, 1 + r.int(3))], f: (x) => sum(mul(x, x), x.rank > 1 ? [0, x.rank - 1] : 0, true) },
  max: { shapes: (r) => [shapeOf(r, 1 + r.int(3))], f: (x) => max(x, -1) },
  argmax: {
    shapes: () => [],
    f: (x) => argmax(x),
    check: () => expect(argmax(tensor([[1, 5, 2], [7, 0, 7]]), 1).toArray()).toEqual([1, 0]),
  },
  reshape: { shapes: () => [[2, 3]], f: (x) => mul(reshape(x, [3, 2]), tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' })) },
  transpose: { shapes: () => [[2, 3, 2]], f: (x) => mul(permute(x, [2, 0, 1]), x.sum()) },
  expand: { shapes: (r) => [[1, dim(r)]], f: (x) => mul(broadcastTo(x, [3, x.shape[1]]), tensor([[1], [2], [3]], { dtype: 'float64' })) },
  slice: { shapes: () => [[3, 4]], f: (x) => mul(slice(x, [1, 1], [3, 3]), slice(x, [0, 2], [2, 4])) },
  pad: { shapes: () => [[2, 2]], f: (x) => mul(pad(x, [1, 0], [0, 2]), pad(x, [0, 1], [1, 1])) },
  concat: { shapes: () => [[2, 1], [2, 3]], f: (a, b) => mul(concat([a, b], 1), concat([b, a], 1)) },
  gather: {
    shapes: () => [[4, 2]],
    f: (x) => mul(gather(x, tensor([3, 0, 3], { dtype: 'int32' }), 0), gather(x, tensor([1, 1, 2], { dtype: 'int32' }), 0)),
  },
  scatterAdd: {
    shapes: () => [[3, 2]],
    f: (g) => { const s = scatterAdd(g, tensor([2, 0, 2], { dtype: 'int32' }), 0, 4); return mul(s, s); },
  },
  matmul: {
    shapes: (r) => { const [m, k, n] = [dim(r), dim(r) + 1, dim(r)]; return [[m, k], [k, n]]; },
    f: (a, b) => { const c = matmul(a, b); return mul(c, c); },
  },
} satisfies { [P in Prim]: Row };

/** Float64 inputs of `shape` from `rng`, in the row's domain. */
export function sample(rng: Rng, shape: number[], domain: Domain): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    data[i] = domain === 'positive' ? 0.3 + 2 * u : domain === 'awayFromZero' ? (u < 0.5 ? -1 : 1) * (0.3 + 1.5 * rng.uniform()) : 4 * u - 2;
  }
  return tensor(data, { shape, dtype: 'float64' });
}

