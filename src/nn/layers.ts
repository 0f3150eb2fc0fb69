// Layers: Linear and Sequential.

import type { FloatDType } from '../core/dtype.js';
import { linear } from '../ops/index.js';
import { zeros } from '../tensor/creation.js';
import { Rng } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { initWeight, type InitName } from './init.js';
import { Module } from './module.js';

export interface LinearOptions {
  /** Weight initialiser (default glorot-uniform). Biases start at zero. */
  init?: InitName;
  /** Include a bias (default true). */
  bias?: boolean;
  /** Generator for the initial weights; or give `seed`. */
  rng?: Rng;
  seed?: number;
  dtype?: FloatDType;
}

/**
 * y = x Wᵀ + b, with W of shape [out, in] as in PyTorch (so weights load into torch.nn.Linear).
 * The product runs in the NT form: Wᵀ is never materialised.
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const dtype = options.dtype ?? 'float32';
    this.weight = this.addParameter('weight', initWeight(options.init ?? 'glorot-uniform', inFeatures, outFeatures, rng, dtype));
    this.bias = options.bias === false ? null : this.addParameter('bias', zeros([outFeatures], { dtype }));
  }

  /** x·Wᵀ + b. */
  forward(x: Tensor): Tensor {
    if (x.shape[x.rank - 1] !== this.inFeatures) {
      throw new Error(`Linear: input of shape [${x.shape.join(',')}] has ${x.shape[x.rank - 1]} features, expected ${this.inFeatures}`);
    }
    return linear(x, this.weight, this.bias);
  }
}

/** Applies its modules in order. They are named 0, 1, 2, ... as in torch.nn.Sequential. */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((layer, i) => this.addModule(String(i), layer));
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}
