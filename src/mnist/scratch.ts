// The course network from scratch: forward and backward written by hand over typed arrays, no autodiff graph.

/**
 * Notation (the course's): layer l = 1..L has weights W^[l] [n_l, n_{l−1}] (PyTorch's `[out, in]`,
 * saved as `${2(l−1)}.weight`) and bias b^[l]. For one image x:
 *
 *   h^[0] = x
 *   a^[l] = W^[l] h^[l−1] + b^[l]          pre-activation       (a_i^[l] = Σ_j w_ij^[l] h_j^[l−1] + b_i^[l])
 *   h^[l] = σ(a^[l])                       hidden activation    (l < L)
 *   f     = softmax(a^[L])                 f_k = e^{a_k} / Σ_c e^{a_c}
 *   L     = (1/C) Σ_k (f_k − y_k)²         MSE after the softmax (the course), y one-hot, C classes
 *        or −Σ_k y_k log f_k               cross-entropy (the option)
 *
 * Backward, by the chain rule, one "delta" δ^[l] = ∂L/∂a^[l] per layer:
 *
 *   δ_c^[L] = Σ_k ∂L/∂f_k · ∂f_k/∂a_c^[L]                              the FULL softmax Jacobian:
 *           = f_c (g_c − Σ_k g_k f_k),  g = ∂L/∂f = (2/C)(f − y)       ∂f_k/∂a_c = f_k(δ_kc − f_c)
 *     (cross-entropy: δ^[L] = f − y, the Jacobian and ∂L/∂f cancel to this)
 *   δ_m^[l] = σ'(a_m^[l]) Σ_c w_cm^[l+1] δ_c^[l+1]                      back through W^[l+1] and σ
 *   ∂L/∂w_ij^[l] = δ_i^[l] h_j^[l−1]                                    the weight gradient: delta × input
 *   ∂L/∂b_i^[l]  = δ_i^[l]
 *
 * Unrolled for the course's three layers this is exactly
 *   ∂L/∂w_ij^[1] = Σ_k ∂L/∂f_k · ∂f_k/∂a_k^[3] · Σ_m w_km^[3] σ'(a_m^[2]) w_mi^[2] σ'(a_i^[1]) x_j,
 * where the factor "∂f_k/∂a_k^[3]" must be read as the full sum over the softmax's inputs
 * (δ^[3] above): every f_k depends on every a_c^[3]. Keeping only the diagonal f_k(1 − f_k) drops
 * the −f_c Σ_{k≠c} g_k f_k term and gives a wrong gradient.
 *
 * Over a batch of B images the rows of each matrix are the images, and the loss is the batch mean:
 *   A^[l] = H^[l−1] W^[l]ᵀ + b^[l]      matmul NT   [B, n_{l−1}]·[n_l, n_{l−1}]ᵀ
 *   Δ^[l] = (Δ^[l+1] W^[l+1]) ⊙ σ'(A^[l]) matmul NN [B, n_{l+1}]·[n_{l+1}, n_l]
 *   ∂L/∂W^[l] = Δ^[l]ᵀ H^[l−1]          matmul TN   [B, n_l]ᵀ·[B, n_{l−1}]: Σ over images of δ_i h_j
 *   ∂L/∂b^[l] = Σ_rows Δ^[l]
 * The matmuls run on the current backend's kernel (so a faster backend speeds this up too); the
 * rest are plain loops.
 */

import type { FloatDType } from '../core/dtype.js';
import { getBackend } from '../backend/registry.js';
import type { TensorData } from '../core/tensor-data.js';
import { erf } from '../backend/reference/special.js';
import type { Batch } from '../data/dataset.js';
import type { ActivationName } from '../nn/activations.js';
import { mlp } from '../nn/mlp.js';
import type { Optimizer, OptimizerState } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { TrainConfig } from '../train/config.js';
import type { BatchResult, Learner } from '../train/learner.js';
import { makeOptimizer } from './autograd.js';

type Floats = Float32Array | Float64Array;

