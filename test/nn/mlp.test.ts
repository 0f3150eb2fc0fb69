// Specification of mlp(): Linear → activation → … → Linear of any depth, logits out, seeded.

import { describe, expect, it } from 'vitest';
import { activationNames, GELU, ReLU, Sigmoid, Tanh } from '../../src/nn/activations.js';
import { Linear } from '../../src/nn/layers.js';
import { defaultInit, mlp } from '../../src/nn/mlp.js';
import { tensor } from '../../src/tensor/creation.js';

describe('mlp', () => {
  it('builds the course network 784-128-64-10 with sigmoid hidden layers and a linear output', () => {
    const net = mlp({ input: 784, hidden: [128, 64], output: 10 });
    const kinds = net.layers.map((l) => l.constructor.name);
    expect(kinds).toEqual(['Linear', 'Sigmoid', 'Linear', 'Sigmoid', 'Linear']);
    const linears = net.layers.filter((l): l is Linear => l instanceof Linear);
    expect(linears.map((l) => [l.inFeatures, l.outFeatures])).toEqual([[784, 128], [128, 64], [64, 10]]);
    expect(net.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      '0.weight:128x784', '0.bias:128', '2.weight:64x128', '2.bias:64', '4.weight:10x64', '4.bias:10',
    ]);
    // 784·128+128 + 128·64+64 + 64·10+10
    expect(net.parameterCount()).toBe(109386);
  });

  it('accepts any number and width of hidden layers, including none', () => {
    expect(mlp({ input: 4, hidden: [], output: 3 }).layers.map((l) => l.constructor.name)).toEqual(['Linear']);
    const deep = mlp({ input: 4, hidden: [7, 6, 5, 3], output: 2, activation: 'tanh' });
    expect(deep.layers.length).toBe(9);
    expect(deep.layers.filter((l) => l instanceof Tanh).length).toBe(4);
    expect(deep.forward(tensor([[1, 2, 3, 4], [0, 0, 0, 0]])).shape).toEqual([2, 2]);
  });

  it('uses the activation it is given between layers, never after the last', () => {
    for (const [activation, cls] of [['relu', ReLU], ['gelu', GELU], ['sigmoid', Sigmoid]] as const) {
      const net = mlp({ input: 3, hidden: [4, 4], output: 2, activation });
      expect(net.layers[1]).toBeInstanceOf(cls);
      expect(net.layers[3]).toBeInstanceOf(cls);
      expect(net.layers[4]).toBeInstanceOf(Linear);
    }
  });

  it('returns logits: unbounded, not probabilities', () => {
    const net = mlp({ input: 2, hidden: [], output: 2, seed: 1 });
    net.loadStateDict({
      '0.weight': { data: Float32Array.of(10, 0, 0, -10), shape: [2, 2], dtype: 'float32' },
      '0.bias': { data: Float32Array.of(0, 0), shape: [2], dtype: 'float32' },
    });
    expect(Array.from(net.forward(tensor([[1, 1]])).data)).toEqual([10, -10]);
  });

  it('is deterministic by seed (default 1) and differs across seeds', () => {
    const config = { input: 5, hidden: [4], output: 3 };
    const a = mlp(config).stateDict();
    const b = mlp({ ...config, seed: 1 }).stateDict();
    const c = mlp({ ...config, seed: 2 }).stateDict();
    expect(Array.from(a['0.weight'].data)).toEqual(Array.from(b['0.weight'].data));
    expect(Array.from(a['0.weight'].data)).not.toEqual(Array.from(c['0.weight'].data));
    // one generator runs through the layers: layer 2 is not a copy of layer 0's stream
    expect(Array.from(a['2.weight'].data).slice(0, 4)).not.toEqual(Array.from(a['0.weight'].data).slice(0, 4));
  });

  it('initialises with Glorot uniform by default and He uniform for relu', () => {
    const bound = (w: Float32Array | Float64Array | Int32Array) => Math.max(...Array.from(w, Math.abs));
    const sig = mlp({ input: 300, hidden: [100], output: 10 }).stateDict()['0.weight'].data;
    const relu = mlp({ input: 300, hidden: [100], output: 10, activation: 'relu' }).stateDict()['0.weight'].data;
    const glorot = Math.sqrt(6 / (300 + 100));
    const he = Math.sqrt(6 / 300);
    expect(bound(sig)).toBeLessThanOrEqual(glorot);
    expect(bound(sig)).toBeGreaterThan(0.95 * glorot);
    expect(bound(relu)).toBeLessThanOrEqual(he);
    expect(bound(relu)).toBeGreaterThan(glorot); // He's bound is wider than Glorot's here
  });

  it('honours an explicit init and dtype', () => {
    const net = mlp({ input: 3, hidden: [2], output: 2, init: 'he-normal', dtype: 'float64' });
    expect(net.parameters().every((p) => p.dtype === 'float64')).toBe(true);
  });

  it('rejects widths that are not positive integers and unknown activations', () => {
    expect(() => mlp({ input: 784, hidden: [128, 0], output: 10 })).toThrow(/positive integers, got \[784,128,0,10\]/);
    expect(() => mlp({ input: 784, hidden: [12.5], output: 10 })).toThrow(/positive integers/);
    expect(() => mlp({ input: 4, hidden: [], output: 2, activation: 'swish' as never })).toThrow(/unknown activation "swish"/);
  });
});

describe('mlp defaults and errors', () => {
  it('initialises relu and leaky-relu networks with He, others with Glorot', () => {
    const weights = (config: Parameters<typeof mlp>[0]) => mlp(config).parameters().map((p) => p.toArray());
    const base = { input: 5, hidden: [4], output: 3, seed: 9 };
    for (const activation of ['relu', 'leaky-relu'] as const) {
      expect(weights({ ...base, activation })).toEqual(weights({ ...base, activation, init: 'he-uniform' }));
      expect(weights({ ...base, activation })).not.toEqual(weights({ ...base, activation, init: 'glorot-uniform' }));
    }
    expect(weights({ ...base, activation: 'tanh' })).toEqual(weights({ ...base, activation: 'tanh', init: 'glorot-uniform' }));
  });

  it('defaultInit names the initialiser mlp uses when none is given', () => {
    const weights = (config: Parameters<typeof mlp>[0]) => mlp(config).parameters().map((p) => p.toArray());
    const base = { input: 5, hidden: [4], output: 3, seed: 9 };
    for (const activation of activationNames) {
      expect(weights({ ...base, activation })).toEqual(weights({ ...base, activation, init: defaultInit(activation) }));
    }
    expect([defaultInit('relu'), defaultInit('sigmoid')]).toEqual(['he-uniform', 'glorot-uniform']);
  });

  it('lists the valid activations, comma-separated, for an unknown one', () => {
    expect(() => mlp({ input: 4, hidden: [], output: 2, activation: 'swish' as never })).toThrow(
      'mlp: unknown activation "swish" (expected one of sigmoid, relu, leaky-relu, tanh, gelu, identity, square)',
    );
  });
});
