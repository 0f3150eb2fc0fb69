// Specification of SGD (plain, momentum, dampening, Nesterov, weight decay) against PyTorch's update rule, and of the Optimizer base.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { backward } from '../../src/autodiff/index.js';
import { SGD } from '../../src/optim/sgd.js';
import { tensor } from '../../src/tensor/creation.js';
import { gradient, iterate, loss, param, trajectory, w0 } from './quadratic.js';

interface SgdHyper {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * torch.optim.SGD, as documented:
 *   g ← g + λw;  if μ ≠ 0: b ← g at t = 1, else b ← μb + (1−τ)g;  g ← g + μb (Nesterov) or b;  w ← w − γg
 */
function sgdByHand(h: SgdHyper, steps: number): number[][] {
  const mu = h.momentum ?? 0;
  const tau = h.dampening ?? 0;
  const wd = h.weightDecay ?? 0;
  let w = [...w0];
  let b: number[] = [];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradient(w).map((gi, i) => gi + wd * w[i]);
    if (mu !== 0) {
      b = t === 1 ? [...g] : b.map((bi, i) => mu * bi + (1 - tau) * g[i]);
      g = h.nesterov ? g.map((gi, i) => gi + mu * b[i]) : [...b];
    }
    w = w.map((wi, i) => wi - h.lr * g[i]);
    out.push(w);
  }
  return out;
}

describe('SGD on a quadratic, against PyTorch’s formulas', () => {
  it('takes w ← w − lr·g (two steps worked by hand)', () => {
    // f(w) = w², g = 2w, lr 0.1: 1 → 0.8 → 0.64
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    const step = () => {
      opt.zeroGrad();
      backward(w.mul(w).sum());
      opt.step();
    };
    step();
    expect(w.data[0]).toBeCloseTo(0.8, 15);
    step();
    expect(w.data[0]).toBeCloseTo(0.64, 15);
  });

  it('with momentum starts the buffer at the first gradient (worked by hand)', () => {
    // f = w², μ = 0.9, lr 0.1: g₁ = 2, b₁ = 2, w₁ = 0.8; g₂ = 1.6, b₂ = 0.9·2 + 1.6 = 3.4, w₂ = 0.8 − 0.34 = 0.46
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    const values: number[] = [];
    for (let t = 0; t < 2; t++) {
      opt.zeroGrad();
      backward(w.mul(w).sum());
      opt.step();
      values.push(w.data[0]);
    }
    expect(values[0]).toBeCloseTo(0.8, 15);
    expect(values[1]).toBeCloseTo(0.46, 15);
  });

  it.each<[string, SgdHyper]>([
    ['plain', { lr: 0.1 }],
    ['momentum', { lr: 0.05, momentum: 0.9 }],
    ['momentum with dampening', { lr: 0.05, momentum: 0.9, dampening: 0.3 }],
    ['Nesterov', { lr: 0.05, momentum: 0.8, nesterov: true }],
    ['weight decay', { lr: 0.1, weightDecay: 0.2 }],
    ['momentum, Nesterov and weight decay', { lr: 0.03, momentum: 0.7, nesterov: true, weightDecay: 0.05 }],
  ])('%s: five steps match', (_name, h) => {
    const w = param();
    expectClose(trajectory(new SGD([w], h), w, 5), sgdByHand(h, 5), { rtol: 0, atol: 0.5e-13, label: 'trajectory (step-major)' });
  });

  it('converges to the minimum c', () => {
    const w = param();
    const opt = new SGD([w], { lr: 0.1, momentum: 0.5 });
    for (let t = 0; t < 300; t++) iterate(opt, w);
    expect(Array.from(w.data).map((v) => Number(v.toFixed(6)))).toEqual([1, -2, 3]);
    expect(loss(w).item()).toBeLessThan(1e-12);
  });

  it('rejects Nesterov without momentum, negative momentum or decay, a bad lr, and no parameters', () => {
    const w = param();
    expect(() => new SGD([w], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0 and dampening 0/);
    expect(() => new SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/Nesterov/);
    expect(() => new SGD([w], { lr: 0.1, momentum: -0.1 })).toThrow(/momentum must be ≥ 0, got -0.1/);
    expect(() => new SGD([w], { lr: 0.1, weightDecay: -1 })).toThrow(/weight decay must be ≥ 0/);
    expect(() => new SGD([w], { lr: -1 })).toThrow(/SGD: learning rate must be a finite number ≥ 0, got -1/);
    expect(() => new SGD([w], { lr: NaN })).toThrow(/learning rate/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: no parameters to optimise/);
  });
});

describe('zeroGrad and step, as in PyTorch', () => {
  it('zeroGrad clears every parameter’s gradient', () => {
    const w = param();
    const v = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w, v], { lr: 0.1 });
    backward(loss(w).add(v.sum()));
    expect(w.grad).not.toBeNull();
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    expect(v.grad).toBeNull();
  });

  it('without zeroGrad, gradients accumulate and the step uses their sum', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    backward(w.mul(w).sum());
    backward(w.mul(w).sum()); // g = 2 + 2
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.6, 15);
  });

  it('step skips parameters without a gradient and counts steps', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const idle = tensor([5], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w, idle], { lr: 0.1, momentum: 0.9 });
    backward(w.mul(w).sum());
    opt.step();
    expect(idle.data[0]).toBe(5);
    expect(opt.stepCount).toBe(1);
    // buffers exist from the start (a jitted step reads them), and the idle one stays zero
    const buffers = opt.stateDict().buffers;
    expect(Object.keys(buffers)).toEqual(['0.momentum', '1.momentum']);
    expect(Array.from(buffers['0.momentum'].data)).toEqual([2]);
    expect(Array.from(buffers['1.momentum'].data)).toEqual([0]);
  });

  it('updates in place, outside the graph: the tensor objects stay the same leaves', () => {
    const w = param();
    const data = w.data;
    const opt = new SGD([w], { lr: 0.1 });
    iterate(opt, w);
    expect(w.data).toBe(data);
    expect(w.isLeaf).toBe(true);
    expect(w.requiresGrad).toBe(true);
  });

  it('uses the lr set between steps (how schedules drive it)', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    opt.lr = 0.25;
    backward(w.mul(w).sum());
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.5, 15);
  });
});

