// Stochastic gradient descent with momentum, Nesterov momentum and weight decay (PyTorch's formulation), written with ops.

import { add, assign, cast, greater, mul, sub } from '../ops/index.js';
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
    if (this.momentum !== 0) this.createBuffers(['momentum']);
  }

  protected update(index: number, w: Tensor, g: Tensor, lr: Tensor): void {
    const { momentum: mu, dampening: tau, nesterov, weightDecay: wd } = this;
    const gw = wd === 0 ? g : add(g, mul(w, wd));
    let d = gw;
    if (mu !== 0) {
      const b = this.buffer('momentum', index);
      // the buffer starts at zero, so μb + g is g on the first step; with dampening the first
      // step's coefficient is 1 and later ones 1 − τ: 1 − τ·[t > 1]
      const fresh = tau === 0 ? gw : mul(gw, cast(sub(1, mul(greater(this.steps, 1), tau)), w.dtype));
      const next = add(mul(b, mu), fresh);
      assign(b, next);
      d = nesterov ? add(gw, mul(next, mu)) : next;
    }
    assign(w, sub(w, mul(d, lr)));
  }
}
