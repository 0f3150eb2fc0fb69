// The course network with TensorFlow.js (layers API, wasm backend, cpu fallback): the only module that imports TensorFlow.js.

/**
 * The network is a `tf.sequential` of dense layers (sigmoid hidden layers, a linear last layer
 * returning logits). The loss is `tf.losses.softmaxCrossEntropy(y, logits)` or the course's MSE
 * `mean((softmax(logits) − y)²)`. Each step is a Keras-style custom training step (TensorFlow's
 * GradientTape loop): `tf.variableGrads` of the loss over the layers' variables, then
 * `optimizer.applyGradients`. The learning rate comes from the trainer's schedule (constant,
 * time-based:N, cosine, ...) and is set on the optimizer before every step, as a Keras
 * LearningRateScheduler callback called per batch would; `lastLr` reads it back.
 *
 * Optimizers against PyTorch's formulas (which autograd and scratch follow):
 * - SGD: tf.train.sgd: w ← w − lr·g. Same.
 * - momentum: tf.train.momentum: accum ← μ·accum + g; w ← w − lr·accum (Nesterov: w ← w − lr·(g + μ·accum)).
 *   PyTorch: b ← μb + g (b = g at the first step, which is μ·0 + g); w ← w − lr·b. Same, so the
 *   buffers are saved under PyTorch's name `${i}.momentum` and move between implementations.
 * - adam: tf.train.adam with β = (0.9, 0.999) and ε = 1e-8 given explicitly (its default is 1e-7):
 *   lr·m̂/(√v̂ + ε), as PyTorch. adamw: PyTorch's decoupled decay w ← w(1 − lr·λ) is applied here
 *   before the Adam step (tfjs has no AdamW).
 * - rmsprop: tf.train.rmsprop(lr, decay = 0.99, momentum, ε = 1e-8) differs slightly from PyTorch:
 *   ε sits inside the square root, and with momentum the buffer accumulates lr·g/√(v+ε).
 * - weight decay (not adamw): g ← g + λw on every parameter, as PyTorch's `weight_decay`.
 * TensorFlow.js computes in float32 only.
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TensorData } from '../core/tensor-data.js';
import type { Batch } from '../data/dataset.js';
import { mlp } from '../nn/mlp.js';
import type { OptimizerState } from '../optim/optimizer.js';
import type { TrainConfig } from '../train/config.js';
import type { BatchResult, Learner } from '../train/learner.js';

export type TfjsBackendName = 'wasm' | 'cpu';

let wasmAvailable: boolean | null = null;

/**
 * Switches TensorFlow.js to the wasm backend (its .wasm files are read from node_modules, no
 * network), or to the cpu backend when wasm cannot start or `preferred` is 'cpu'. Returns the
 * backend in use.
 */