/** What one forward pass keeps for the backward pass. */
interface ForwardPass {
  /** h^[0] = x, h^[1], ..., h^[L−1]: the input of each layer, [B, n_{l−1}]. */
  h: Floats[];
  /** a^[1], ..., a^[L]: the pre-activations, [B, n_l]. */
  a: Floats[];
  /** f = softmax(a^[L]), [B, C]. */
  f: Floats;
}

/** The hidden activation σ and its derivative σ'(a) given a and h = σ(a). */
interface Activation {
  forward(a: number): number;
  derivative(a: number, h: number): number;
}

const invSqrt2 = Math.SQRT1_2;
const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);

const activations: Record<ActivationName, Activation> = {
  // σ(a) = 1/(1+e^{−a}), σ' = σ(1 − σ), evaluated on the side where e^{·} cannot overflow
  sigmoid: { forward: (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))), derivative: (_a, h) => h * (1 - h) },
  // tanh' = 1 − tanh²
  tanh: { forward: Math.tanh, derivative: (_a, h) => 1 - h * h },
  // relu' = 1 for a > 0, 0 otherwise (0 at a = 0, as PyTorch)
  relu: { forward: (a) => (a > 0 ? a : 0), derivative: (a) => (a > 0 ? 1 : 0) },
  'leaky-relu': { forward: (a) => (a > 0 ? a : 0.01 * a), derivative: (a) => (a > 0 ? 1 : 0.01) },
  // GELU(a) = a Φ(a), GELU' = Φ(a) + a φ(a)
  gelu: { forward: (a) => 0.5 * a * (1 + erf(a * invSqrt2)), derivative: (a) => 0.5 * (1 + erf(a * invSqrt2)) + a * invSqrt2Pi * Math.exp(-0.5 * a * a) },
  identity: { forward: (a) => a, derivative: () => 1 },
  // g(a) = a², g' = 2a
  square: { forward: (a) => a * a, derivative: (a) => 2 * a },
};

/**
 * The course network with hand-written backprop. Same initial weights as `autograd` for the same
 * seed (taken from mlp()), same optimizer formulas (SGD written out below; Adam, AdamW and
 * RMSprop through optim/'s classes over these buffers), same loss conventions.
 */
export class ScratchLearner implements Learner {
  readonly impl = 'scratch';
  /** n_0 = input, n_1..n_{L−1} hidden, n_L = classes. */
  readonly widths: readonly number[];
  readonly dtype: FloatDType;
  /** W^[l] for l = 1..L at index l−1, row-major [n_l, n_{l−1}]. */
  readonly W: Floats[] = [];
  /** b^[l] at index l−1. */
  readonly b: Floats[] = [];
  /** The learning rate the last step used (the trainer's schedule decides it). */
  lastLr = NaN;
  private readonly sigma: Activation;
  /** SGD momentum buffers by parameter index (0.weight = 0, 0.bias = 1, 2.weight = 2, ...), as optim/'s keys. */
  private readonly momentum = new Map<number, Floats>();
  private steps = 0;
  /** Adam, AdamW, RMSprop: optim/'s class over tensors that share W and b's memory. */
  private readonly optimizer: Optimizer | null = null;
  private readonly paramTensors: Tensor[] = [];

  constructor(readonly config: TrainConfig) {
    this.widths = [config.input, ...config.hidden, config.output];
    this.dtype = config.dtype;
    this.sigma = activations[config.activation];
    if (this.sigma === undefined) throw new Error(`scratch: unknown activation "${config.activation}"`);
    // the initial weights are mlp()'s for the same seed, so scratch and autograd start equal
    const init = mlp({ input: config.input, hidden: config.hidden, output: config.output, activation: config.activation, init: config.init ?? undefined, seed: config.seed, dtype: config.dtype });
    const state = init.stateDict();
    for (let l = 0; l + 1 < this.widths.length; l++) {
      this.W.push(state[`${2 * l}.weight`].data as Floats);
      this.b.push(state[`${2 * l}.bias`].data as Floats);
    }
    this.params().forEach(({ data, shape }) => this.paramTensors.push(Tensor.fromNode(data, shape, this.dtype, null)));
    if (config.optimizer !== 'sgd') this.optimizer = makeOptimizer(config, this.paramTensors);
  }

