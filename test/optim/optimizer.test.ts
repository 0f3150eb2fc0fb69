// Specification of the Optimizer base: parameter dtypes, the learning-rate bound, steps with missing gradients, buffers, checkpoints (stateDict / loadStateDict) that keep shapes, dtypes and indices, and weight decay 0 left out.

import { describe, expect, it } from 'vitest';
import { Adam, RMSprop } from '../../src/optim/adam.js';
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

describe('the parameters', () => {
  it('must be floating point: an int32 parameter is rejected, naming the optimizer', () => {
    const k = tensor(new Int32Array([1, 2]));
    expect(k.dtype).toBe('int32');
    expect(() => new SGD([k], { lr: 0.1 })).toThrow(/^SGD: parameters must be float32 or float64, got int32$/);
    expect(() => new Adam([withGrad([1], [1]), k])).toThrow(/^Adam: parameters must be float32 or float64, got int32$/);
  });

  it('may mix float32 and float64, each updated at the same learning rate', () => {
    const a = withGrad([1, 2], [1, -1], 'float32');
    const b = withGrad([3], [2], 'float64');
    const opt = new SGD([a, b], { lr: 0.5 });
    opt.step();
    expect(Array.from(a.data)).toEqual([0.5, 2.5]);
    expect(Array.from(b.data)).toEqual([2]);
  });
});

describe('step with some gradients missing', () => {
  it('matches each gradient to its own parameter when a parameter before it has none', () => {
    const idle = tensor([5, 6], { dtype: 'float64', requiresGrad: true });
    const w = withGrad([1], [2]);
    const opt = new SGD([idle, w], { lr: 0.1 });
    opt.step();
    expect(Array.from(idle.data)).toEqual([5, 6]);
    expect(w.data[0]).toBeCloseTo(0.8, 15);
    // and when the gradients change which parameters have one, the next step follows
    idle.grad = tensor([1, 1], { dtype: 'float64' });
    w.grad = null;
    opt.step();
    expect(Array.from(idle.data)).toEqual([4.9, 5.9]);
    expect(w.data[0]).toBeCloseTo(0.8, 15);
  });
});

describe('buffers', () => {
  it('a subclass asking for a buffer it never created gets an error naming it', () => {
    class Forgetful extends SGD {
      protected override update(index: number): void {
        this.buffer('velocity', index);
      }
    }
    const opt = new Forgetful([withGrad([1], [1])], { lr: 0.1 });
    expect(() => opt.step()).toThrow(/Forgetful: no buffer 0\.velocity/);
  });

  it('loadStateDict starts a buffer the state lacks again at zero', () => {
    const w = withGrad([1, 2], [3, 4]);
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    opt.step();
    expect(Array.from(opt.stateDict().buffers['0.momentum'].data)).toEqual([3, 4]);
    opt.loadStateDict({ step: 0, buffers: {} });
    expect(Array.from(opt.stateDict().buffers['0.momentum'].data)).toEqual([0, 0]);
    expect(opt.stepCount).toBe(0);
  });
});

describe('weight decay 0', () => {
  // The decay term is left out, not multiplied by 0, as in PyTorch: 0·∞ would be NaN and poison the step.
  it.each([
    ['SGD', (w: Tensor) => new SGD([w], { lr: 0.1 })],
    ['SGD with momentum', (w: Tensor) => new SGD([w], { lr: 0.1, momentum: 0.9 })],
    ['Adam', (w: Tensor) => new Adam([w], { lr: 0.1 })],
    ['RMSprop', (w: Tensor) => new RMSprop([w], { lr: 0.1 })],
  ] as const)('%s keeps an infinite weight infinite instead of NaN', (_name, make) => {
    const w = withGrad([Infinity, -Infinity, 1], [1, 1, 1]);
    make(w).step();
    expect(w.data[0]).toBe(Infinity);
    expect(w.data[1]).toBe(-Infinity);
    expect(Number.isFinite(w.data[2])).toBe(true);
  });
});
