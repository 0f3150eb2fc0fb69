// Specification of Adam, AdamW and RMSprop against PyTorch's published update rules, on a tiny quadratic.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { backward } from '../../src/autodiff/index.js';
import { Adam, AdamW, RMSprop, type AdamOptions, type RmspropOptions } from '../../src/optim/adam.js';
import { tensor } from '../../src/tensor/creation.js';
import { gradient, iterate, loss, param, trajectory, w0 } from './quadratic.js';

/**
 * torch.optim.Adam / AdamW:
 *   Adam: g ← g + λw;  AdamW: w ← w − γλw
 *   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  w ← w − γ m̂/(√v̂ + ε)
 */
function adamByHand(h: Required<AdamOptions>, decoupled: boolean, steps: number): number[][] {
  const [b1, b2] = h.betas;
  let w = [...w0];
  let m = w.map(() => 0);
  let v = w.map(() => 0);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradient(w);
    if (decoupled) w = w.map((wi) => wi - h.lr * h.weightDecay * wi);
    else g = g.map((gi, i) => gi + h.weightDecay * w[i]);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
    w = w.map((wi, i) => wi - (h.lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + h.eps));
    out.push(w);
  }
  return out;
}

/**
 * torch.optim.RMSprop (centered = False):
 *   g ← g + λw;  v ← αv + (1−α)g²;  if μ > 0: b ← μb + g/(√v + ε), w ← w − γb;  else w ← w − γg/(√v + ε)
 */
function rmspropByHand(h: Required<RmspropOptions>, steps: number): number[][] {
  let w = [...w0];
  let v = w.map(() => 0);
  let b = w.map(() => 0);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = gradient(w).map((gi, i) => gi + h.weightDecay * w[i]);
    v = v.map((vi, i) => h.alpha * vi + (1 - h.alpha) * g[i] * g[i]);
    const d = g.map((gi, i) => gi / (Math.sqrt(v[i]) + h.eps));
    if (h.momentum > 0) {
      b = b.map((bi, i) => h.momentum * bi + d[i]);
      w = w.map((wi, i) => wi - h.lr * b[i]);
    } else w = w.map((wi, i) => wi - h.lr * d[i]);
    out.push(w);
  }
  return out;
}

const adamDefaults = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0 };

describe('Adam', () => {
  it('moves each weight by about lr against the sign of its gradient on the first step (worked by hand)', () => {
    // m̂₁ = g, v̂₁ = g², so Δw = −lr·g/(|g| + ε): w = [0.5, 1, −1], g = [−0.5, 12, −2]
    const w = param();
    iterate(new Adam([w], { lr: 0.1 }), w);
    expect(Array.from(w.data)).toEqual([0.5 + 0.1 * (0.5 / (0.5 + 1e-8)), 1 - 0.1 * (12 / (12 + 1e-8)), -1 + 0.1 * (2 / (2 + 1e-8))]);
    expect(w.data[0]).toBeCloseTo(0.6, 7);
  });

  it('has PyTorch’s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay', () => {
    const opt = new Adam([param()]);
    expect([opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weightDecay]).toEqual([1e-3, 0.9, 0.999, 1e-8, 0]);
  });

  it.each<[string, Required<AdamOptions>]>([
    ['defaults with lr 0.1', { ...adamDefaults, lr: 0.1 }],
    ['other betas and eps', { lr: 0.05, betas: [0.5, 0.9], eps: 1e-3, weightDecay: 0 }],
    ['L2 weight decay added to the gradient', { ...adamDefaults, lr: 0.1, weightDecay: 0.3 }],
  ])('%s: six steps match', (_name, h) => {
    const w = param();
    expectClose(trajectory(new Adam([w], h), w, 6), adamByHand(h, false, 6), { rtol: 0, atol: 0.5e-12, label: 'trajectory (step-major)' });
  });

  it('rejects betas outside [0, 1)', () => {
    expect(() => new Adam([param()], { betas: [1, 0.999] })).toThrow(/Adam: betas must lie in \[0, 1\), got 1/);
    expect(() => new Adam([param()], { betas: [0.9, -0.1] })).toThrow(/got -0.1/);
  });
});

describe('AdamW', () => {
  it('defaults to decoupled weight decay 0.01', () => {
    expect(new AdamW([param()]).weightDecay).toBe(0.01);
  });

  it.each<[string, Required<AdamOptions>]>([
    ['decay 0.01', { ...adamDefaults, lr: 0.1, weightDecay: 0.01 }],
    ['strong decay 0.5', { ...adamDefaults, lr: 0.05, weightDecay: 0.5 }],
  ])('%s: six steps match (w ← w − lr·λw, then Adam)', (_name, h) => {
    const w = param();
    expectClose(trajectory(new AdamW([w], h), w, 6), adamByHand(h, true, 6), { rtol: 0, atol: 0.5e-12, label: 'trajectory (step-major)' });
  });

  it('differs from Adam with the same weight decay (decoupled is not L2)', () => {
    const h = { lr: 0.1, weightDecay: 0.5 };
    const a = param();
    const b = param();
    trajectory(new Adam([a], h), a, 3);
    trajectory(new AdamW([b], h), b, 3);
    expect(Array.from(a.data)).not.toEqual(Array.from(b.data));
  });

  it('with a zero gradient still shrinks weights by (1 − lr·λ)', () => {
    const w = tensor([2], { dtype: 'float64', requiresGrad: true });
    const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    backward(w.mul(0).sum()); // g = 0, so m = v = 0 and only the decay moves w
    opt.step();
    expect(w.data[0]).toBeCloseTo(2 * (1 - 0.05), 15);
  });
});