  /** Every parameter in PyTorch's order and names: 0.weight, 0.bias, 2.weight, ... */
  private params(): Array<{ name: string; data: Floats; shape: number[] }> {
    return this.W.flatMap((w, l) => [
      { name: `${2 * l}.weight`, data: w, shape: [this.widths[l + 1], this.widths[l]] },
      { name: `${2 * l}.bias`, data: this.b[l], shape: [this.widths[l + 1]] },
    ]);
  }

  private alloc(n: number): Floats {
    return this.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  }

  /** C = op(A)·op(B) on the backend's matmul kernel. */
  private matmul(A: Floats, aShape: [number, number], B: Floats, bShape: [number, number], transA: boolean, transB: boolean): Floats {
    const m = transA ? aShape[1] : aShape[0];
    const n = transB ? bShape[0] : bShape[1];
    return getBackend().kernels.matmul(
      [{ data: A, shape: aShape, dtype: this.dtype }, { data: B, shape: bShape, dtype: this.dtype }],
      { transA, transB },
      { shape: [m, n], dtype: this.dtype },
    ) as Floats;
  }

  /** Forward through every layer, keeping h^[l−1] and a^[l] for the backward pass. */
  private forward(images: Float32Array, B: number): ForwardPass {
    const n0 = this.widths[0];
    const x = this.dtype === 'float64' ? Float64Array.from(images.subarray(0, B * n0)) : images.subarray(0, B * n0);
    const L = this.W.length;
    const h: Floats[] = [x];
    const a: Floats[] = [];
    for (let l = 1; l <= L; l++) {
      const nIn = this.widths[l - 1];
      const nOut = this.widths[l];
      // A^[l] = H^[l−1] W^[l]ᵀ + b^[l]  (NT: W stays [out, in])
      const al = this.matmul(h[l - 1], [B, nIn], this.W[l - 1], [nOut, nIn], false, true);
      const bias = this.b[l - 1];
      for (let r = 0; r < B; r++) for (let i = 0; i < nOut; i++) al[r * nOut + i] += bias[i];
      a.push(al);
      if (l < L) {
        // H^[l] = σ(A^[l])
        const hl = this.alloc(B * nOut);
        for (let t = 0; t < hl.length; t++) hl[t] = this.sigma.forward(al[t]);
        h.push(hl);
      }
    }
    return { h, a, f: softmaxRows(a[L - 1], B, this.widths[L], this.alloc(a[L - 1].length)) };
  }

  /** Loss summed over the batch (MSE: mean over classes per image, as torch.nn.MSELoss per image) and correct count. */
  private measure(pass: ForwardPass, labels: Int32Array, B: number): BatchResult {
    const C = this.widths[this.widths.length - 1];
    const logits = pass.a[pass.a.length - 1];
    const f = pass.f;
    let lossSum = 0;
    let correct = 0;
    for (let r = 0; r < B; r++) {
      const y = labels[r];
      let best = 0;
      for (let c = 1; c < C; c++) if (logits[r * C + c] > logits[r * C + best]) best = c;
      if (best === y) correct++;
      if (this.config.loss === 'mse') {
        let s = 0;
        for (let c = 0; c < C; c++) {
          const d = f[r * C + c] - (c === y ? 1 : 0);
          s += d * d;
        }
        lossSum += s / C;
      } else {
        // −log f_y = logsumexp(a) − a_y, computed from the logits (stable for any a)
        let max = -Infinity;
        for (let c = 0; c < C; c++) max = Math.max(max, logits[r * C + c]);
        let z = 0;
        for (let c = 0; c < C; c++) z += Math.exp(logits[r * C + c] - max);
        lossSum += max + Math.log(z) - logits[r * C + y];
      }
    }
    return { lossSum, correct };
  }

