// The course network through nn + optim + autodiff: the default implementation.

import { backward } from '../autodiff/gradients.js';
import type { TensorData } from '../core/tensor-data.js';
import type { Batch } from '../data/dataset.js';
import { crossEntropy, mse } from '../nn/losses.js';
import { mlp } from '../nn/mlp.js';
import type { Module } from '../nn/module.js';
import { argmax, noGrad, softmax } from '../ops/index.js';
import { Adam, AdamW, RMSprop } from '../optim/adam.js';
import type { Optimizer, OptimizerState } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { Tensor } from '../tensor/tensor.js';
import type { TrainConfig } from '../train/config.js';
import type { BatchResult, Learner } from '../train/learner.js';

/** Builds the optimizer a config names over `params`. */
export function makeOptimizer(config: TrainConfig, params: Tensor[]): Optimizer {
  switch (config.optimizer) {
    case 'sgd':
      return new SGD(params, { lr: config.lr, momentum: config.momentum, nesterov: config.nesterov, weightDecay: config.weightDecay });
    case 'adam':
      return new Adam(params, { lr: config.lr, weightDecay: config.weightDecay });
    case 'adamw':
      return new AdamW(params, { lr: config.lr, weightDecay: config.weightDecay || 0.01 });
    case 'rmsprop':
      return new RMSprop(params, { lr: config.lr, momentum: config.momentum, weightDecay: config.weightDecay });
  }
}

export class AutogradLearner implements Learner {
  readonly impl = 'autograd';
  readonly model: Module;
  readonly optimizer: Optimizer;

  constructor(readonly config: TrainConfig) {
    this.model = mlp({
      input: config.input, hidden: config.hidden, output: config.output, activation: config.activation,
      init: config.init ?? undefined, seed: config.seed, dtype: config.dtype,
    });
    this.optimizer = makeOptimizer(config, this.model.parameters());
  }

  private inputs(images: Float32Array, count: number): Tensor {
    const x = Tensor.fromNode(images.subarray(0, count * this.config.input), [count, this.config.input], 'float32', null);
    return this.config.dtype === 'float64' ? x.cast('float64') : x;
  }

  /** The loss summed over the batch, so batch results add up; the step uses its mean. */
  private loss(logits: Tensor, labels: Tensor): Tensor {
    return this.config.loss === 'mse'
      ? mse(softmax(logits, -1), labels, { reduction: 'sum' })
      : crossEntropy(logits, labels, { reduction: 'sum' });
  }

  /** The batch's loss sum per sample: MSE sums over classes, and its mean is over batch × classes. */
  private perSample(lossSum: number): number {
    return this.config.loss === 'mse' ? lossSum / this.config.output : lossSum;
  }

  private labels(batch: Batch): Tensor {
    return Tensor.fromNode(batch.labels.subarray(0, batch.size), [batch.size], 'int32', null);
  }

  trainStep(batch: Batch, lr: number): BatchResult {
    const x = this.inputs(batch.images, batch.size);
    const y = this.labels(batch);
    const logits = this.model.forward(x);
    const lossSum = this.loss(logits, y);
    // mean over the batch (MSE: over batch and classes, as torch.nn.MSELoss)
    const scale = this.config.loss === 'mse' ? batch.size * this.config.output : batch.size;
    this.optimizer.zeroGrad();
    backward(lossSum.div(scale));
    this.optimizer.lr = lr;
    this.optimizer.step();
    return { lossSum: this.perSample(lossSum.item()), correct: countCorrect(logits, batch.labels) };
  }

  evaluate(batch: Batch): BatchResult {
    return noGrad(() => {
      const logits = this.model.forward(this.inputs(batch.images, batch.size));
      return { lossSum: this.perSample(this.loss(logits, this.labels(batch)).item()), correct: countCorrect(logits, batch.labels) };
    });
  }

  predict(images: Float32Array, count: number): Float32Array {
    return noGrad(() => Float32Array.from(softmax(this.model.forward(this.inputs(images, count)), -1).data));
  }

  weights(): Record<string, TensorData> {
    return this.model.stateDict();
  }

  loadWeights(weights: Record<string, TensorData>): void {
    this.model.loadStateDict(weights);
  }

  optimizerState(): OptimizerState {
    return this.optimizer.stateDict();
  }

  loadOptimizerState(state: OptimizerState): void {
    this.optimizer.loadStateDict(state);
  }
}

/** Number of rows whose largest logit is at the label. */
export function countCorrect(logits: Tensor, labels: Int32Array): number {
  const predicted = noGrad(() => argmax(logits, -1)).data;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
}
