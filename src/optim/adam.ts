// Adam, AdamW and RMSprop, as defined in PyTorch.

import type { Tensor } from '../tensor/tensor.js';
import { Optimizer } from './optimizer.js';

export interface AdamOptions {
  lr?: number;
  /** (β₁, β₂), default (0.9, 0.999). */
  betas?: readonly [number, number];
  /** ε in the denominator, default 1e-8. */
  eps?: number;
  /** L2 penalty added to the gradient (Adam) or decoupled decay (AdamW). Default 0 (Adam), 0.01 (AdamW). */
  weightDecay?: number;
}

/**
 * m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·m̂/(√v̂ + ε), with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * @example const opt = new Adam(net.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly decoupled: boolean = false;

  constructor(params: readonly Tensor[], options: AdamOptions = {}, defaultDecay = 0) {
    super(params, options.lr ?? 1e-3);
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? defaultDecay;
    for (const b of [this.beta1, this.beta2]) if (!(b >= 0 && b < 1)) throw new Error(`${this.constructor.name}: betas must lie in [0, 1), got ${b}`);
  }

  protected update(index: number, w: Float32Array | Float64Array, g: Float32Array | Float64Array): void {
    const { lr, beta1, beta2, eps, weightDecay: wd } = this;
    const m = this.buffer('m', index, w);
    const v = this.buffer('v', index, w);
    const t = this.stepCount;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < w.length; i++) {
      let gi = g[i];
      if (this.decoupled) w[i] -= lr * wd * w[i];
      else gi += wd * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}

/** Adam with decoupled weight decay: w ← w − lr·λw before the Adam step (default λ = 0.01). */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;
  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, options, 0.01);
  }
}

export interface RmspropOptions {
  lr?: number;
  /** Smoothing constant α, default 0.99. */
  alpha?: number;
  eps?: number;
  momentum?: number;
  weightDecay?: number;
}

/**
 * v ← αv + (1−α)g²;  with momentum μ: b ← μb + g/(√v + ε), w ← w − lr·b;  else w ← w − lr·g/(√v + ε).
 */
export class RMSprop extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly weightDecay: number;

  constructor(params: readonly Tensor[], options: RmspropOptions = {}) {
    super(params, options.lr ?? 0.01);
    this.alpha = options.alpha ?? 0.99;
    this.eps = options.eps ?? 1e-8;
    this.momentum = options.momentum ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
  }

  protected update(index: number, w: Float32Array | Float64Array, g: Float32Array | Float64Array): void {
    const { lr, alpha, eps, momentum: mu, weightDecay: wd } = this;
    const v = this.buffer('square_avg', index, w);
    const b = mu > 0 ? this.buffer('momentum', index, w) : null;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] + wd * w[i];
      v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
      const d = gi / (Math.sqrt(v[i]) + eps);
      if (b) {
        b[i] = mu * b[i] + d;
        w[i] -= lr * b[i];
      } else w[i] -= lr * d;
    }
  }
}