  /**
   * ∂(mean loss)/∂W^[l] and ∂/∂b^[l] for every layer, by the deltas of the file comment. The
   * mean is over the batch (and, for MSE, over the classes too, as torch.nn.MSELoss).
   */
  private backward(pass: ForwardPass, labels: Int32Array, B: number): { dW: Floats[]; db: Floats[] } {
    const L = this.W.length;
    const C = this.widths[L];
    const f = pass.f;
    // δ^[L] = ∂L/∂a^[L], one row per image
    let delta = this.alloc(B * C);
    if (this.config.loss === 'mse') {
      // L = (1/(B·C)) Σ_r Σ_k (f_k − y_k)²  ⇒  g_k = ∂L/∂f_k = 2(f_k − y_k)/(B·C)
      // δ_c = Σ_k g_k ∂f_k/∂a_c = Σ_k g_k f_k(δ_kc − f_c) = f_c (g_c − ⟨g, f⟩)   (Jᵀg, J symmetric)
      const scale = 2 / (B * C);
      const g = new Float64Array(C);
      for (let r = 0; r < B; r++) {
        const y = labels[r];
        let gf = 0; // ⟨g, f⟩
        for (let k = 0; k < C; k++) {
          g[k] = scale * (f[r * C + k] - (k === y ? 1 : 0));
          gf += g[k] * f[r * C + k];
        }
        for (let c = 0; c < C; c++) delta[r * C + c] = f[r * C + c] * (g[c] - gf);
      }
    } else {
      // L = −(1/B) Σ_r log f_y  ⇒  δ_c = (f_c − y_c)/B   (softmax Jacobian times −y/f collapses)
      for (let r = 0; r < B; r++) {
        for (let c = 0; c < C; c++) delta[r * C + c] = (f[r * C + c] - (c === labels[r] ? 1 : 0)) / B;
      }
    }
    const dW: Floats[] = new Array(L);
    const db: Floats[] = new Array(L);
    for (let l = L; l >= 1; l--) {
      const nIn = this.widths[l - 1];
      const nOut = this.widths[l];
      // ∂L/∂w_ij^[l] = Σ_images δ_i^[l] h_j^[l−1]:  ∂L/∂W^[l] = Δ^[l]ᵀ H^[l−1]  (TN, [n_l, n_{l−1}])
      dW[l - 1] = this.matmul(delta, [B, nOut], pass.h[l - 1], [B, nIn], true, false);
      // ∂L/∂b_i^[l] = Σ_images δ_i^[l]
      const gb = this.alloc(nOut);
      for (let r = 0; r < B; r++) for (let i = 0; i < nOut; i++) gb[i] += delta[r * nOut + i];
      db[l - 1] = gb;
      if (l > 1) {
        // δ_m^[l−1] = σ'(a_m^[l−1]) Σ_i w_im^[l] δ_i^[l]:  Δ^[l−1] = (Δ^[l] W^[l]) ⊙ σ'(A^[l−1])  (NN)
        const back = this.matmul(delta, [B, nOut], this.W[l - 1], [nOut, nIn], false, false);
        const a = pass.a[l - 2];
        const h = pass.h[l - 1];
        for (let t = 0; t < back.length; t++) back[t] *= this.sigma.derivative(a[t], h[t]);
        delta = back;
      }
    }
    return { dW, db };
  }

  /** The gradients of the batch's mean loss at the current weights, in PyTorch's names (weights unchanged). */
  gradients(batch: Batch): Record<string, TensorData> {
    const pass = this.forward(batch.images, batch.size);
    const { dW, db } = this.backward(pass, batch.labels, batch.size);
    const out: Record<string, TensorData> = {};
    this.params().forEach(({ name, shape }, i) => {
      out[name] = { data: i % 2 === 0 ? dW[i >> 1] : db[i >> 1], shape, dtype: this.dtype };
    });
    return out;
  }

  trainStep(batch: Batch, lr: number): BatchResult {
    const pass = this.forward(batch.images, batch.size);
    const result = this.measure(pass, batch.labels, batch.size);
    const { dW, db } = this.backward(pass, batch.labels, batch.size);
    const grads = dW.flatMap((g, l) => [g, db[l]]);
    this.lastLr = lr;
    this.steps++;
    if (this.optimizer) {
      this.paramTensors.forEach((p, i) => (p.grad = Tensor.fromNode(grads[i], p.shape, this.dtype, null)));
      this.optimizer.lr = lr;
      this.optimizer.step();
    } else {
      this.params().forEach(({ data }, i) => this.sgd(i, data, grads[i], lr));
    }
    return result;
  }

