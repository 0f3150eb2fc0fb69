// Specification of the activation modules: values against their formulas, gradients, and lookup by name.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { checkGradients } from '../../src/autodiff/index.js';
import {
  activationModule, activationNames, GELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Square, Tanh,
} from '../../src/nn/activations.js';
import type { Module } from '../../src/nn/module.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const xs = [-3, -1, -0.5, 0, 0.25, 1, 2.5];
const x64 = () => tensor(xs, { dtype: 'float64' });

/** Φ(x), the standard normal CDF, from erf by the series erf z = 2/√π Σ (−1)ⁿ z^(2n+1)/(n!(2n+1)). */
function normalCdf(x: number): number {
  const z = x / Math.SQRT2;
  let sum = 0;
  let term = z;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-z * z) / (n + 1);
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

const cases: Array<[string, () => Module, (v: number) => number]> = [
  ['Sigmoid: 1/(1+e^−x)', () => new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
  ['ReLU: max(x, 0)', () => new ReLU(), (v) => Math.max(v, 0)],
  ['LeakyReLU(0.1): x if x > 0 else 0.1x', () => new LeakyReLU(0.1), (v) => (v > 0 ? v : 0.1 * v)],
  ['LeakyReLU default alpha 0.01', () => new LeakyReLU(), (v) => (v > 0 ? v : 0.01 * v)],
  ['Tanh', () => new Tanh(), Math.tanh],
  ['GELU: x·Φ(x)', () => new GELU(), (v) => v * normalCdf(v)],
  ['GELU tanh approximation: ½x(1+tanh(√(2/π)(x+0.044715x³)))', () => new GELU('tanh'), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
  ['Identity', () => new Identity(), (v) => v],
  ['Square: z²', () => new Square(), (v) => v * v],
];

describe.each(cases)('%s', (_name, make, formula) => {
  it('matches its formula elementwise (float64)', () => {
    const y = make().forward(x64());
    expect(y.shape).toEqual([xs.length]);
    Array.from(y.data).forEach((v, i) => expect(v).toBeCloseTo(formula(xs[i]), 12));
  });

  it('has no parameters', () => {
    expect(make().parameters()).toEqual([]);
  });

  it('has a gradient that agrees with finite differences, away from kinks', () => {
    const smooth = tensor([-2.1, -0.7, 0.3, 1.9], { dtype: 'float64' });
    const module = make();
    const r = checkGradients((t: Tensor) => module.forward(t), [smooth]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
});

describe('known values', () => {
  it('sigmoid(0) = 0.5, ReLU(−1) = 0, tanh(0) = 0, GELU(1) = 0.8413447460685429', () => {
    const x = tensor([0, -1, 1], { dtype: 'float64' });
    expect(new Sigmoid().forward(x).data[0]).toBe(0.5);
    expect(new ReLU().forward(x).data[1]).toBe(0);
    expect(new Tanh().forward(x).data[0]).toBe(0);
    expect(new GELU().forward(x).data[2]).toBeCloseTo(0.8413447460685429, 12);
  });

  it('Sigmoid stays finite and saturates at ±1000 in float32', () => {
    expect(Array.from(new Sigmoid().forward(tensor([-1000, 1000])).data)).toEqual([0, 1]);
  });
});

describe('Softmax', () => {
  it('normalises each row: e^x_i / Σ_j e^x_j (hand-computed)', () => {
    const y = new Softmax().forward(tensor([[1, 2, 3], [0, 0, 0]], { dtype: 'float64' }));
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const rows = y.toArray() as number[][];
    rows[0].forEach((v, i) => expect(v).toBeCloseTo(Math.exp(i + 1) / z, 14));
    rows[1].forEach((v) => expect(v).toBeCloseTo(1 / 3, 14));
  });

  it('is stable and accurate at logits of ±1000 in float32', () => {
    const y = Array.from(new Softmax().forward(tensor([[1000, -1000, 1000]])).data);
    // exp(x − max)/Σ gives exactly [0.5, 0, 0.5]; allow a few float32 ulps, not 1e-5
    expect(y[1]).toBe(0);
    expect(Math.abs(y[0] - 0.5)).toBeLessThan(1e-6);
    expect(Math.abs(y[2] - 0.5)).toBeLessThan(1e-6);
  });

  it('normalises along the axis it is given', () => {
    const y = new Softmax(0).forward(tensor([[1, 5], [1, 5]], { dtype: 'float64' }));
    (y.toArray() as number[][]).flat().forEach((v) => expect(v).toBeCloseTo(0.5, 14));
  });

  it('has a Jacobian that agrees with finite differences', () => {
    const softmax = new Softmax();
    const r = checkGradients((t: Tensor) => softmax.forward(t), [tensor([[0.2, -1.3, 0.8], [2, 0.1, -0.5]], { dtype: 'float64' })]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
});

describe('activationModule', () => {
  it('builds a module for every listed name', () => {
    const expected = { sigmoid: Sigmoid, relu: ReLU, 'leaky-relu': LeakyReLU, tanh: Tanh, gelu: GELU, identity: Identity, square: Square };
    expect([...activationNames].sort()).toEqual(Object.keys(expected).sort());
    for (const name of activationNames) expect(activationModule(name)).toBeInstanceOf(expected[name]);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => activationModule('swish')).toThrow(/unknown activation "swish" \(expected one of sigmoid, relu, .*square\)/);
  });
});

describe('Softmax', () => {
  it('normalises along the last axis by default, whatever the rank', () => {
    const x = tensor([[[1, 2, 3], [0, 0, 0]], [[-1, 0, 1], [5, 5, 5]]], { dtype: 'float64' });
    const y = new Softmax().forward(x).toArray() as number[][][];
    for (const matrix of y) for (const row of matrix) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expectClose(y[0][1], [1 / 3, 1 / 3, 1 / 3], { rtol: 1e-15 });
  });
});
