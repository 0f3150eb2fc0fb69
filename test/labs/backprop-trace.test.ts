// The backprop trace: every gradient by the explicit chain rule, equal to autodiff and to finite differences.

import { describe, expect, it } from 'vitest';
import { backpropTrace } from '../../src/labs/index.js';
import type { BackpropOptions, NamedParameters } from '../../src/labs/index.js';

const course: BackpropOptions = {
  sizes: [2, 3, 2], f: '3*relu(z)', g: 'z', loss: 'sse', x: [1, 2], y: [0, 1], lr: 0.1,
  weights: { W1: [[1, 0], [0, 1], [1, -1]], b1: [0, 0, 0], W2: [[1, 1, 1], [0, 1, -1]], b2: [0, 0] },
};

/** Central differences of C with respect to every parameter entry. */
function finiteDifferences(options: BackpropOptions, h = 1e-6): NamedParameters {
  const base = backpropTrace(options).parameters;
  const out: NamedParameters = {};
  for (const [name, value] of Object.entries(base)) {
    const flat = (value as number[] | number[][]).flat();
    const cols = Array.isArray(value[0]) ? (value[0] as number[]).length : 0;
    const grads = flat.map((_, k) => {
      const shifted = (d: number) => {
        const copy = structuredClone(base);
        const target = copy[name]!;
        if (cols > 0) (target as number[][])[Math.floor(k / cols)]![k % cols]! += d;
        else (target as number[])[k]! += d;
        return backpropTrace({ ...options, weights: copy }).loss;
      };
      return (shifted(h) - shifted(-h)) / (2 * h);
    });
    out[name] = cols > 0 ? Array.from({ length: flat.length / cols }, (_, i) => grads.slice(i * cols, (i + 1) * cols)) : grads;
  }
  return out;
}

const maxDiff = (a: NamedParameters, b: NamedParameters): number =>
  Math.max(...Object.keys(a).flatMap((k) => (a[k] as number[] | number[][]).flat().map((v, i) => Math.abs(v - (b[k] as number[] | number[][]).flat()[i]!))));