  /**
   * PyTorch's SGD: g ← g + λw; b ← μb + g (b = g on the first step); d = g + μb (Nesterov) or b;
   * w ← w − lr·d. Without momentum, w ← w − lr·(g + λw).
   */
  private sgd(index: number, w: Floats, grad: Floats, lr: number): void {
    const { momentum: mu, nesterov, weightDecay: wd } = this.config;
    if (mu === 0) {
      for (let i = 0; i < w.length; i++) w[i] -= lr * (grad[i] + wd * w[i]);
      return;
    }
    let buf = this.momentum.get(index);
    const first = buf === undefined;
    if (buf === undefined) this.momentum.set(index, (buf = this.alloc(w.length)));
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] + wd * w[i];
      const v = first ? g : mu * buf[i] + g;
      buf[i] = v;
      w[i] -= lr * (nesterov ? g + mu * v : v);
    }
  }

  evaluate(batch: Batch): BatchResult {
    return this.measure(this.forward(batch.images, batch.size), batch.labels, batch.size);
  }

  predict(images: Float32Array, count: number): Float32Array {
    return Float32Array.from(this.forward(images, count).f);
  }

  weights(): Record<string, TensorData> {
    const out: Record<string, TensorData> = {};
    for (const { name, data, shape } of this.params()) out[name] = { data: data.slice(), shape, dtype: this.dtype };
    return out;
  }

  loadWeights(weights: Record<string, TensorData>): void {
    const params = this.params();
    const missing = params.filter(({ name }) => !(name in weights)).map(({ name }) => name);
    const unexpected = Object.keys(weights).filter((k) => !params.some(({ name }) => name === k));
    if (missing.length > 0 || unexpected.length > 0) throw new Error(`scratch.loadWeights: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`);
    for (const { name, data, shape } of params) {
      const entry = weights[name];
      if (entry.shape.length !== shape.length || entry.shape.some((d, i) => d !== shape[i])) {
        throw new Error(`scratch.loadWeights: ${name} has shape [${entry.shape.join(',')}], the network expects [${shape.join(',')}]`);
      }
      data.set(entry.data); // converts float64 ↔ float32
    }
  }

  /** The same layout as autograd's: buffers `${index}.momentum` (or optim/'s) and the step count. */
  optimizerState(): OptimizerState {
    if (this.optimizer) return this.optimizer.stateDict();
    const buffers: Record<string, TensorData> = {};
    for (const [index, buf] of this.momentum) buffers[`${index}.momentum`] = { data: buf.slice(), shape: [buf.length], dtype: this.dtype };
    return { step: this.steps, buffers };
  }

  loadOptimizerState({ step, buffers }: OptimizerState): void {
    if (this.optimizer) {
      this.optimizer.loadStateDict({ step, buffers });
      return;
    }
    this.steps = step;
    this.momentum.clear();
    const params = this.params();
    for (const [key, b] of Object.entries(buffers)) {
      const match = /^(\d+)\.momentum$/.exec(key);
      const index = match ? Number(match[1]) : -1;
      const p = params[index];
      if (p === undefined || p.data.length !== b.data.length) throw new Error(`scratch.loadOptimizerState: buffer ${key} does not match the parameters`);
      const buf = this.alloc(b.data.length);
      buf.set(b.data);
      this.momentum.set(index, buf);
    }
  }
}

/** Row-wise softmax of [B, C] into `out`: f_k = e^{a_k − max} / Σ_c e^{a_c − max} (shifting by the max cannot overflow). */
function softmaxRows(a: Floats, B: number, C: number, out: Floats): Floats {
  for (let r = 0; r < B; r++) {
    const o = r * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, a[o + c]);
    let z = 0;
    for (let c = 0; c < C; c++) z += (out[o + c] = Math.exp(a[o + c] - max));
    for (let c = 0; c < C; c++) out[o + c] /= z;
  }
  return out;
}
