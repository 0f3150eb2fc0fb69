// The perceptron, Adaline (LMS) and tanh-logistic rules: one update w ← w + η(y − ỹ(s))x, and the losses it descends.

import { evaluateExpression, parseExpression } from '../calculus/index.js';
import { tensor } from '../tensor/index.js';

/** The three rules of the course, all with labels y ∈ {−1, +1} and s = b + w·x. */
export const linearRuleNames = ['perceptron', 'adaline', 'logistic'] as const;

/** One of `linearRuleNames`. */
export type LinearRuleName = (typeof linearRuleNames)[number];

/** A linear classifier trained by w ← w + η(y − ỹ(s))x, b ← b + η(y − ỹ(s)), with what it descends. */
export interface LinearRule {
  readonly name: LinearRuleName;
  /** ỹ as a function of s, in words: "ỹ = sign(s)". */
  readonly inference: string;
  /** ỹ(s), the prediction the update compares with y. */
  readonly predict: (s: number) => number;
  /** The loss in s and y, as an expression the calculus parser reads. */
  readonly loss: string;
  /** ∂L/∂s written out. */
  readonly gradient: string;
  /** The update rule written out. */
  readonly update: string;
  /** c in −∂L/∂s = c·(y − ỹ(s)) for `loss`. */
  readonly factor: number;
}

// sign(0) = 0, so a point on the boundary gets the update ηyx: it counts as a mistake
const sign = (s: number): number => Math.sign(s);

/**
 * The rules. Their losses follow from −∂L/∂s = c·(y − ỹ(s)) with y = ±1:
 * perceptron: max(0, −ys) has −∂L/∂s = y where ys < 0 and 0 where ys > 0, which is (y − sign s)/2;
 * Adaline: (y − s)²/2 has −∂L/∂s = y − s;
 * logistic: log(1 + e^(−2ys)) has −∂L/∂s = 2y/(1 + e^(2ys)) = y − tanh(s) (for y = ±1, y·tanh(ys) = tanh(s)).
 */
export const linearRules: Readonly<Record<LinearRuleName, LinearRule>> = {
  perceptron: {
    name: 'perceptron',
    inference: 'ỹ = sign(s), s = b + w·x',
    predict: sign,
    loss: 'max(0, -y*s)',
    gradient: '∂L/∂s = −y where y·s < 0, 0 where y·s > 0; so −∂L/∂s = (y − sign(s))/2',
    update: 'w ← w + η(y − sign(s))x,  b ← b + η(y − sign(s))',
    factor: 1 / 2,
  },
  adaline: {
    name: 'adaline',
    inference: 'ỹ = s = b + w·x (classify by sign(s))',
    predict: (s) => s,
    loss: '(y - s)^2/2',
    gradient: '∂L/∂s = −(y − s)',
    update: 'w ← w + η(y − s)x,  b ← b + η(y − s)',
    factor: 1,
  },
  logistic: {
    name: 'logistic',
    inference: 'ỹ = tanh(s), s = b + w·x (classify by sign(s); P(y = 1 | x) = σ(2s))',
    predict: Math.tanh,
    loss: 'log(1 + exp(-2*y*s))',
    gradient: '∂L/∂s = −2y/(1 + e^(2ys)) = −(y − tanh(s)) for y = ±1',
    update: 'w ← w + η(y − tanh(s))x,  b ← b + η(y − tanh(s))',
    factor: 1,
  },
};

/** Points in the plane with labels ±1: `x[i] = [x₁, x₂]`. */
export interface LabelledPoints {
  readonly x: readonly (readonly [number, number])[];
  readonly y: readonly number[];
}

/** The state after one epoch. `mistakes` counts points with y·s ≤ 0 when they were visited. */
export interface LinearEpoch {
  readonly epoch: number;
  /** Mean of the rule's loss over the data, with the weights at the end of the epoch. */
  readonly loss: number;
  readonly mistakes: number;
  readonly w: [number, number];
  readonly b: number;
}

