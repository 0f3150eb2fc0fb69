// Adam, AdamW and RMSprop, as defined in PyTorch, written with ops.

import { add, assign, cast, div, mul, pow, sqrt, sub } from '../ops/index.js';
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
    this.createBuffers(['m', 'v']);
  }

  protected update(index: number, w: Tensor, g: Tensor, lr: Tensor): void {
    const { beta1, beta2, eps, weightDecay: wd } = this;
    const m = this.buffer('m', index);
    const v = this.buffer('v', index);
    // bias corrections 1 − βᵗ from the step count, in float64 as PyTorch computes them
    const c1 = cast(sub(1, pow(beta1, this.steps)), w.dtype);
    const c2 = cast(sub(1, pow(beta2, this.steps)), w.dtype);
    let w0 = w;
    let gi = g;
    if (wd !== 0) {
      if (this.decoupled) w0 = sub(w, mul(mul(w, wd), lr));
      else gi = add(g, mul(w, wd));
    }
    const m1 = add(mul(m, beta1), mul(gi, 1 - beta1));
    const v1 = add(mul(v, beta2), mul(mul(gi, gi), 1 - beta2));
    assign(m, m1);
    assign(v, v1);
    assign(w, sub(w0, div(mul(div(m1, c1), lr), add(sqrt(div(v1, c2)), eps))));
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
    this.createBuffers(this.momentum > 0 ? ['square_avg', 'momentum'] : ['square_avg']);
  }

  protected update(index: number, w: Tensor, g: Tensor, lr: Tensor): void {
    const { alpha, eps, momentum: mu, weightDecay: wd } = this;
    const v = this.buffer('square_avg', index);
    const gi = wd === 0 ? g : add(g, mul(w, wd));
    const v1 = add(mul(v, alpha), mul(mul(gi, gi), 1 - alpha));
    assign(v, v1);
    let d = div(gi, add(sqrt(v1), eps));
    if (mu > 0) {
      const b = this.buffer('momentum', index);
      d = add(mul(b, mu), d);
      assign(b, d);
    }
    assign(w, sub(w, mul(d, lr)));
  }
}
