// The capacity construction: two hidden units with g(z) = z² make logistic regression on β₀ + β₁x₁x₂; linear g cannot.

import { backward } from '../autodiff/index.js';
import { jit } from '../jit/jit.js';
import { noGrad, sigmoid } from '../ops/index.js';
import { activationModule, bceWithLogits, Linear, Sequential, Square } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import type { TopLevelSpec } from '../plot/index.js';
import { Rng, tensor } from '../tensor/index.js';
import type { Tensor } from '../tensor/index.js';
import { decisionRegionSpec } from './decision-region-chart.js';

/** The parameters of a 2-2-1 network, each Wₗ as [out, in] rows (sₗ = Wₗaₗ₋₁ + bₗ). */
export interface CapacityWeights {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

/** The coefficients of the logistic model P(y = 1 | x) = σ(β₀ + β₁x₁x₂). */
export interface ProductModel {
  beta0: number;
  beta1: number;
}

/**
 * The construction's weights: hidden pre-activations x₁ + x₂ and x₁ − x₂, g(z) = z², output
 * weights (β₁/4, −β₁/4) and bias β₀, since (x₁ + x₂)² − (x₁ − x₂)² = 4x₁x₂.
 */
export function constructionWeights({ beta0, beta1 }: ProductModel): CapacityWeights {
  return { W1: [[1, 1], [1, -1]], b1: [0, 0], W2: [[beta1 / 4, -beta1 / 4]], b2: [beta0] };
}

/** A float64 network Linear(2, 2) → g → Linear(2, 1) returning the output pre-activation (the logit). */
export function productNetwork(activation: string, options: { seed?: number } = {}): Sequential {
  const rng = new Rng(options.seed ?? 1);
  return new Sequential(
    new Linear(2, 2, { rng, dtype: 'float64' }),
    activation === 'square' ? new Square() : activationModule(activation),
    new Linear(2, 1, { rng, dtype: 'float64' }),
  );
}

/** Loads `weights` into a 2-2-1 network from `productNetwork`. */
export function loadProductWeights(net: Sequential, w: CapacityWeights): void {
  const entry = (rows: number[][] | number[], shape: number[]) => ({ data: Float64Array.from(rows.flat()), shape, dtype: 'float64' as const });
  net.loadStateDict({ '0.weight': entry(w.W1, [2, 2]), '0.bias': entry(w.b1, [2]), '2.weight': entry(w.W2, [1, 2]), '2.bias': entry(w.b2, [1]) });
}

/** The weights of a 2-2-1 network as plain arrays. */
export function productWeightsOf(net: Sequential): CapacityWeights {
  const state = net.stateDict();
  const rows = (name: string, cols: number) => Array.from({ length: state[name]!.data.length / cols }, (_, i) => [...state[name]!.data.slice(i * cols, (i + 1) * cols)]);
  return { W1: rows('0.weight', 2), b1: [...state['0.bias']!.data], W2: rows('2.weight', 2), b2: [...state['2.bias']!.data] };
}

/** The construction as a nabla network, and how far its logit is from β₀ + β₁x₁x₂. */
export interface Construction {
  net: Sequential;
  weights: CapacityWeights;
  /** The largest |net(x) − (β₀ + β₁x₁x₂)| over the sample points. */
  maxError: number;
  /** The largest |β₀ + β₁x₁x₂| over the same points, the scale of the rounding. */
  scale: number;
}

/**
 * Builds the construction as Linear → Square → Linear in float64 and evaluates it at `points`
 * (default 1,000) uniform points of [−3, 3]²; the error is float64 rounding of the four terms.
 * @example capacityConstruction({ beta0: 0.5, beta1: 4 }).maxError // about 1e-15
 */
export function capacityConstruction(model: ProductModel, options: { points?: number; seed?: number } = {}): Construction {
  checkModel(model);
  const weights = constructionWeights(model);
  const net = productNetwork('square');
  loadProductWeights(net, weights);
  const n = options.points ?? 1000;
  const rng = new Rng(options.seed ?? 7);
  const x = Float64Array.from({ length: 2 * n }, () => 6 * rng.uniform() - 3);
  const logits = noGrad(() => net.forward(tensor(x, { dtype: 'float64' }).reshape([n, 2]))).data;
  let maxError = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const target = model.beta0 + model.beta1 * x[2 * i]! * x[2 * i + 1]!;
    maxError = Math.max(maxError, Math.abs(logits[i]! - target));
    scale = Math.max(scale, Math.abs(target));
  }
  return { net, weights, maxError, scale };
}

