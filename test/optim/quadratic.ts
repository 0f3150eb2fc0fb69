// A tiny quadratic for optimizer tests: f(w) = ½ Σ aᵢ(wᵢ − cᵢ)², so ∇f = a ⊙ (w − c).

import { backward } from '../../src/autodiff/index.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

export const a = [1, 4, 0.5];
export const c = [1, -2, 3];
export const w0 = [0.5, 1, -1];

/** A fresh float64 parameter at w0. */
export function param(): Tensor {
  return tensor(w0, { dtype: 'float64', requiresGrad: true });
}

/** The loss through the graph, so backward() fills w.grad with a ⊙ (w − c). */
export function loss(w: Tensor): Tensor {
  const d = w.sub(tensor(c, { dtype: 'float64' }));
  return d.mul(d).mul(tensor(a, { dtype: 'float64' })).sum().mul(0.5);
}

/** The gradient by hand. */
export function gradient(w: readonly number[]): number[] {
  return w.map((wi, i) => a[i] * (wi - c[i]));
}

/** One PyTorch-style iteration: zeroGrad, forward, backward, step. */
export function iterate(opt: Optimizer, w: Tensor): void {
  opt.zeroGrad();
  backward(loss(w));
  opt.step();
}

/** Runs `steps` iterations and returns the parameter's values after each. */
export function trajectory(opt: Optimizer, w: Tensor, steps: number): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    iterate(opt, w);
    out.push(Array.from(w.data));
  }
  return out;
}