/** The outcome of `trainLinearRule`. */
export interface LinearTraining {
  readonly rule: LinearRuleName;
  readonly history: LinearEpoch[];
  readonly weights: { w: [number, number]; b: number };
  /** Fraction of points with sign(s) = y at the end. */
  readonly accuracy: number;
  /** An epoch passed without a mistake, so the weights are a fixed point (the perceptron stops there). */
  readonly converged: boolean;
  /** The weights became non-finite or enormous (too large a step). */
  readonly diverged: boolean;
}

/** Options of `trainLinearRule`. */
export interface LinearTrainingOptions {
  /** η, default 0.1. */
  lr?: number;
  /** Passes over the data, default 20; at most 10,000. */
  epochs?: number;
}

/** The most epochs `trainLinearRule` runs. */
export const maxLinearEpochs = 10_000;

/**
 * Trains `rule` exactly as written: online, visiting the points in their order each epoch, from
 * w = 0 and b = 0, updating w ← w + η(y − ỹ(s))x and b ← b + η(y − ỹ(s)) after every point. The
 * perceptron stops after an epoch without a mistake (its weights no longer change).
 * @example trainLinearRule('perceptron', linearDataset('separable'), { lr: 0.1, epochs: 50 }).converged // true
 */
export function trainLinearRule(name: LinearRuleName, data: LabelledPoints, options: LinearTrainingOptions = {}): LinearTraining {
  const rule = linearRules[name];
  const lr = options.lr ?? 0.1;
  const epochs = options.epochs ?? 20;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > maxLinearEpochs) throw new Error(`epochs must be an integer from 1 to ${maxLinearEpochs}, got ${epochs}`);
  checkPoints(data);
  const w: [number, number] = [0, 0];
  let b = 0;
  const history: LinearEpoch[] = [];
  let converged = false;
  let diverged = false;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let mistakes = 0;
    data.x.forEach(([x1, x2], i) => {
      const y = data.y[i]!;
      const s = b + w[0] * x1 + w[1] * x2;
      if (y * s <= 0) mistakes++;
      const step = lr * (y - rule.predict(s));
      w[0] += step * x1;
      w[1] += step * x2;
      b += step;
    });
    history.push({ epoch, loss: meanLoss(rule, data, w, b), mistakes, w: [w[0], w[1]], b });
    if (![w[0], w[1], b].every((v) => Number.isFinite(v) && Math.abs(v) < 1e150)) {
      diverged = true;
      break;
    }
    if (mistakes === 0) converged = true;
    if (converged && name === 'perceptron') break;
  }
  const correct = data.x.filter(([x1, x2], i) => sign(b + w[0] * x1 + w[1] * x2) === data.y[i]).length;
  return { rule: name, history, weights: { w: [w[0], w[1]], b }, accuracy: correct / data.x.length, converged, diverged };
}

/** The mean of the rule's loss expression over the data, evaluated through nabla's ops. */
function meanLoss(rule: LinearRule, data: LabelledPoints, w: readonly number[], b: number): number {
  const s = data.x.map(([x1, x2]) => b + w[0]! * x1 + w[1]! * x2);
  const env = new Map([
    ['s', tensor(Float64Array.from(s), { dtype: 'float64' })],
    ['y', tensor(Float64Array.from(data.y), { dtype: 'float64' })],
  ]);
  const values = evaluateExpression(parseExpression(rule.loss), env).data;
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** Throws unless the data are non-empty, finite, 2-D, with labels ±1. */
export function checkPoints(data: LabelledPoints): void {
  if (data.x.length === 0) throw new Error('no data points');
  if (data.x.length !== data.y.length) throw new Error(`${data.x.length} points but ${data.y.length} labels`);
  data.x.forEach((p, i) => {
    if (p.length !== 2 || !p.every(Number.isFinite)) throw new Error(`point ${i + 1} is not two finite numbers`);
    if (data.y[i] !== 1 && data.y[i] !== -1) throw new Error(`label of point ${i + 1} must be −1 or +1, got ${data.y[i]}`);
  });
}