/** Points of [−2, 2]² with labels 0/1 drawn from σ(β₀ + β₁x₁x₂), and the Bayes rule's labels. */
export interface ProductData {
  x: Tensor;
  y: Tensor;
  /** 1 where β₀ + β₁x₁x₂ > 0, the most probable label. */
  bayes: number[];
}

/** `n` seeded draws from the logistic model. */
export function productData(model: ProductModel, n: number, seed: number): ProductData {
  const rng = new Rng(seed);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const bayes: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = 4 * rng.uniform() - 2;
    const x2 = 4 * rng.uniform() - 2;
    const logit = model.beta0 + model.beta1 * x1 * x2;
    x[2 * i] = x1;
    x[2 * i + 1] = x2;
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    bayes.push(logit > 0 ? 1 : 0);
  }
  return { x: tensor(x, { dtype: 'float64' }).reshape([n, 2]), y: tensor(y, { dtype: 'float64' }).reshape([n, 1]), bayes };
}

/** One trained 2-2-1 network, scored on held-out data. */
export interface CapacityFit {
  activation: string;
  /** Mean binary cross-entropy on the test points. */
  loss: number;
  /** Mean binary cross-entropy on the training points, after training. */
  trainLoss: number;
  /** Fraction of test points with round(σ(s)) = y. */
  accuracy: number;
  /** The Bayes rule's accuracy on the same test points: the best any classifier can expect. */
  bayesAccuracy: number;
  weights: CapacityWeights;
  net: Sequential;
}

/** Options of `trainCapacity`. */
export interface CapacityTrainingOptions {
  /** Training points (default 500) and test points (default 2,000), each at most 100,000. */
  trainSize?: number;
  testSize?: number;
  /** Full-batch Adam steps (default 400, at most 20,000) and their size (default 0.1). */
  epochs?: number;
  lr?: number;
  /** Seed of the data and of the initial weights (default 1). */
  seed?: number;
  /**
   * Trainings from different random weights per activation (default 1, at most 10); the one with
   * the lowest training loss is kept. Gradient descent on the z² network can stop in a local
   * minimum where both output weights share a sign; a restart usually escapes it.
   */
  restarts?: number;
}

/** The activations `trainCapacity` compares by default. */
export const capacityActivations = ['square', 'identity', 'relu'] as const;

/**
 * Trains Linear(2, 2) → g → Linear(2, 1) → σ from random weights on data from the logistic model,
 * once per activation (same data, same initial weights), minimising binary cross-entropy with
 * full-batch Adam, and scores each on held-out points against the Bayes rule.
 * @example trainCapacity({ beta0: 0.5, beta1: 4 }).map((r) => r.accuracy) // square ≈ Bayes, identity ≈ chance
 */