describe('RMSprop', () => {
  const defaults = { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 };

  it('has PyTorch’s defaults: lr 0.01, alpha 0.99, eps 1e-8', () => {
    const opt = new RMSprop([param()]);
    expect([opt.lr, opt.alpha, opt.eps, opt.momentum, opt.weightDecay]).toEqual([0.01, 0.99, 1e-8, 0, 0]);
  });

  it('takes a first step of lr·g/√((1−α)g²) = lr/√(1−α) against the gradient’s sign (worked by hand)', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new RMSprop([w], { lr: 0.01 });
    backward(w.mul(w).sum()); // g = 2, v = 0.01·4, step = 0.01·2/(0.2 + 1e-8)
    opt.step();
    expect(w.data[0]).toBeCloseTo(1 - 0.1, 7);
  });

  it.each<[string, Required<RmspropOptions>]>([
    ['defaults', defaults],
    ['momentum 0.9', { ...defaults, lr: 0.005, momentum: 0.9 }],
    ['alpha 0.9 and weight decay', { ...defaults, alpha: 0.9, weightDecay: 0.1 }],
  ])('%s: six steps match', (_name, h) => {
    const w = param();
    expectClose(trajectory(new RMSprop([w], h), w, 6), rmspropByHand(h, 6), { rtol: 0, atol: 0.5e-12, label: 'trajectory (step-major)' });
  });
});

describe('Adam, AdamW and RMSprop state dicts', () => {
  it.each([
    ['Adam', () => { const w = param(); return { w, opt: new Adam([w], { lr: 0.1 }) }; }],
    ['AdamW', () => { const w = param(); return { w, opt: new AdamW([w], { lr: 0.1 }) }; }],
    ['RMSprop', () => { const w = param(); return { w, opt: new RMSprop([w], { lr: 0.01, momentum: 0.5 }) }; }],
  ] as const)('%s round-trips: step count and buffers restore an identical continuation', (_name, make) => {
    const a = make();
    trajectory(a.opt, a.w, 4);
    const saved = a.opt.stateDict();
    expect(saved.step).toBe(4);
    const b = make();
    b.w.data.set(a.w.data);
    b.opt.loadStateDict(saved);
    // the bias correction depends on t, so a lost step count would show here
    expect(trajectory(b.opt, b.w, 3)).toEqual(trajectory(a.opt, a.w, 3));
  });

  it('Adam saves both moment buffers per parameter', () => {
    const w = param();
    const opt = new Adam([w], { lr: 0.1 });
    iterate(opt, w);
    expect(Object.keys(opt.stateDict().buffers).sort()).toEqual(['0.m', '0.v']);
  });
});

describe('descent', () => {
  it.each([
    ['Adam', (w: ReturnType<typeof param>) => new Adam([w], { lr: 0.05 })],
    ['AdamW', (w: ReturnType<typeof param>) => new AdamW([w], { lr: 0.05, weightDecay: 0 })],
    ['RMSprop', (w: ReturnType<typeof param>) => new RMSprop([w], { lr: 0.05 })],
  ] as const)('%s lowers the loss over 100 steps', (_name, make) => {
    const w = param();
    const start = loss(w).item();
    const opt = make(w);
    for (let t = 0; t < 100; t++) iterate(opt, w);
    expect(loss(w).item()).toBeLessThan(0.05 * start);
  });
});

describe('Adam and RMSprop edge settings', () => {
  it('Adam accepts β₁ = 0 (no first-moment averaging): the step is then lr·g/(√v̂ + ε)', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1, betas: [0, 0.999], eps: 0 });
    w.grad = tensor([3], { dtype: 'float64' });
    opt.step();
    // v̂ = g², so the first step moves by exactly lr·sign(g)
    expectClose(w.data, [0.9], { rtol: 1e-15 });
  });

  it('RMSprop keeps its running square average, and a momentum buffer only when momentum > 0', () => {
    const make = () => {
      const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
      w.grad = tensor([1, 1], { dtype: 'float64' });
      return w;
    };
    const plain = new RMSprop([make()]);
    plain.step();
    expect(Object.keys(plain.stateDict().buffers)).toEqual(['0.square_avg']);
    const heavy = new RMSprop([make()], { momentum: 0.5 });
    heavy.step();
    expect(Object.keys(heavy.stateDict().buffers).sort()).toEqual(['0.momentum', '0.square_avg']);
  });
});