describe('backpropTrace', () => {
  it('writes the course network 2-3-2, f = 3·ReLU, g = identity, sse, by hand', () => {
    const t = backpropTrace(course);
    // s₁ = (1, 2, −1), a₁ = 3·relu = (3, 6, 0); s₂ = ỹ = (9, 6); C = 81 + 25 = 106
    expect(t.forward[0]).toEqual({ layer: 1, input: [1, 2], s: [1, 2, -1], a: [3, 6, 0] });
    expect(t.forward[1]).toEqual({ layer: 2, input: [3, 6, 0], s: [9, 6], a: [9, 6] });
    expect(t.loss).toBe(106);
    const [out, hidden] = t.backward;
    // ∂C/∂ỹ = 2(ỹ − y) = (18, 10); identity: ∂ỹ/∂s₂ = I; δ₂ = (18, 10); ∂C/∂W₂ = δ₂a₁ᵀ
    expect(out!.dC_da).toEqual([18, 10]);
    expect(out!.da_ds).toEqual([[1, 0], [0, 1]]);
    expect(out!.delta).toEqual([18, 10]);
    expect(out!.dW).toEqual([[54, 108, 0], [30, 60, 0]]);
    // ∂C/∂a₁ = W₂ᵀδ₂ = (18, 28, 8); ∂a₁/∂s₁ = diag(3, 3, 0); δ₁ = (54, 84, 0); ∂C/∂W₁ = δ₁xᵀ
    expect(hidden!.dC_da).toEqual([18, 28, 8]);
    expect(hidden!.da_ds).toEqual([[3, 0, 0], [0, 3, 0], [0, 0, 0]]);
    expect(hidden!.delta).toEqual([54, 84, 0]);
    expect(hidden!.dW).toEqual([[54, 108], [84, 168], [0, 0]]);
    expect(hidden!.db).toEqual([54, 84, 0]);
    // one step of η = 0.1
    expect(t.updated.W1).toEqual([[1 - 5.4, 0 - 10.8], [0 - 8.4, 1 - 16.8], [1, -1]].map((r) => r.map((v) => v)));
    expect(t.autodiffMaxError).toBe(0);
  });

  it.each([
    ['3·relu / identity / sse', { f: '3*relu(z)', g: 'z', loss: 'sse' }],
    ['tanh / σ / sse', { f: 'tanh(z)', g: 'sigmoid(z)', loss: 'sse' }],
    ['tanh / σ / bce', { f: 'tanh(z)', g: 'sigmoid(z)', loss: 'bce' }],
    ['σ / identity / mse', { f: 'sigmoid(z)', g: 'z', loss: 'mse' }],
    ['z² / softplus / mse', { f: 'z^2', g: 'softplus(z)', loss: 'mse' }],
    ['relu / softmax / sse', { f: 'relu(z)', g: 'softmax', loss: 'sse' }],
    ['gelu / softmax / ce', { f: 'gelu(z)', g: 'softmax', loss: 'ce' }],
  ] as const)('%s: the chain rule equals autodiff and finite differences', (_, net) => {
    const options: BackpropOptions = { sizes: [3, 4, 3], x: [0.5, -1, 2], y: net.loss === 'ce' || net.g === 'softmax' ? [0, 1, 0] : [0.2, 0.9, 0], seed: 5, ...net };
    const t = backpropTrace(options);
    expect(t.autodiffMaxError).toBeLessThan(1e-12);
    expect(maxDiff(t.gradients, finiteDifferences(options))).toBeLessThan(1e-6);
  });

  it('a three-layer ReLU net with softmax output and quadratic loss: full softmax Jacobian, first-layer update right', () => {
    const options: BackpropOptions = { sizes: [2, 3, 3, 2], f: 'relu(z)', g: 'softmax', loss: 'sse', x: [1, -2], y: [0, 1], seed: 2, lr: 0.5 };
    const t = backpropTrace(options);
    expect(t.autodiffMaxError).toBeLessThan(1e-12);
    expect(maxDiff(t.gradients, finiteDifferences(options))).toBeLessThan(1e-6);
    const out = t.backward[0]!;
    const a = t.forward[2]!.a;
    // ∂ỹᵢ/∂sⱼ = ỹᵢ(δᵢⱼ − ỹⱼ): off-diagonal entries −ỹ₁ỹ₂, not zero
    expect(out.da_ds[0]![1]).toBeCloseTo(-a[0]! * a[1]!, 15);
    expect(out.da_ds[0]![0]).toBeCloseTo(a[0]! * (1 - a[0]!), 15);
    expect(Math.abs(out.da_ds[0]![1]!)).toBeGreaterThan(0.01);
    // keeping only the diagonal gives a different δ₃ (and so a wrong update)
    const diagonalOnly = out.dC_da.map((d, i) => out.da_ds[i]![i]! * d);
    expect(Math.max(...diagonalOnly.map((d, i) => Math.abs(d - out.delta[i]!)))).toBeGreaterThan(0.01);
    // W₁ ← W₁ − η ∂C/∂W₁
    const W1 = t.parameters.W1 as number[][];
    const g1 = t.gradients.W1 as number[][];
    expect(t.updated.W1).toEqual(W1.map((row, i) => row.map((w, j) => w - 0.5 * g1[i]![j]!)));
  });

  it('reports each Jacobian and gradient with the shape of its layer', () => {
    const t = backpropTrace({ sizes: [4, 3, 5, 2], f: 'tanh(z)', g: 'z', x: [1, 2, 3, 4], y: [0, 1] });
    expect(t.backward.map((r) => r.layer)).toEqual([3, 2, 1]);
    expect(t.backward.map((r) => [r.dC_da.length, r.da_ds.length, r.da_ds[0]!.length, r.delta.length, r.dW.length, r.dW[0]!.length, r.db.length])).toEqual([
      [2, 2, 2, 2, 2, 5, 2],
      [5, 5, 5, 5, 5, 3, 5],
      [3, 3, 3, 3, 3, 4, 3],
    ]);
    // elementwise activations: ∂a/∂s is diagonal
    for (const r of t.backward) r.da_ds.forEach((row, i) => row.forEach((v, j) => i !== j && expect(v).toBe(0)));
  });

  it('draws reproducible weights on [−1, 1] with two decimals from the seed', () => {
    const a = backpropTrace({ x: [1, 2], y: [0, 1], seed: 9 });
    expect(backpropTrace({ x: [1, 2], y: [0, 1], seed: 9 }).parameters).toEqual(a.parameters);
    for (const v of Object.values(a.parameters).flat(2) as number[]) {
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      expect(Math.round(v * 100) / 100).toBe(v);
    }
    expect(a.sizes).toEqual([2, 3, 2]);
  });

  it('infers the sizes from the weights', () => {
    expect(backpropTrace({ weights: course.weights, x: [1, 2], y: [0, 1] }).sizes).toEqual([2, 3, 2]);
  });

  it('handles edge values: zero input, large activations and a size-1 network', () => {
    expect(backpropTrace({ sizes: [1, 1], x: [0], y: [0], g: 'z' }).autodiffMaxError).toBe(0);
    const big = backpropTrace({ sizes: [2, 2, 2], f: 'tanh(z)', g: 'softmax', loss: 'ce', x: [1e3, -1e3], y: [1, 0], seed: 3 });
    expect(Number.isFinite(big.loss)).toBe(true);
    expect(big.autodiffMaxError).toBeLessThan(1e-9);
  });

  it('rejects bad input with one-line reasons', () => {
    const ok = { x: [1, 2], y: [0, 1] };
    expect(() => backpropTrace({ ...ok, sizes: [2] })).toThrow(/at least an input and an output width/);
    expect(() => backpropTrace({ ...ok, sizes: [2, 0, 2] })).toThrow(/every width must be an integer from 1 to 64/);
    expect(() => backpropTrace({ ...ok, sizes: [2, 64, 64, 64, 64, 2] })).toThrow(/has 12802 parameters, more than the limit of 10000/);
    expect(() => backpropTrace({ ...ok, sizes: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2] })).toThrow(/at most 8 layers/);
    expect(() => backpropTrace({ x: [1], y: [0, 1] })).toThrow(/--x needs 2 numbers \(the input width\), got 1/);
    expect(() => backpropTrace({ ...ok, x: [10, 20], loss: 'bce', g: 'z', seed: 1 })).toThrow(/--loss bce needs every output in \(0, 1\)/);
    expect(() => backpropTrace({ ...ok, f: 'w*z' })).toThrow(/f must be an expression in z, found w/);
    expect(() => backpropTrace({ ...ok, f: 'softmax' })).toThrow(/softmax is an output activation/);
    expect(() => backpropTrace({ ...ok, g: 'foo(z)' })).toThrow(/g: unknown function 'foo'/);
    expect(() => backpropTrace({ ...ok, loss: 'hinge' as never })).toThrow(/unknown loss "hinge"/);
    expect(() => backpropTrace({ ...ok, sizes: [2, 3, 2], weights: { ...course.weights, W2: [[1, 2]] } })).toThrow(/W2 must have shape \[out, in\] = \[2, 3\]/);
    expect(() => backpropTrace({ ...ok, weights: { ...course.weights, b1: [0, Number.NaN, 0] } })).toThrow(/b1 must be a list of 3 finite numbers/);
    expect(() => backpropTrace({ ...ok, weights: { ...course.weights, W3: [[1]] }, sizes: [2, 3, 2] })).toThrow(/unexpected W3/);
  });
});