export async function useTfjsBackend(preferred: TfjsBackendName = 'wasm'): Promise<TfjsBackendName> {
  tf.env().set('PROD', true); // silences the "install tfjs-node" banner of the cpu backend
  if (preferred === 'wasm' && wasmAvailable !== false) {
    if (tf.getBackend() === 'wasm') return 'wasm';
    try {
      const require = createRequire(import.meta.url);
      setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
      wasmAvailable = await tf.setBackend('wasm');
    } catch {
      wasmAvailable = false;
    }
    if (wasmAvailable) {
      await tf.ready();
      return 'wasm';
    }
  }
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/** tfjs' names for the hidden activations it offers as strings. */
const tfActivation = { sigmoid: 'sigmoid', relu: 'relu', tanh: 'tanh', gelu: 'gelu', identity: 'linear' } as const;

/** Optimizer state slots: tfjs' suffix (`<variable>/m`) and the name optim/ gives the same buffer. */
const stateSlots: Record<TrainConfig['optimizer'], Array<[tfjs: string, torch: string]>> = {
  sgd: [['momentum', 'momentum']],
  adam: [['m', 'm'], ['v', 'v']],
  adamw: [['m', 'm'], ['v', 'v']],
  rmsprop: [['rms', 'square_avg'], ['momentum', 'momentum']],
};

/** [rows, cols] row-major → [cols, rows]: tfjs kernels are [in, out], PyTorch weights [out, in]. */
function transpose(x: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const y = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[j * rows + i] = x[i * cols + j];
  return y;
}

export class TfjsLearner implements Learner {
  readonly impl = 'tfjs';
  readonly model: tf.Sequential;
  readonly dense: tf.layers.Layer[] = [];
  readonly optimizer: tf.Optimizer;
  readonly widths: readonly number[];
  /** The learning rate the optimizer held for the last step. */
  lastLr = NaN;
  private readonly vars: tf.Variable[];

  /** What `nabla train` prints and history.json records as the backend: tfjs-wasm or tfjs-cpu. */
  get backendLabel(): string {
    return `tfjs-${this.backend}`;
  }

  /** Use {@link createTfjsLearner}, which starts the backend first. */
  constructor(readonly config: TrainConfig, readonly backend: TfjsBackendName) {
    if (config.dtype !== 'float32') throw new Error(`--impl tfjs computes in float32 only (got --dtype ${config.dtype})`);
    if (config.activation === 'square') throw new Error('--impl tfjs does not offer --activation square');
    this.widths = [config.input, ...config.hidden, config.output];
    this.model = tf.sequential();
    for (let l = 1; l < this.widths.length; l++) {
      const hidden = l < this.widths.length - 1;
      const activation = !hidden || config.activation === 'leaky-relu' ? 'linear' : tfActivation[config.activation];
      const layer = tf.layers.dense({ units: this.widths[l], activation, useBias: true, ...(l === 1 ? { inputShape: [config.input] } : {}) });
      this.model.add(layer);
      this.dense.push(layer);
      if (hidden && config.activation === 'leaky-relu') this.model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
    }
    // the same initial weights as autograd and scratch: mlp()'s for the same seed
    const init = mlp({ input: config.input, hidden: config.hidden, output: config.output, activation: config.activation, init: config.init ?? undefined, seed: config.seed, dtype: 'float32' });
    this.loadWeights(init.stateDict());
    this.vars = this.dense.flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
    this.optimizer = this.makeOptimizer();
  }

  private makeOptimizer(): tf.Optimizer {
    const c = this.config;
    switch (c.optimizer) {
      case 'sgd':
        return c.momentum > 0 ? tf.train.momentum(c.lr, c.momentum, c.nesterov) : tf.train.sgd(c.lr);
      case 'adam':
      case 'adamw':
        return tf.train.adam(c.lr, 0.9, 0.999, 1e-8);
      case 'rmsprop':
        return tf.train.rmsprop(c.lr, 0.99, c.momentum, 1e-8);
    }
  }

  private setLearningRate(lr: number): void {
    const opt = this.optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
    if (opt.learningRate !== lr) {
      // SGD and momentum keep −lr as a tensor, which setLearningRate renews; adam and rmsprop read the field
      if (opt.setLearningRate) opt.setLearningRate(lr);
      else opt.learningRate = lr;
    }
    this.lastLr = opt.learningRate;
  }

  private inputs(images: Float32Array, count: number): tf.Tensor2D {
    return tf.tensor2d(images.subarray(0, count * this.config.input), [count, this.config.input], 'float32');
  }

  private oneHot(labels: Int32Array, count: number): tf.Tensor2D {
    const C = this.config.output;
    const y = new Float32Array(count * C);
    for (let r = 0; r < count; r++) y[r * C + labels[r]] = 1;
    return tf.tensor2d(y, [count, C]);
  }

  /** The batch-mean loss the step minimises (MSE: mean over batch and classes, as torch.nn.MSELoss). */
  private meanLoss(logits: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    return this.config.loss === 'mse'
      ? tf.mean(tf.squaredDifference(tf.softmax(logits), y)) as tf.Scalar
      : tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  }

  private countCorrect(logits: tf.Tensor2D, labels: Int32Array): number {
    const predicted = tf.argMax(logits, -1).dataSync();
    let correct = 0;
    for (let r = 0; r < predicted.length; r++) if (predicted[r] === labels[r]) correct++;
    return correct;
  }

  /** Loss value, correct count and gradients (PyTorch's names and layout) at the current weights. */
  private lossAndGrads(batch: Batch): { lossSum: number; correct: number; grads: tf.NamedTensorMap } {
    let correct = 0;
    const x = this.inputs(batch.images, batch.size);
    const y = this.oneHot(batch.labels, batch.size);
    const { value, grads } = tf.variableGrads(() => {
      const logits = this.model.apply(x, { training: true }) as tf.Tensor2D;
      correct = this.countCorrect(logits, batch.labels);
      return this.meanLoss(logits, y);
    }, this.vars);
    return { lossSum: value.dataSync()[0] * batch.size, correct, grads };
  }

  /** The gradients of the batch's mean loss in PyTorch's names and [out, in] layout (weights unchanged). */
  gradients(batch: Batch): Record<string, TensorData> {
    const out: Record<string, TensorData> = {};
    tf.tidy(() => {
      const { grads } = this.lossAndGrads(batch);
      this.vars.forEach((v, i) => {
        const l = i >> 1;
        const [nIn, nOut] = [this.widths[l], this.widths[l + 1]];
        const g = grads[v.name].dataSync();
        out[`${2 * l}.${i % 2 === 0 ? 'weight' : 'bias'}`] = i % 2 === 0
          ? { data: transpose(g, nIn, nOut), shape: [nOut, nIn], dtype: 'float32' }
          : { data: Float32Array.from(g), shape: [nOut], dtype: 'float32' };
      });
    });
    return out;
  }

  trainStep(batch: Batch, lr: number): BatchResult {
    return tf.tidy(() => {
      const { lossSum, correct, grads } = this.lossAndGrads(batch);
      const { optimizer: name, weightDecay: wd } = this.config;
      this.setLearningRate(lr);
      if (name === 'adamw') {
        // decoupled decay, as PyTorch's AdamW: w ← w(1 − lr·λ), then the Adam step
        const decay = wd || 0.01;
        for (const v of this.vars) v.assign(tf.mul(v, 1 - lr * decay));
      } else if (wd > 0) {
        // PyTorch's weight_decay: g ← g + λw
        for (const v of this.vars) grads[v.name] = tf.add(grads[v.name], tf.mul(v, wd));
      }
      this.optimizer.applyGradients(grads);
      return { lossSum, correct };
    });
  }

  evaluate(batch: Batch): BatchResult {
    return tf.tidy(() => {
      const logits = this.model.apply(this.inputs(batch.images, batch.size)) as tf.Tensor2D;
      const loss = this.meanLoss(logits, this.oneHot(batch.labels, batch.size)).dataSync()[0];
      return { lossSum: loss * batch.size, correct: this.countCorrect(logits, batch.labels) };
    });
  }

  predict(images: Float32Array, count: number): Float32Array {
    return tf.tidy(() => Float32Array.from(tf.softmax(this.model.apply(this.inputs(images, count)) as tf.Tensor2D).dataSync()));
  }

  weights(): Record<string, TensorData> {
    const out: Record<string, TensorData> = {};
    this.dense.forEach((layer, l) => {
      const [kernel, bias] = layer.getWeights();
      const [nIn, nOut] = [this.widths[l], this.widths[l + 1]];
      out[`${2 * l}.weight`] = { data: transpose(kernel.dataSync(), nIn, nOut), shape: [nOut, nIn], dtype: 'float32' };
      out[`${2 * l}.bias`] = { data: Float32Array.from(bias.dataSync()), shape: [nOut], dtype: 'float32' };
    });
    return out;
  }

  loadWeights(weights: Record<string, TensorData>): void {
    const expected = this.dense.flatMap((_, l) => [`${2 * l}.weight`, `${2 * l}.bias`]);
    const missing = expected.filter((k) => !(k in weights));
    const unexpected = Object.keys(weights).filter((k) => !expected.includes(k));
    if (missing.length > 0 || unexpected.length > 0) throw new Error(`tfjs.loadWeights: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`);
    this.dense.forEach((layer, l) => {
      const [nIn, nOut] = [this.widths[l], this.widths[l + 1]];
      const w = weights[`${2 * l}.weight`];
      const b = weights[`${2 * l}.bias`];
      if (w.shape[0] !== nOut || w.shape[1] !== nIn || b.shape[0] !== nOut) {
        throw new Error(`tfjs.loadWeights: layer ${2 * l} has shapes [${w.shape.join(',')}] and [${b.shape.join(',')}], the network expects [${nOut},${nIn}] and [${nOut}]`);
      }
      tf.tidy(() => layer.setWeights([tf.tensor2d(transpose(w.data, nOut, nIn), [nIn, nOut]), tf.tensor1d(Float32Array.from(b.data))]));
    });
  }

  /** Buffers as optim/ names them (`${i}.momentum`, `${i}.m`, ...; kernels in PyTorch's [out, in] order) and the step count. */
  async optimizerState(): Promise<OptimizerState> {
    const saved = await this.optimizer.getWeights();
    const out: Record<string, TensorData> = {};
    let step = 0;
    const slots = new Map(stateSlots[this.config.optimizer]);
    for (const { name, tensor } of saved) {
      if (name === 'iter') {
        step = tensor.dataSync()[0];
        continue;
      }
      const slash = name.lastIndexOf('/');
      const index = this.vars.findIndex((v) => v.name === name.slice(0, slash));
      const torch = slots.get(name.slice(slash + 1));
      if (index < 0 || torch === undefined) continue;
      const data = tensor.dataSync();
      out[`${index}.${torch}`] = {
        data: index % 2 === 0 ? transpose(data, tensor.shape[0] ?? 0, tensor.shape[1] ?? 0) : Float32Array.from(data),
        shape: [data.length],
        dtype: 'float32',
      };
    }
    return { step, buffers: out };
  }

  async loadOptimizerState({ step, buffers: state }: OptimizerState): Promise<void> {
    const slots = stateSlots[this.config.optimizer];
    const list: Array<{ name: string; tensor: tf.Tensor }> = [{ name: 'iter', tensor: tf.scalar(step, 'int32') }];
    for (const [tfName, torch] of slots) {
      for (let i = 0; i < this.vars.length; i++) {
        const b = state[`${i}.${torch}`];
        // plain SGD keeps no buffers; a state without this slot leaves the optimizer fresh
        if (b === undefined) return;
        const v = this.vars[i];
        if (b.data.length !== v.size) throw new Error(`tfjs.loadOptimizerState: buffer ${i}.${torch} does not match the parameters`);
        const data = i % 2 === 0 ? transpose(b.data, v.shape[1] ?? 0, v.shape[0] ?? 0) : Float32Array.from(b.data);
        list.push({ name: `${v.name}/${tfName}`, tensor: tf.tensor(data, v.shape) });
      }
    }
    await this.optimizer.setWeights(list);
  }

  close(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/** Starts TensorFlow.js's backend (wasm, else cpu) and builds the learner. */
export async function createTfjsLearner(config: TrainConfig, options: { backend?: TfjsBackendName } = {}): Promise<TfjsLearner> {
  const backend = await useTfjsBackend(options.backend ?? (process.env.NABLA_TFJS_BACKEND === 'cpu' ? 'cpu' : 'wasm'));
  return new TfjsLearner(config, backend);
}
