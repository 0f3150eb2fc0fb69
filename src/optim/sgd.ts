// Stochastic gradient descent with momentum, Nesterov momentum and weight decay (PyTorch's formulation).

import { getBackend } from '../backend/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer } from './optimizer.js';

export interface SgdOptions {
  lr: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Dampening τ of the momentum's new gradient (default 0). */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * g ← g + λw;  b ← μb + (1−τ)g (b = g on the first step);  d = g + μb if Nesterov else b;
 * w ← w − lr·d. Without momentum: w ← w − lr·g.
 * @example const opt = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: readonly Tensor[], options: SgdOptions) {
    super(params, options.lr);
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (this.momentum < 0) throw new Error(`SGD: momentum must be ≥ 0, got ${this.momentum}`);
    if (this.weightDecay < 0) throw new Error(`SGD: weight decay must be ≥ 0, got ${this.weightDecay}`);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) throw new Error('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
  }

  protected update(index: number, w: Float32Array | Float64Array, g: Float32Array | Float64Array): void {
    const { lr, momentum: mu, dampening: tau, nesterov, weightDecay: wd } = this;
    const fast = getBackend().updates?.sgdF32;
    if (fast && w instanceof Float32Array && g instanceof Float32Array) {
      const first = mu !== 0 && !this.hasBuffer('momentum', index);
      const b = mu === 0 ? null : (this.buffer('momentum', index, w) as Float32Array);
      fast(w, g, b, { lr, momentum: mu, dampening: tau, nesterov, weightDecay: wd, first });
      return;
    }
    if (mu === 0) {
      for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] + wd * w[i]);
      return;
    }
    const first = !this.hasBuffer('momentum', index);
    const b = this.buffer('momentum', index, w);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] + wd * w[i];
      const bi = first ? gi : mu * b[i] + (1 - tau) * gi;
      b[i] = bi;
      w[i] -= lr * (nesterov ? gi + mu * bi : bi);
    }
  }
}
