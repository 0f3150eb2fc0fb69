// Specification of Module (named parameters, train/eval, state dicts) and of the seeded initialisers.

import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autodiff/index.js';
import { Identity } from '../../src/nn/activations.js';
import { initNames, initWeight, type InitName } from '../../src/nn/init.js';
import { Linear, Sequential } from '../../src/nn/layers.js';
import { Module } from '../../src/nn/module.js';
import { tensor } from '../../src/tensor/creation.js';
import { Rng } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A module with its own parameter and two children, to see how names nest. */
class Block extends Module {
  readonly scale: Tensor;
  readonly inner: Linear;
  readonly outer: Sequential;
  constructor() {
    super();
    this.scale = this.addParameter('scale', tensor([2]));
    this.inner = this.addModule('inner', new Linear(2, 2, { seed: 1 }));
    this.outer = this.addModule('outer', new Sequential(new Identity(), new Linear(2, 1, { seed: 2 })));
  }
  forward(x: Tensor): Tensor {
    return this.outer.forward(this.inner.forward(x).mul(this.scale));
  }
}

describe('Module parameters', () => {
  it('names parameters by their path, own ones first, depth first in registration order', () => {
    expect(new Block().namedParameters().map(([n]) => n)).toEqual([
      'scale', 'inner.weight', 'inner.bias', 'outer.1.weight', 'outer.1.bias',
    ]);
  });

  it('returns the live tensors, all tracked, in the same order as namedParameters', () => {
    const block = new Block();
    expect(block.parameters()).toEqual(block.namedParameters().map(([, p]) => p));
    expect(block.parameters()[1]).toBe(block.inner.weight);
    expect(block.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(block.parameterCount()).toBe(1 + 4 + 2 + 2 + 1);
  });

  it('zeroGrad clears every gradient', () => {
    const block = new Block();
    backward(block.forward(tensor([[1, 2]])).sum());
    expect(block.parameters().every((p) => p.grad !== null)).toBe(true);
    block.zeroGrad();
    expect(block.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('reports the dtype of its parameters', () => {
    expect(new Linear(2, 2, { dtype: 'float64' }).dtype).toBe('float64');
    expect(new Identity().dtype).toBe('float32');
  });
});

describe('train and eval', () => {
  it('start in training mode; eval() and train() switch the module and every descendant', () => {
    const block = new Block();
    const all = () => [block, block.inner, block.outer, ...block.outer.layers].map((m) => m.training);
    expect(all().every(Boolean)).toBe(true);
    expect(block.eval()).toBe(block);
    expect(all().some(Boolean)).toBe(false);
    block.train();
    expect(all().every(Boolean)).toBe(true);
    block.train(false);
    expect(all().some(Boolean)).toBe(false);
  });
});

describe('stateDict and loadStateDict', () => {
  it('stateDict copies every parameter with its name, shape and dtype', () => {
    const block = new Block();
    const state = block.stateDict();
    expect(Object.keys(state)).toEqual(block.namedParameters().map(([n]) => n));
    expect(state['inner.weight'].shape).toEqual([2, 2]);
    expect(state['inner.weight'].dtype).toBe('float32');
    expect(Array.from(state['inner.weight'].data)).toEqual(Array.from(block.inner.weight.data));
    // a copy: changing the module afterwards leaves the state as it was
    const before = state['scale'].data[0];
    block.scale.data[0] = 99;
    expect(state['scale'].data[0]).toBe(before);
  });

  it('round-trips: another module loaded with the state computes the same outputs', () => {
    const a = new Block();
    const b = new Block();
    b.inner.weight.data.fill(0.5); // make them differ first
    b.loadStateDict(a.stateDict());
    const x = tensor([[0.3, -0.7], [1, 2]]);
    expect(Array.from(b.forward(x).data)).toEqual(Array.from(a.forward(x).data));
  });

  it('loads in place, keeping the parameter tensors the optimizer holds', () => {
    const block = new Block();
    const weight = block.inner.weight;
    const state = block.stateDict();
    state['inner.weight'] = { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2], dtype: 'float32' };
    block.loadStateDict(state);
    expect(block.inner.weight).toBe(weight);
    expect(Array.from(weight.data)).toEqual([1, 2, 3, 4]);
  });

  it('converts values to each parameter’s dtype', () => {
    const layer = new Linear(1, 1, { dtype: 'float32' });
    layer.loadStateDict({ weight: { data: Float64Array.of(0.1), shape: [1, 1], dtype: 'float64' }, bias: { data: Float64Array.of(0), shape: [1], dtype: 'float64' } });
    expect(layer.weight.data[0]).toBe(Math.fround(0.1));
  });

  it('rejects missing and unexpected names when strict, naming them', () => {
    const block = new Block();
    const { scale: _scale, ...withoutScale } = block.stateDict();
    expect(() => block.loadStateDict(withoutScale)).toThrow('loadStateDict: missing [scale], unexpected []');
    const extra = { ...block.stateDict(), 'inner.gamma': { data: Float32Array.of(1), shape: [1], dtype: 'float32' as const } };
    expect(() => block.loadStateDict(extra)).toThrow('loadStateDict: missing [], unexpected [inner.gamma]');
  });

  it('loads a partial state when strict is false', () => {
    const block = new Block();
    block.loadStateDict({ scale: { data: Float32Array.of(7), shape: [1], dtype: 'float32' } }, { strict: false });
    expect(block.scale.data[0]).toBe(7);
  });

  it('rejects a shape mismatch, naming the parameter and both shapes', () => {
    const block = new Block();
    const state = block.stateDict();
    state['inner.bias'] = { data: Float32Array.of(1, 2, 3), shape: [3], dtype: 'float32' };
    expect(() => block.loadStateDict(state)).toThrow(/inner\.bias has shape \[3\] in the state, \[2\] in the model/);
    expect(() => block.loadStateDict(state, { strict: false })).toThrow(/inner\.bias/);
  });
});

describe('initWeight', () => {
  const fanIn = 400;
  const fanOut = 200;
  const stats = (name: InitName, seed = 1) => {
    const w = initWeight(name, fanIn, fanOut, new Rng(seed), 'float64');
    const values = Array.from(w.data);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    return { w, values, mean, variance, maxAbs: Math.max(...values.map(Math.abs)) };
  };

  // the variances each scheme is designed to give
  const glorotVar = 2 / (fanIn + fanOut);
  const heVar = 2 / fanIn;

  it.each([
    ['glorot-uniform', glorotVar, Math.sqrt(6 / (fanIn + fanOut))],
    ['he-uniform', heVar, Math.sqrt(6 / fanIn)],
  ] as const)('%s is uniform on ±bound with the right variance', (name, variance, bound) => {
    const s = stats(name);
    expect(s.w.shape).toEqual([fanOut, fanIn]);
    expect(s.maxAbs).toBeLessThanOrEqual(bound);
    expect(s.maxAbs).toBeGreaterThan(0.999 * bound); // 80,000 draws reach the edge
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * bound);
    expect(s.variance / variance).toBeGreaterThan(0.97);
    expect(s.variance / variance).toBeLessThan(1.03);
  });

  it.each([
    ['glorot-normal', glorotVar],
    ['he-normal', heVar],
  ] as const)('%s is normal with the right variance', (name, variance) => {
    const s = stats(name);
    const std = Math.sqrt(variance);
    expect(s.variance / variance).toBeGreaterThan(0.97);
    expect(s.variance / variance).toBeLessThan(1.03);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * std);
    // a normal draw leaves ±3σ about 0.27% of the time; a uniform one never would
    const outside = s.values.filter((v) => Math.abs(v) > 3 * std).length / s.values.length;
    expect(outside).toBeGreaterThan(0.001);
    expect(outside).toBeLessThan(0.005);
  });

  it('gives the same weights for the same seed, and a generator moves on between calls', () => {
    expect(stats('glorot-uniform', 5).values).toEqual(stats('glorot-uniform', 5).values);
    expect(stats('glorot-uniform', 5).values).not.toEqual(stats('glorot-uniform', 6).values);
    const rng = new Rng(3);
    const first = Array.from(initWeight('he-normal', 3, 3, rng).data);
    const second = Array.from(initWeight('he-normal', 3, 3, rng).data);
    expect(first).not.toEqual(second);
  });

  it('honours the dtype', () => {
    expect(initWeight('he-uniform', 2, 2, new Rng(1)).dtype).toBe('float32');
    expect(initWeight('he-uniform', 2, 2, new Rng(1), 'float64').dtype).toBe('float64');
  });
});

describe('loadStateDict errors and the initialiser names', () => {
  it('lists every missing and unexpected name, comma-separated', () => {
    const net = new Sequential(new Linear(2, 2), new Linear(2, 1));
    const state = net.stateDict();
    delete state['0.weight'];
    delete state['1.bias'];
    state['2.weight'] = state['1.weight']!;
    state['2.bias'] = state['1.weight']!;
    expect(() => net.loadStateDict(state)).toThrow('loadStateDict: missing [0.weight, 1.bias], unexpected [2.weight, 2.bias]');
  });

  it('names the four initialisers, each giving a [fanOut, fanIn] matrix', () => {
    expect(initNames).toEqual(['glorot-uniform', 'glorot-normal', 'he-uniform', 'he-normal']);
    for (const name of initNames) expect(initWeight(name, 3, 2, new Rng(1)).shape).toEqual([2, 3]);
  });
});
