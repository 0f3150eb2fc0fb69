// The op table: every primitive's derivatives against central finite differences in float64, to second order.

import { describe, expect, it } from 'vitest';
import type { Prim } from '../../src/core/primitives.js';
import {
  abs, add, argmax, cast, concat, cos, div, equal, erf, exp, gather, less, log, matmul, max, maximum, mul, neg, pad,
  permute, pow, reshape, scatterAdd, sigmoid, sign, sin, slice, softplus, sqrt, sub, sum, tanh, where, broadcastTo,
  checkGradients, Rng, tensor, linear, softmaxCrossEntropy, type Tensor, relu, leakyRelu, gelu, minimum, mean, min, logsumexp, softmax, logSoftmax, stack,
} from '../../src/index.js';

import { opTable as rows, sample, type Domain, type Row } from './op-table.js';

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
