// Specification of the Optimizer base: the learning-rate bound, and checkpoints (stateDict / loadStateDict) that keep shapes, dtypes and indices.

import { describe, expect, it } from 'vitest';
import { Adam } from '../../src/optim/adam.js';
import { SGD } from '../../src/optim/sgd.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function withGrad(values: number[], grad: number[], dtype: 'float32' | 'float64' = 'float64'): Tensor {
  const p = tensor(values, { dtype, requiresGrad: true });
  p.grad = tensor(grad, { dtype });
  return p;
}

describe('the learning rate', () => {
  it('may be 0, and then a step leaves the parameters as they are', () => {
    const w = withGrad([1, -2], [3, 4]);
    const opt = new SGD([w], { lr: 0, momentum: 0.9 });
    opt.step();
    expect(Array.from(w.data)).toEqual([1, -2]);
    expect(opt.stepCount).toBe(1);
  });
});

describe('stateDict', () => {
  it('saves each buffer as a 1-d tensor of the parameter’s size and dtype', () => {
    const opt = new Adam([withGrad([1, 2, 3], [0.1, 0.2, 0.3], 'float32')], { lr: 0.1 });
    opt.step();
    const { step, buffers } = opt.stateDict();
    expect(step).toBe(1);
    for (const key of ['0.m', '0.v']) {
      expect(buffers[key].shape).toEqual([3]);
      expect(buffers[key].dtype).toBe('float32');
      expect(buffers[key].data).toBeInstanceOf(Float32Array);
    }
  });

  it('loadStateDict keeps float32 buffers float32, so a resumed run rounds as the original did', () => {
    const a = new Adam([withGrad([1, 2], [0.5, -0.5], 'float32')], { lr: 0.1 });
    a.step();
    const b = new Adam([withGrad([1, 2], [0.5, -0.5], 'float32')], { lr: 0.1 });
    b.loadStateDict(a.stateDict());
    expect(b.stateDict().buffers['0.m'].dtype).toBe('float32');
    expect(b.stateDict().buffers['0.m'].data).toBeInstanceOf(Float32Array);
  });

  it('loadStateDict matches buffers to parameters by the whole index, also past 9', () => {
    const sizes = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3];
    const make = () => sizes.map((n, i) => withGrad(new Array(n).fill(i), new Array(n).fill(1)));
    const a = new SGD(make(), { lr: 0.1, momentum: 0.9 });
    a.step();
    const saved = a.stateDict();
    expect(saved.buffers['10.momentum'].shape).toEqual([3]);
    const b = new SGD(make(), { lr: 0.1, momentum: 0.9 });
    b.loadStateDict(saved);
    expect(Array.from(b.stateDict().buffers['10.momentum'].data)).toEqual([1, 1, 1]);
  });
});
