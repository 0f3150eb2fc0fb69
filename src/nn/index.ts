// Neural-network building blocks: modules, layers, activations, mlp, initialisers and losses.

export { Module, type StateDict } from './module.js';
export { Linear, Sequential, type LinearOptions } from './layers.js';
export { activationModule, activationNames, GELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Square, Tanh, type ActivationName } from './activations.js';
export { defaultInit, mlp, type MlpConfig } from './mlp.js';
export { initNames, initWeight, type InitName } from './init.js';
export { bce, bceWithLogits, crossEntropy, mse, nll, type LossOptions, type Reduction } from './losses.js';
