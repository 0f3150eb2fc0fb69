// Specification of numerical stability: stable forms at ±1000 (finite and accurate), NaN propagation, zeros, empty and size-1 shapes.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import {
  abs, add, cos, div, equal, erf, exp, gelu, grad, greater, greaterEqual, leakyRelu, less, lessEqual, log, logSoftmax, logsumexp, maximum,
  minimum, mul, neg, notEqual, pow, relu, sigmoid, sign, sin, softmax, softplus, sqrt, sub, sum, tanh, tensor, zeros,
} from '../../src/index.js';
import type { FloatDType, Tensor } from '../../src/index.js';

const floats: FloatDType[] = ['float32', 'float64'];
const LN2 = Math.LN2;
/** log(1 + e^{−1}), so that softmax([1000, 999]) = [σ(1), σ(−1)] and logSoftmax = −[c, 1 + c]. */
const c1 = Math.log1p(Math.exp(-1));
const sigma1 = 1 / (1 + Math.exp(-1));

/** A tolerance fitting the dtype: a few units in the last place, relative above 1 and absolute below. */
function ulps(dtype: FloatDType, n = 4): { rtol: number; atol: number } {
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  return { rtol: n * eps, atol: n * eps };
}

function allFinite(t: Tensor): boolean {
  return Array.from(t.data).every(Number.isFinite);
}

