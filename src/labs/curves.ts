// Learning-curve sweeps: their description, the summary of repeated runs, and the marks drawn on the charts.

import type { TrainConfig } from '../train/config.js';

export const curveKinds = ['size', 'complexity', 'epochs'] as const;
/** Error against training-set size, against model complexity, or against epochs. */
export type CurveKind = (typeof curveKinds)[number];

/** What the x axis counts: training images, hidden units of one layer, hidden layers, or epochs. */
export type CurveAxis = 'train-size' | 'width' | 'depth' | 'epoch';

/** How long each training of a sweep runs, and when it stops early. */
export interface CurveBudget {
  /** Upper bound on optimizer steps (size: a cap with early stopping; complexity: the exact budget). */
  maxSteps: number;
  /** Epochs (the epochs kind: exactly this many). */
  epochs: number;
  /** Early-stopping patience in epochs (size: at least `patienceSteps` optimizer steps' worth). */
  patience: number;
  /** Size only: patience never shorter than this many optimizer steps, so tiny sets are not stopped after a few steps. */
  patienceSteps: number;
}

/**
 * A sweep, fully resolved: every value that shapes a training is here, so a point's key (a hash
 * of kind, x, seed and this) changes exactly when its result could.
 */
export interface CurveSpec {
  kind: CurveKind;
  axis: CurveAxis;
  /** The x values swept (size: training images; complexity: widths or depths; epochs: unused, empty). */
  points: number[];
  /** Seeds per point: seed, seed+1, … */
  repeats: number;
  seed: number;
  /** The training recipe; `hidden` is replaced by the swept width or depth for complexity. */
  base: TrainConfig;
  /** Complexity and epochs: the fixed training-set size. */
  trainSize: number;
  /** Width of every hidden layer when the axis is depth. */
  depthWidth: number;
  /** Fraction of training labels replaced by uniformly random ones (validation and test stay clean). */
  labelNoise: number;
  budget: CurveBudget;
  /** Epochs: the L2 coefficient of the comparison run (null: none). */
  weightDecayComparison: number | null;
}

/** Mean, minimum and maximum of one quantity over the repeats of a point. */
export interface Band {
  mean: number;
  min: number;
  max: number;
}

/** One trained point of a sweep (one seed): error rates are misclassification rates in [0, 1]. */
export interface PointResult {
  x: number;
  seed: number;
  /** Epochs: the variant, 'baseline' or 'weight-decay'. */
  variant?: 'baseline' | 'weight-decay';
  train: number;
  validation: number;
  test: number;
  epochs: number;
  steps: number;
  seconds: number;
  /** Epochs kind: the error rates after every epoch (index 0 is epoch 1). */
  perEpoch?: { train: number[]; validation: number[]; test: number[]; validationLoss: number[] };
}

/** A point of a curve: the summary over its seeds. */
export interface CurvePoint {
  x: number;
  train: Band;
  test: Band;
  validation?: Band;
}

/** Marks drawn on a chart. */
export interface CurveMarks {
  /** Size and complexity: the x with the lowest mean validation error. */
  best?: number;
  /** Complexity: the smallest x whose training error is zero for every seed (null: none reached it). */
  interpolationThreshold?: number | null;
  /** Epochs: the epoch early stopping with the patience given stops at (null: it never stops). */
  earlyStopEpoch?: number | null;
  /** Epochs: the epoch whose weights early stopping restores (the monitored minimum up to the stop). */
  bestEpoch?: number;
}

/** The result of a sweep, as printed by `nabla curves --json` and saved as `<kind>.json`. */
export interface CurveResult {
  kind: CurveKind;
  axis: CurveAxis;
  points: CurvePoint[];
  marks: CurveMarks;
  config: CurveSpec;
  /** Epochs kind: the weight-decay run's curve, and test error with and without early stopping. */
  weightDecay?: { lambda: number; points: CurvePoint[] };
  summary?: {
    /** Mean over seeds of the test error after the last epoch. */
    testErrorFinal: number;
    /** Mean over seeds of the test error at each seed's restored epoch. */
    testErrorEarlyStopping: number;
    /** The weight-decay run's mean test error after the last epoch. */
    testErrorWeightDecay?: number;
  };
  /** The trained points (one per seed), for anyone who wants more than the summary. */
  runs: PointResult[];
}

/**
 * The mean, minimum and maximum of `values` (NaN in each for an empty list).
 *
 * @example
 * band([0.1, 0.3]); // { mean: 0.2, min: 0.1, max: 0.3 }
 */
export function band(values: readonly number[]): Band {
  if (values.length === 0) return { mean: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean: sum / values.length, min, max };
}

/**
 * `n` integers from `from` to `to` spaced evenly on a log scale, rounded, duplicates dropped.
 *
 * @example
 * logSpaced(100, 10000, 3); // [100, 1000, 10000]
 */
export function logSpaced(from: number, to: number, n: number): number[] {
  if (!(from >= 1) || !(to >= from) || !Number.isInteger(n) || n < 1) throw new Error(`logSpaced: need 1 <= from <= to and n >= 1, got ${from}, ${to}, ${n}`);
  if (n === 1) return [Math.round(from)];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.round(from * (to / from) ** (i / (n - 1))));
  return [...new Set(out)];
}

/**
 * The x with the smallest mean validation error; the first (smallest) one on a tie. Points
 * without a finite validation error are skipped; undefined when none has one.
 */
export function bestPoint(points: readonly CurvePoint[]): number | undefined {
  let best: CurvePoint | undefined;
  for (const p of points) {
    const v = p.validation?.mean;
    if (v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || v < (best.validation as Band).mean) best = p;
  }
  return best?.x;
}

/**
 * The interpolation threshold: the smallest x (in the order given) whose training error is zero
 * for every seed, i.e. whose largest training error is 0. Null when no point interpolates.
 */
export function interpolationThreshold(points: readonly CurvePoint[]): number | null {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  return sorted.find((p) => p.train.max === 0)?.x ?? null;
}

/**
 * Where early stopping would stop on a per-epoch series of a monitored value (lower is better),
 * with the trainer's rule: an epoch improves when `best - value > minDelta`; after `patience`
 * epochs in a row without improvement it stops and restores the best epoch. Epochs count from 1.
 * `stopEpoch` is null when the series ends first (the restored epoch is then still the best).
 *
 * @example
 * earlyStopping([0.5, 0.4, 0.45, 0.46], 2); // { stopEpoch: 4, bestEpoch: 2 }
 */
export function earlyStopping(values: readonly number[], patience: number, minDelta = 0): { stopEpoch: number | null; bestEpoch: number } {
  if (!Number.isInteger(patience) || patience < 1) throw new Error(`early stopping: patience must be a positive integer, got ${patience}`);
  if (values.length === 0) throw new Error('early stopping: the series is empty');
  let best = Infinity;
  let bestEpoch = 1;
  let without = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (best === Infinity || best - v > minDelta) {
      best = v;
      bestEpoch = i + 1;
      without = 0;
    } else if (++without >= patience) {
      return { stopEpoch: i + 1, bestEpoch };
    }
  }
  return { stopEpoch: null, bestEpoch };
}