describe('SGD stateDict', () => {
  it('round-trips: a fresh optimizer loaded with the state continues exactly', () => {
    const h = { lr: 0.05, momentum: 0.9, nesterov: true };
    const w1 = param();
    const opt1 = new SGD([w1], h);
    trajectory(opt1, w1, 3);
    const saved = opt1.stateDict();
    expect(saved.step).toBe(3);

    const w2 = param();
    w2.data.set(w1.data);
    const opt2 = new SGD([w2], h);
    opt2.loadStateDict(saved);
    expect(opt2.stepCount).toBe(3);
    expect(trajectory(opt2, w2, 3)).toEqual(trajectory(opt1, w1, 3));
  });

  it('is a copy: stepping afterwards does not change a saved state', () => {
    const w = param();
    const opt = new SGD([w], { lr: 0.05, momentum: 0.9 });
    iterate(opt, w);
    const saved = opt.stateDict();
    const before = Array.from(saved.buffers['0.momentum'].data);
    iterate(opt, w);
    expect(Array.from(saved.buffers['0.momentum'].data)).toEqual(before);
  });

  it('rejects buffers that do not fit the parameters', () => {
    const w = param();
    const opt = new SGD([w], { lr: 0.05, momentum: 0.9 });
    const bad = { step: 1, buffers: { '0.momentum': { data: new Float64Array(5), shape: [5], dtype: 'float64' as const } } };
    expect(() => opt.loadStateDict(bad)).toThrow(/SGD\.loadStateDict: buffer 0\.momentum does not match the parameters/);
    const missing = { step: 1, buffers: { '3.momentum': { data: new Float64Array(3), shape: [3], dtype: 'float64' as const } } };
    expect(() => opt.loadStateDict(missing)).toThrow(/buffer 3\.momentum/);
  });
});

describe('SGD without momentum', () => {
  it('ignores dampening and keeps no momentum buffer: w ← w − lr·(g + λw) at every step', () => {
    const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.5, dampening: 0.5, weightDecay: 0.1 });
    w.grad = tensor([2, 4], { dtype: 'float64' });
    opt.step();
    expectClose(w.data, [1 - 0.5 * (2 + 0.1), -2 - 0.5 * (4 - 0.2)], { label: 'w after step 1' });
    opt.step();
    const w1 = [1 - 0.5 * 2.1, -2 - 0.5 * 3.8];
    expectClose(w.data, w1.map((v, i) => v - 0.5 * ([2, 4][i] + 0.1 * v)), { label: 'w after step 2' });
    expect(Object.keys(opt.stateDict().buffers)).toEqual([]);
  });
});
