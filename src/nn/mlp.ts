// mlp(): a fully connected network of any depth and width, the course's network by default.

import type { FloatDType } from '../core/dtype.js';
import { Rng } from '../tensor/random.js';
import { activationModule, activationNames, type ActivationName } from './activations.js';
import type { InitName } from './init.js';
import { Linear, Sequential } from './layers.js';
import type { Module } from './module.js';

export interface MlpConfig {
  input: number;
  /** Widths of the hidden layers, any number of them (may be empty). */
  hidden: readonly number[];
  output: number;
  /** Hidden activation (default sigmoid). The output layer is linear: it returns logits. */
  activation?: ActivationName;
  /** Weight initialiser; default glorot-uniform, or he-uniform for relu-like activations. */
  init?: InitName;
  /** Seed of the initial weights (default 1). */
  seed?: number;
  dtype?: FloatDType;
}

/** The initialiser `mlp` uses when none is named: He for the ReLU family (it keeps Var = 2/fanIn through a half-zeroed layer), Glorot otherwise. */
export function defaultInit(activation: ActivationName): InitName {
  return activation === 'relu' || activation === 'leaky-relu' ? 'he-uniform' : 'glorot-uniform';
}

/**
 * Linear → activation → … → Linear. The last layer returns logits; the softmax lives in the
 * loss (crossEntropy) or in `predict`, which keeps training numerically stable.
 * @example const net = mlp({ input: 784, hidden: [128, 64], output: 10, activation: 'sigmoid' });
 */
export function mlp(config: MlpConfig): Sequential {
  const activation = config.activation ?? 'sigmoid';
  if (!activationNames.includes(activation)) throw new Error(`mlp: unknown activation "${activation}" (expected one of ${activationNames.join(', ')})`);
  const widths = [config.input, ...config.hidden, config.output];
  for (const w of widths) if (!Number.isInteger(w) || w <= 0) throw new Error(`mlp: layer widths must be positive integers, got [${widths.join(',')}]`);
  const init = config.init ?? defaultInit(activation);
  const rng = new Rng(config.seed ?? 1);
  const layers: Module[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push(new Linear(widths[i], widths[i + 1], { init, rng, dtype: config.dtype }));
    if (i + 2 < widths.length) layers.push(activationModule(activation));
  }
  return new Sequential(...layers);
}
