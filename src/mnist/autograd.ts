// The course network through nn + optim + autodiff: the default implementation.

import { backward, gradients } from '../autodiff/gradients.js';
import type { TensorData } from '../core/tensor-data.js';
import type { Batch } from '../data/dataset.js';
import { crossEntropy, mse } from '../nn/losses.js';
import { mlp } from '../nn/mlp.js';
import type { Module } from '../nn/module.js';
import { jit } from '../jit/jit.js';
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

  /** `options.jit: false` runs every step eagerly, op by op (for comparison and debugging). */
  constructor(readonly config: TrainConfig, private readonly options: { jit?: boolean } = {}) {
    this.model = mlp({
      input: config.input, hidden: config.hidden, output: config.output, activation: config.activation,
      init: config.init ?? undefined, seed: config.seed, dtype: config.dtype,
    });
    this.optimizer = makeOptimizer(config, this.model.parameters());
    this.step = this.compiled((x: Tensor, y: Tensor) => this.stepBody(x, y));
    this.score = this.compiled((x: Tensor, y: Tensor) => this.scoreBody(x, y));
    this.probabilities = this.compiled((x: Tensor) => noGrad(() => softmax(this.model.forward(this.cast(x)), -1)));
    this.meanLossGradients = this.compiled((x: Tensor, y: Tensor) => gradients(this.meanLoss(x, y).loss, this.model.parameters()));
  }

  /** stepBody, scoreBody and the probabilities, through jit unless made with `{ jit: false }`. */
  private readonly step: (x: Tensor, y: Tensor) => Tensor[];
  private readonly score: (x: Tensor, y: Tensor) => Tensor[];
  private readonly probabilities: (x: Tensor) => Tensor;
  private readonly meanLossGradients: (x: Tensor, y: Tensor) => Tensor[];

  /**
   * One optimizer step on a batch, traced once per batch size and run as the backend's compiled
   * plan afterwards (jit): the forward pass, the loss, backward and the update are one graph.
   * Returns the loss summed over the batch and each row's predicted class.
   */
  private stepBody(x: Tensor, y: Tensor): Tensor[] {
    const { logits, lossSum, loss } = this.meanLoss(x, y);
    this.optimizer.zeroGrad();
    backward(loss);
    this.optimizer.step();
    return [lossSum, argmax(logits, -1)];
  }

  /** The logits, the loss summed over the batch, and its mean (MSE: over batch and classes, as torch.nn.MSELoss). */
  private meanLoss(x: Tensor, y: Tensor): { logits: Tensor; lossSum: Tensor; loss: Tensor } {
    const logits = this.model.forward(this.cast(x));
    const lossSum = this.loss(logits, y);
    const scale = this.config.loss === 'mse' ? x.shape[0] * this.config.output : x.shape[0];
    return { logits, lossSum, loss: lossSum.div(scale) };
  }

  /** The batch's loss sum and predicted classes without updating, compiled as the step is. */
  private scoreBody(x: Tensor, y: Tensor): Tensor[] {
    return noGrad(() => {
      const logits = this.model.forward(this.cast(x));
      return [this.loss(logits, y), argmax(logits, -1)];
    });
  }

  /** `f` through jit, or as it is when the learner was made with `{ jit: false }`. */
  private compiled<A extends Tensor[], R extends Tensor[] | Tensor>(f: (...args: A) => R): (...args: A) => R {
    return this.options.jit === false ? f : jit(f);
  }

  private cast(x: Tensor): Tensor {
    return this.config.dtype === 'float64' ? x.cast('float64') : x;
  }

  private inputs(images: Float32Array, count: number): Tensor {
    return Tensor.fromNode(images.subarray(0, count * this.config.input), [count, this.config.input], 'float32', null);
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
    this.optimizer.lr = lr;
    const [lossSum, predicted] = this.step(this.inputs(batch.images, batch.size), this.labels(batch));
    return { lossSum: this.perSample(lossSum.item()), correct: countMatches(predicted.data, batch.labels) };
  }

  evaluate(batch: Batch): BatchResult {
    const [lossSum, predicted] = this.score(this.inputs(batch.images, batch.size), this.labels(batch));
    return { lossSum: this.perSample(lossSum.item()), correct: countMatches(predicted.data, batch.labels) };
  }

  predict(images: Float32Array, count: number): Float32Array {
    return Float32Array.from(this.probabilities(this.inputs(images, count)).data);
  }

  /** The gradients of the batch's mean loss at the current weights, in PyTorch's names (weights unchanged), as the step computes them. */
  gradients(batch: Batch): Record<string, TensorData> {
    const grads = this.meanLossGradients(this.inputs(batch.images, batch.size), this.labels(batch));
    const out: Record<string, TensorData> = {};
    this.model.namedParameters().forEach(([name, p], i) => {
      out[name] = { data: grads[i].data, shape: [...p.shape], dtype: p.dtype };
    });
    return out;
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
  return countMatches(noGrad(() => argmax(logits, -1)).data, labels);
}

/** Number of predicted classes equal to their label. */
function countMatches(predicted: ArrayLike<number>, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
}