export function trainCapacity(model: ProductModel, activations: readonly string[] = capacityActivations, options: CapacityTrainingOptions = {}): CapacityFit[] {
  checkModel(model);
  const { trainSize = 500, testSize = 2000, epochs = 400, lr = 0.1, seed = 1, restarts = 1 } = options;
  for (const [what, v, max] of [['training points', trainSize, 100_000], ['test points', testSize, 100_000], ['epochs', epochs, 20_000], ['restarts', restarts, 10]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${what} must be an integer from 1 to ${max}, got ${v}`);
  }
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
  const train = productData(model, trainSize, seed);
  const test = productData(model, testSize, seed + 1);
  const labels = test.y.data;
  const bayesAccuracy = test.bayes.filter((b, i) => b === labels[i]).length / testSize;
  return activations.map((activation) => {
    let net = productNetwork(activation, { seed });
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < restarts; r++) {
      const candidate = productNetwork(activation, { seed: seed + 7919 * r });
      const opt = new Adam(candidate.parameters(), { lr });
      // full-batch steps, traced once and run as the backend's compiled plan
      const step = jit(() => {
        opt.zeroGrad();
        backward(bceWithLogits(candidate.forward(train.x), train.y));
        opt.step();
        return [];
      });
      for (let epoch = 0; epoch < epochs; epoch++) step();
      const trainLoss = noGrad(() => bceWithLogits(candidate.forward(train.x), train.y)).item();
      // a NaN loss (diverged) never wins
      if (trainLoss < best || r === 0) {
        best = Number.isNaN(trainLoss) ? Number.POSITIVE_INFINITY : trainLoss;
        net = candidate;
      }
    }
    const trainLoss = best;
    const logits = noGrad(() => net.forward(test.x));
    const loss = noGrad(() => bceWithLogits(logits, test.y)).item();
    const p = noGrad(() => sigmoid(logits)).data;
    const correct = labels.filter((y, i) => (p[i]! >= 0.5 ? 1 : 0) === y).length;
    return { activation, loss, trainLoss, accuracy: correct / testSize, bayesAccuracy, weights: productWeightsOf(net), net };
  });
}

function checkModel({ beta0, beta1 }: ProductModel): void {
  for (const [name, v] of [['β₀', beta0], ['β₁', beta1]] as const) {
    if (!Number.isFinite(v) || Math.abs(v) > 1e6) throw new Error(`${name} must be a finite number of magnitude at most 1e6, got ${v}`);
  }
}

/** P(y = 1) of `net` on a size × size grid over [lo, hi]², as `probability[j][i]` at (xs[i], ys[j]). */
export function probabilityGrid(net: Sequential, lo = -2, hi = 2, size = 61): { xs: number[]; ys: number[]; probability: number[][] } {
  const xs = Array.from({ length: size }, (_, i) => lo + ((hi - lo) * i) / (size - 1));
  const x = Float64Array.from({ length: 2 * size * size }, (_, k) => (k % 2 === 0 ? xs[Math.floor(k / 2) % size]! : xs[Math.floor(k / 2 / size)]!));
  const p = noGrad(() => sigmoid(net.forward(tensor(x, { dtype: 'float64' }).reshape([size * size, 2])))).data;
  return { xs, ys: xs, probability: xs.map((_, j) => xs.map((_, i) => p[j * size + i]!)) };
}

/**
 * The chart of one trained network: its decision region on [−2, 2]², `points` test draws
 * (default 400) and the Bayes boundary β₀ + β₁x₁x₂ = 0.
 */
export function capacityRegionSpec(model: ProductModel, fit: CapacityFit, options: { points?: number; seed?: number } = {}): TopLevelSpec {
  const { xs, ys, probability } = probabilityGrid(fit.net);
  const sample = productData(model, options.points ?? 400, (options.seed ?? 1) + 1);
  const x = sample.x.data;
  const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
  return decisionRegionSpec({
    title: `g = ${fit.activation}: test accuracy ${percent(fit.accuracy)} (Bayes ${percent(fit.bayesAccuracy)})`,
    xs, ys, probability,
    bayesLogit: ys.map((x2) => xs.map((x1) => model.beta0 + model.beta1 * x1 * x2)),
    points: [...sample.y.data].map((label, i) => ({ x1: x[2 * i]!, x2: x[2 * i + 1]!, label })),
  });
}
