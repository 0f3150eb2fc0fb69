// The interface every implementation of the course network offers the trainer.

import type { TensorData } from '../core/tensor-data.js';
import type { Batch } from '../data/dataset.js';
import type { OptimizerState } from '../optim/optimizer.js';
import type { TrainConfig } from './config.js';

/** Summed loss and number of correct predictions over a batch (sums, so batches of any size combine). */
export interface BatchResult {
  lossSum: number;
  correct: number;
}

/**
 * One implementation of the network (autograd, scratch or tfjs). The trainer drives it with
 * batches and learning rates; it owns the weights and the optimizer state. Weights move between
 * implementations through `weights()`/`loadWeights()` in PyTorch's names (`0.weight`, `0.bias`, ...).
 */
export interface Learner {
  readonly impl: string;
  /** One optimizer step on a batch at learning rate `lr`; returns the batch's loss sum and correct count before the update. */
  trainStep(batch: Batch, lr: number): BatchResult | Promise<BatchResult>;
  /** Loss sum and correct count without updating. */
  evaluate(batch: Batch): BatchResult | Promise<BatchResult>;
  /** Class probabilities, row-major [count, classes]. */
  predict(images: Float32Array, count: number): Float32Array | Promise<Float32Array>;
  weights(): Record<string, TensorData> | Promise<Record<string, TensorData>>;
  loadWeights(weights: Record<string, TensorData>): void | Promise<void>;
  /** The optimizer's step count and buffers (named `${parameterIndex}.${buffer}`, as optim/ names them). */
  optimizerState(): OptimizerState | Promise<OptimizerState>;
  loadOptimizerState(state: OptimizerState): void | Promise<void>;
  /** Frees resources held outside the JS heap (tfjs); a no-op elsewhere. */
  close?(): void;
}

export type LearnerFactory = (config: TrainConfig) => Learner | Promise<Learner>;
