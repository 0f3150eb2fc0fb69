// The op table: every primitive's derivatives against central finite differences in float64, to second order.

import { describe, expect, it } from 'vitest';
import type { Prim } from '../../src/core/primitives.js';
import {
  abs, add, argmax, cast, concat, cos, div, equal, erf, exp, gather, less, log, matmul, max, maximum, mul, neg, pad,
  permute, pow, reshape, scatterAdd, sigmoid, sign, sin, slice, softplus, sqrt, sub, sum, tanh, where, broadcastTo,
  checkGradients, Rng, tensor, linear, softmaxCrossEntropy, type Tensor, relu, leakyRelu, gelu, minimum, mean, min, logsumexp, softmax, logSoftmax, stack,
} from '../../src/index.js';

type Domain = 'any' | 'positive' | 'awayFromZero';

interface Row {
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

const rows = {
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

function sample(rng: Rng, shape: number[], domain: Domain): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    data[i] = domain === 'positive' ? 0.3 + 2 * u : domain === 'awayFromZero' ? (u < 0.5 ? -1 : 1) * (0.3 + 1.5 * rng.uniform()) : 4 * u - 2;
  }
  return tensor(data, { shape, dtype: 'float64' });
}

describe('every primitive matches central finite differences in float64', () => {
  for (const [prim, row] of Object.entries(rows) as [Prim, Row][]) {
    if (row.check) {
      it(`${prim} has no derivative and computes the right values`, () => row.check!());
      continue;
    }
    it(`${prim}: first and second derivatives over random shapes`, () => {
      const rng = new Rng(prim.length * 7919 + prim.charCodeAt(0));
      for (let trial = 0; trial < 3; trial++) {
        const inputs = row.shapes(rng).map((s) => sample(rng, s, row.domain ?? 'any'));
        const f = (...xs: Tensor[]) => row.f(...xs);
        const result = checkGradients(f, inputs, { order: 2, ...(row.tolerance ?? { atol: 1e-6, rtol: 1e-5 }) });
        expect(result.checked, `${prim} compared no entries`).toBeGreaterThan(0);
        expect(result.ok, `${prim} shapes ${JSON.stringify(inputs.map((x) => x.shape))}: ${JSON.stringify(result.worst)}`).toBe(true);
      }
    });
  }
});

describe('compositions match finite differences to second order', () => {
  const composites: Record<string, { f: (x: Tensor) => Tensor; shape: number[]; domain?: Domain }> = {
    'relu (away from 0)': { f: (x) => relu(x).mul(x), shape: [5], domain: 'awayFromZero' },
    'leakyRelu (away from 0)': { f: (x) => leakyRelu(x, 0.1).mul(x), shape: [5], domain: 'awayFromZero' },
    'gelu (exact)': { f: (x) => gelu(x), shape: [5] },
    'gelu (tanh)': { f: (x) => gelu(x, { approximate: 'tanh' }), shape: [5] },
    minimum: { f: (x) => minimum(x, x.mul(x).sub(1)), shape: [5] },
    mean: { f: (x) => mean(x.mul(x), 1), shape: [2, 3] },
    min: { f: (x) => min(x, 0), shape: [3, 2] },
    logsumexp: { f: (x) => logsumexp(x, 1, true), shape: [2, 3] },
    softmax: { f: (x) => softmax(x, 0), shape: [3, 2] },
    logSoftmax: { f: (x) => logSoftmax(x), shape: [2, 4] },
    stack: { f: (x) => stack([x, x.mul(x)], 1).sum(0), shape: [3] },
    'linear (x·wᵀ + b, w and b from x)': { f: (x) => linear(x.reshape([2, 3]), x.reshape([2, 3]).mul(x.reshape([2, 3])), x.slice([0], [2])), shape: [6] },
    'softmaxCrossEntropy (labels 0, 2)': { f: (x) => { const l = softmaxCrossEntropy(x, tensor([0, 2], { dtype: 'int32' })); return l.mul(l); }, shape: [2, 3] },
  };
  for (const [name, { f, shape, domain }] of Object.entries(composites)) {
    it(name, () => {
      const x = sample(new Rng(name.length), shape, domain ?? 'any');
      const result = checkGradients(f, [x], { order: 2, atol: 1e-6, rtol: 1e-5 });
      expect(result.ok, JSON.stringify(result.worst)).toBe(true);
    });
  }
});