describe('stable forms at ±1000', () => {
  for (const dtype of floats) {
    const t = (v: number[]) => tensor(v, { dtype });

    describe(dtype, () => {
      it('logsumexp is finite and equals max + log Σ exp(x − max)', () => {
        expectClose([logsumexp(t([1000, 1000])).item()], [1000 + LN2], ulps(dtype));
        expectClose([logsumexp(t([-1000, -1000])).item()], [-1000 + LN2], ulps(dtype));
        expectClose([logsumexp(t([1000, -1000])).item()], [1000], ulps(dtype));
        expectClose([logsumexp(t([1000, 999])).item()], [1000 + c1], ulps(dtype));
        expectClose(logsumexp(tensor([[1000, 1000], [-1000, 0]], { dtype }), 1).data, [1000 + LN2, 0], ulps(dtype));
      });

      it('softmax is finite, sums to 1 and equals its known limits', () => {
        const cases: Array<[number[], number[]]> = [
          [[1000, 1000], [0.5, 0.5]],
          [[-1000, -1000], [0.5, 0.5]],
          [[1000, -1000, 0], [1, 0, 0]],
          [[1000, 999], [sigma1, 1 - sigma1]],
          [[-1000, -999], [1 - sigma1, sigma1]],
        ];
        for (const [x, want] of cases) {
          const s = softmax(t(x));
          expect(allFinite(s)).toBe(true);
          expectClose(s.data, want, ulps(dtype));
          expectClose([sum(s).item()], [1], ulps(dtype));
        }
      });

      it('logSoftmax is finite and equals its known limits', () => {
        const cases: Array<[number[], number[]]> = [
          [[1000, 1000], [-LN2, -LN2]],
          [[-1000, -1000], [-LN2, -LN2]],
          [[1000, -1000, 0], [0, -2000, -1000]],
          [[1000, 999], [-c1, -1 - c1]],
        ];
        for (const [x, want] of cases) {
          const s = logSoftmax(t(x));
          expect(allFinite(s)).toBe(true);
          expectClose(s.data, want, ulps(dtype));
        }
      });

      it('softmax and logSoftmax work along any axis', () => {
        const x = tensor([[1000, -1000], [1000, -1000]], { dtype });
        expectClose(softmax(x, 0).data, [0.5, 0.5, 0.5, 0.5], ulps(dtype));
        expectClose(logSoftmax(x, 1).data, [0, -2000, 0, -2000], ulps(dtype));
      });

      it('sigmoid saturates to exactly 0 and 1 and keeps tiny values accurate', () => {
        expect(Array.from(sigmoid(t([1000, -1000, 0])).data)).toEqual([1, 0, 0.5]);
        // for x ≪ 0, σ(x) = eˣ/(1 + eˣ): a naive 1/(1 + e^{−x}) would be right too, but 1 − σ(−x) would be 0
        const x = dtype === 'float32' ? -80 : -700;
        expectClose([sigmoid(t([x])).item()], [Math.exp(x) / (1 + Math.exp(x))], ulps(dtype));
      });

      it('softplus is x at +1000, 0 at −1000, and keeps tiny values accurate', () => {
        expect(Array.from(softplus(t([1000, -1000])).data)).toEqual([1000, 0]);
        expectClose([softplus(t([0])).item()], [LN2], ulps(dtype));
        // log(1 + eˣ) ≈ eˣ for x ≪ 0: relative accuracy, where log(1 + eˣ) computed naively gives 0
        const x = dtype === 'float32' ? -80 : -700;
        expectClose([softplus(t([x])).item()], [Math.log1p(Math.exp(x))], ulps(dtype));
        expectClose([softplus(t([30])).item()], [30 + Math.log1p(Math.exp(-30))], ulps(dtype));
      });

      it('their gradients are finite at ±1000', () => {
        const x = tensor([1000, -1000, 0], { dtype });
        // ∇ logsumexp = softmax
        expectClose(grad((v: Tensor) => logsumexp(v))(x).data, [1, 0, 0], ulps(dtype));
        // σ' = σ(1 − σ)
        expectClose(grad((v: Tensor) => sigmoid(v).sum())(x).data, [0, 0, 0.25], ulps(dtype));
        // softplus' = σ
        expectClose(grad((v: Tensor) => softplus(v).sum())(x).data, [1, 0, 0.5], ulps(dtype));
        // ∂/∂x Σ logSoftmax(x) = 1 − n·softmax(x)
        expectClose(grad((v: Tensor) => logSoftmax(v).sum())(x).data, [-2, 1, 1], ulps(dtype));
        const w = tensor([1, 2, 3], { dtype });
        expect(allFinite(grad((v: Tensor) => softmax(v).mul(w).sum())(x))).toBe(true);
        expect(allFinite(grad((v: Tensor) => gelu(v).sum())(x))).toBe(true);
        expect(allFinite(grad((v: Tensor) => tanh(v).sum())(x))).toBe(true);
      });
    });
  }

  it('logsumexp handles infinities: +∞ wins, all −∞ gives −∞, and softmax masks −∞ entries to 0', () => {
    expect(logsumexp(tensor([Infinity, 1])).item()).toBe(Infinity);
    expect(logsumexp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(Array.from(softmax(tensor([0, -Infinity, 0])).data)).toEqual([0.5, 0, 0.5]);
  });
});

/** Each unary elementwise op with its values at NaN, 0, +1000 and −1000 (float64). */
const unary: Array<[string, (x: Tensor) => Tensor, [number, number, number]]> = [
  ['neg', neg, [-0, -1000, 1000]],
  ['exp', exp, [1, Infinity, 0]],
  ['log', log, [-Infinity, Math.log(1000), NaN]],
  ['sqrt', sqrt, [0, Math.sqrt(1000), NaN]],
  ['abs', abs, [0, 1000, 1000]],
  ['sin', sin, [0, Math.sin(1000), Math.sin(-1000)]],
  ['cos', cos, [1, Math.cos(1000), Math.cos(-1000)]],
  ['tanh', tanh, [0, 1, -1]],
  ['erf', erf, [0, 1, -1]],
  ['sign', sign, [0, 1, -1]],
  ['sigmoid', sigmoid, [0.5, 1, 0]],
  ['softplus', softplus, [LN2, 1000, 0]],
  ['relu', relu, [0, 1000, 0]],
  ['leakyRelu', (x) => leakyRelu(x, 0.1), [0, 1000, -100]],
  ['gelu', (x) => gelu(x), [0, 1000, -0]],
  ['gelu (tanh)', (x) => gelu(x, { approximate: 'tanh' }), [0, 1000, -0]],
];

describe('elementwise ops at special values', () => {
  for (const [name, f, [at0, atBig, atNegBig]] of unary) {
    describe(name, () => {
      it('propagates NaN', () => {
        expect(f(tensor([NaN], { dtype: 'float64' })).item()).toBeNaN();
        expect(f(tensor([NaN])).item()).toBeNaN();
      });

      it('gives the known values at 0 and ±1000', () => {
        const y = f(tensor([0, 1000, -1000], { dtype: 'float64' }));
        const want = [at0, atBig, atNegBig];
        for (let i = 0; i < 3; i++) {
          if (Number.isNaN(want[i])) expect(y.data[i]).toBeNaN();
          else if (!Number.isFinite(want[i])) expect(y.data[i]).toBe(want[i]);
          else expect(Math.abs(y.data[i] - want[i])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(want[i])));
        }
      });

      it('keeps empty shapes empty and size-1 shapes intact', () => {
        for (const shape of [[0], [2, 0], [0, 3, 1]]) {
          const y = f(zeros(shape, { dtype: 'float64' }));
          expect(y.shape).toEqual(shape);
          expect(y.size).toBe(0);
        }
        for (const shape of [[], [1], [1, 1], [3, 1]]) {
          const y = f(tensor(new Float64Array(shape.reduce((n, d) => n * d, 1)).fill(1000), { shape }));
          expect(y.shape).toEqual(shape);
          expect(y.data[0]).toBeCloseTo(atBig, 12);
        }
      });
    });
  }

  it('binary arithmetic propagates NaN from either side', () => {
    const n = tensor([NaN, 1], { dtype: 'float64' });
    const one = tensor([1, NaN], { dtype: 'float64' });
    for (const f of [add, sub, mul, div, maximum, minimum]) {
      expect(Array.from(f(n, one).data), f.name).toEqual([NaN, NaN]);
    }
    expect(pow(tensor([NaN]), 2).item()).toBeNaN();
    expect(pow(tensor([2]), NaN).item()).toBeNaN();
  });

  it('comparisons with NaN are false, and notEqual is true (IEEE 754)', () => {
    const n = tensor([NaN, NaN, 1]);
    const m = tensor([1, NaN, NaN]);
    expect(Array.from(less(n, m).data)).toEqual([0, 0, 0]);
    expect(Array.from(greater(n, m).data)).toEqual([0, 0, 0]);
    expect(Array.from(equal(n, m).data)).toEqual([0, 0, 0]);
    expect(Array.from(notEqual(n, m).data)).toEqual([1, 1, 1]);
    expect(Array.from(lessEqual(n, m).data)).toEqual([0, 0, 0]);
    expect(Array.from(greaterEqual(n, m).data)).toEqual([0, 0, 0]);
  });

  it('reductions and the stable forms propagate NaN', () => {
    const x = tensor([1, NaN, 3], { dtype: 'float64' });
    expect(sum(x).item()).toBeNaN();
    expect(logsumexp(x).item()).toBeNaN();
    expect(Array.from(softmax(x).data)).toEqual([NaN, NaN, NaN]);
    expect(Array.from(logSoftmax(x).data)).toEqual([NaN, NaN, NaN]);
  });

  it('softmax, logSoftmax and logsumexp accept empty and size-1 shapes', () => {
    expect(softmax(zeros([0, 3])).shape).toEqual([0, 3]);
    expect(logSoftmax(zeros([2, 0]), 0).shape).toEqual([2, 0]);
    expect(logsumexp(zeros([0, 3]), 1).shape).toEqual([0]);
    expect(Array.from(softmax(tensor([[1000], [-1000]])).data)).toEqual([1, 1]);
    expect(Array.from(logSoftmax(tensor([[1000], [-1000]])).data)).toEqual([0, 0]);
    expect(logsumexp(tensor([-1000])).item()).toBe(-1000);
  });

  it('division by zero follows IEEE 754', () => {
    expect(Array.from(div(tensor([1, -1, 0], { dtype: 'float64' }), 0).data)).toEqual([Infinity, -Infinity, NaN]);
  });
});
