// Specification of Linear (y = x Wᵀ + b, PyTorch's layout) and Sequential (modules in order, named 0, 1, 2, ...).

import { describe, expect, it } from 'vitest';
import { backward, checkGradients } from '../../src/autodiff/index.js';
import { Linear, Sequential } from '../../src/nn/layers.js';
import { ReLU, Sigmoid } from '../../src/nn/activations.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A Linear 3 → 2 with W = [[1, 2, 3], [-1, 0, 1]] and b = [0.5, -2]. */
function knownLinear(dtype: 'float32' | 'float64' = 'float64'): Linear {
  const layer = new Linear(3, 2, { dtype });
  layer.loadStateDict({
    weight: { data: Float64Array.of(1, 2, 3, -1, 0, 1), shape: [2, 3], dtype: 'float64' },
    bias: { data: Float64Array.of(0.5, -2), shape: [2], dtype: 'float64' },
  });
  return layer;
}

describe('Linear', () => {
  it('stores the weight as [out, in] and starts the bias at zero', () => {
    const layer = new Linear(5, 3, { seed: 7 });
    expect(layer.weight.shape).toEqual([3, 5]);
    expect(layer.bias?.shape).toEqual([3]);
    expect(Array.from(layer.bias!.data)).toEqual([0, 0, 0]);
    expect(layer.weight.dtype).toBe('float32');
    expect(layer.weight.requiresGrad && layer.bias!.requiresGrad).toBe(true);
  });

  it('computes y = x Wᵀ + b (hand-computed)', () => {
    const y = knownLinear().forward(tensor([[1, 1, 1], [2, 0, -1]], { dtype: 'float64' }));
    // row 1: [1+2+3+0.5, -1+0+1-2] ; row 2: [2+0-3+0.5, -2+0-1-2]
    expect(y.shape).toEqual([2, 2]);
    expect(y.toArray()).toEqual([[6.5, -2], [-0.5, -5]]);
  });

  it('maps any leading batch shape, acting on the last axis', () => {
    const y = knownLinear().forward(tensor([[[1, 1, 1]], [[2, 0, -1]]], { dtype: 'float64' }));
    expect(y.shape).toEqual([2, 1, 2]);
    expect(y.toArray()).toEqual([[[6.5, -2]], [[-0.5, -5]]]);
  });

  it('has only a weight when bias is false', () => {
    const layer = new Linear(2, 2, { bias: false });
    expect(layer.bias).toBeNull();
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['weight']);
    layer.weight.data.set([1, 2, 3, 4]);
    expect(layer.forward(tensor([[1, 1]])).toArray()).toEqual([[3, 7]]);
  });

  it('gives dL/dW = Σ_batch gᵀx and dL/db = Σ_batch g for L = sum(y)', () => {
    const layer = knownLinear();
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
    backward(layer.forward(x).sum());
    expect(layer.weight.grad!.toArray()).toEqual([[5, 7, 9], [5, 7, 9]]);
    expect(layer.bias!.grad!.toArray()).toEqual([2, 2]);
  });

  it('has gradients in x, W and b that agree with finite differences (float64)', () => {
    const x = tensor([[0.3, -1.2, 0.7], [1.5, 0.1, -0.4]], { dtype: 'float64' });
    const w = tensor([[0.2, -0.5, 0.9], [1.1, 0.3, -0.7]], { dtype: 'float64' });
    const b = tensor([0.1, -0.2], { dtype: 'float64' });
    const f = (xx: Tensor, ww: Tensor, bb: Tensor) => {
      const layer = new Linear(3, 2, { dtype: 'float64' });
      // route the check's inputs through the layer's own forward
      Object.assign(layer, { weight: ww, bias: bb });
      return layer.forward(xx).tanh().sum();
    };
    const r = checkGradients(f, [x, w, b]);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });

  it('rejects an input with the wrong number of features, naming both', () => {
    expect(() => knownLinear().forward(tensor([[1, 2]], { dtype: 'float64' }))).toThrow(/\[1,2\].*2 features, expected 3/);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => new Linear(0, 3)).toThrow(/inFeatures must be a positive integer, got 0/);
    expect(() => new Linear(3, 1.5)).toThrow(/outFeatures must be a positive integer, got 1.5/);
  });

  it('is deterministic by seed and differs across seeds', () => {
    const a = new Linear(4, 4, { seed: 3 }).weight.data;
    const b = new Linear(4, 4, { seed: 3 }).weight.data;
    const c = new Linear(4, 4, { seed: 4 }).weight.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('works in float64', () => {
    const layer = new Linear(3, 2, { dtype: 'float64' });
    expect(layer.weight.dtype).toBe('float64');
    expect(layer.forward(tensor([[1, 2, 3]], { dtype: 'float64' })).dtype).toBe('float64');
  });
});

describe('Sequential', () => {
  it('applies its modules in order', () => {
    const net = new Sequential(knownLinear(), new ReLU());
    // knownLinear gives [6.5, -2] and [-0.5, -5]; ReLU zeroes the negatives
    expect(net.forward(tensor([[1, 1, 1], [2, 0, -1]], { dtype: 'float64' })).toArray()).toEqual([[6.5, 0], [0, 0]]);
  });

  it('calls each layer’s forward in order, a Sigmoid (or a subclass of it) after a Linear included', () => {
    const x = tensor([[1, 1, 1], [2, 0, -1]], { dtype: 'float64' });
    const y = new Sequential(knownLinear(), new Sigmoid()).forward(x);
    expect(y.node?.prim).toBe('sigmoid');
    const want = [1 / (1 + Math.exp(-6.5)), 1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 1 / (1 + Math.exp(5))];
    want.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 15));
    let calls = 0;
    class CountingSigmoid extends Sigmoid {
      override forward(t: Tensor): Tensor {
        calls++;
        return super.forward(t);
      }
    }
    const z = new Sequential(knownLinear(), new CountingSigmoid()).forward(x);
    expect(calls).toBe(1);
    expect(z.node?.prim).toBe('sigmoid');
    expect(z.toArray()).toEqual(y.toArray());
  });

  it('names its modules 0, 1, 2, ... as torch.nn.Sequential', () => {
    const net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(net.layers.length).toBe(3);
    expect(net.modules().length).toBe(3);
  });

  it('is the identity when empty', () => {
    const x = tensor([1, 2, 3]);
    expect(new Sequential().forward(x)).toBe(x);
  });
});

describe('Sequential applies each module itself', () => {
  it('a module before a Sigmoid, and the Sigmoid, are both applied', () => {
    const x = tensor([[-2, 0.5, 3]], { dtype: 'float64' });
    const y = new Sequential(new ReLU(), new Sigmoid()).forward(x).toArray() as number[][];
    expect(y[0]).toEqual([0.5, 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-3))]);
  });
});
