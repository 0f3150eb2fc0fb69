// Activation modules: Sigmoid, ReLU, LeakyReLU, Tanh, GELU, Softmax, Identity, Square.

import { gelu, leakyRelu, mul, relu, sigmoid, softmax, tanh } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}
export class LeakyReLU extends Module {
  constructor(readonly alpha = 0.01) { super(); }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.alpha); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super(); }
  forward(x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
}
export class Softmax extends Module {
  constructor(readonly axis = -1) { super(); }
  forward(x: Tensor): Tensor { return softmax(x, this.axis); }
}
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}
/** g(z) = z², the course's example of a non-standard activation. */
export class Square extends Module {
  forward(x: Tensor): Tensor { return mul(x, x); }
}

export const activationNames = ['sigmoid', 'relu', 'leaky-relu', 'tanh', 'gelu', 'identity', 'square'] as const;
export type ActivationName = (typeof activationNames)[number];

/** The module for an activation name; throws listing the valid names otherwise. */
export function activationModule(name: string): Module {
  switch (name) {
    case 'sigmoid': return new Sigmoid();
    case 'relu': return new ReLU();
    case 'leaky-relu': return new LeakyReLU(0.01);
    case 'tanh': return new Tanh();
    case 'gelu': return new GELU();
    case 'identity': return new Identity();
    case 'square': return new Square();
    default: throw new Error(`unknown activation "${name}" (expected one of ${activationNames.join(', ')})`);
  }
}
