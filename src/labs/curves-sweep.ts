// Runs a learning-curve sweep point by point, reusing every point its store already holds, and summarises it.

import { createLearner as createCourseLearner } from '../mnist/learners.js';
import type { LearnerFactory } from '../train/learner.js';
import { band, bestPoint, earlyStopping, interpolationThreshold, type CurvePoint, type CurveResult, type CurveSpec, type PointResult } from './curves.js';
import { pointKey, type CurveStore } from './curves-store.js';
import { pointConfig, pointKeyConfig, trainPoint, type CurveData, type PointTask } from './curves-train.js';

/** Progress across a whole sweep. */
export type SweepEvent =
  | { type: 'pointStart'; index: number; total: number; task: PointTask }
  | { type: 'epoch'; index: number; total: number; task: PointTask; epoch: number; epochs: number }
  | {
      type: 'pointDone';
      /** Points finished so far (reused ones included) and in all. */
      done: number;
      total: number;
      task: PointTask;
      result: PointResult;
      /** True when the point came from the store, not from training. */
      reused: boolean;
      /** Seconds spent training in this call, and the estimated seconds left (null until one point was trained). */
      elapsed: number;
      eta: number | null;
    };

/** Options of {@link runSweep}. */
export interface SweepOptions {
  spec: CurveSpec;
  data: CurveData;
  /** Where finished points are kept and looked up (see openCurveStore). */
  store: CurveStore;
  /** The network to train (default: the course implementations, by config.impl). */
  createLearner?: LearnerFactory;
  onEvent?: (event: SweepEvent) => void;
  /** Called after each newly trained point is saved; an error thrown here aborts the sweep (fault injection in tests). */
  onPointSaved?: (saved: number, point: PointResult) => void;
}

/** The points a spec trains, in order: x by x, seed by seed (the epochs kind: each seed's run, then its weight-decay run). */
export function sweepTasks(spec: CurveSpec): PointTask[] {
  const seeds = Array.from({ length: spec.repeats }, (_, r) => spec.seed + r);
  if (spec.kind === 'epochs') {
    return seeds.flatMap((seed) => [
      { x: spec.budget.epochs, seed, variant: 'baseline' as const },
      ...(spec.weightDecayComparison === null ? [] : [{ x: spec.budget.epochs, seed, variant: 'weight-decay' as const }]),
    ]);
  }
  return spec.points.flatMap((x) => seeds.map((seed) => ({ x, seed, variant: 'baseline' as const })));
}

// Relative cost of a point, for the ETA: samples pushed through the network times its weights.
function costOf(spec: CurveSpec, task: PointTask, data: CurveData): number {
  const c = pointConfig(spec, task, data);
  const widths = [c.input, ...c.hidden, c.output];
  let weights = 0;
  for (let i = 1; i < widths.length; i++) weights += widths[i - 1] * widths[i];
  const size = c.trainSize ?? data.pool.count;
  // size stops early: about the patience past a minimum that comes after some tens of epochs
  const epochs = spec.kind === 'size' ? Math.min(c.epochs, 1.5 * (c.earlyStopping ?? 0) + 20) : c.epochs;
  const evaluated = spec.kind === 'epochs' ? size + data.validation.count + data.test.count : spec.kind === 'size' ? data.validation.count : 0;
  // a training sample costs about three evaluations (forward, two backward products)
  // plus a fixed cost per sample (batching, kernel calls) that dominates the smallest networks
  const perSample = weights + 20_000;
  return epochs * (3 * size + evaluated) * perSample + (data.test.count + size) * perSample;
}

/**
 * Runs the sweep `spec` describes: each point (x, seed) is looked up in `store` by its key and
 * trained only when missing, then saved at once, so an interrupted sweep continues where it
 * stopped and a sweep with more points or seeds reuses the matching ones. Returns the summary:
 * mean, min and max over seeds per point, and the marks of the kind.
 */
export async function runSweep(options: SweepOptions): Promise<CurveResult> {
  const { spec, data, store, onEvent } = options;
  const createLearner = options.createLearner ?? createCourseLearner;
  const tasks = sweepTasks(spec);
  const keys = tasks.map((task) => pointKey(spec.kind, task.x, task.seed, task.variant, pointKeyConfig(spec, pointConfig(spec, task, data))));
  const costs = tasks.map((task) => costOf(spec, task, data));
  const results: PointResult[] = [];
  let remainingCost = tasks.reduce((sum, _t, i) => sum + (store.get(keys[i]) ? 0 : costs[i]), 0);
  let trainedCost = 0;
  let trainedSeconds = 0;
  let saved = 0;
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    const stored = store.get(keys[i]);
    let result: PointResult;
    if (stored) {
      result = stored;
    } else {
      onEvent?.({ type: 'pointStart', index: i, total: tasks.length, task });
      const started = performance.now();
      result = await trainPoint(spec, task, data, createLearner, (epoch, epochs) =>
        onEvent?.({ type: 'epoch', index: i, total: tasks.length, task, epoch, epochs }),
      );
      store.put(keys[i], result);
      trainedSeconds += (performance.now() - started) / 1000;
      trainedCost += costs[i];
      remainingCost -= costs[i];
      options.onPointSaved?.(++saved, result);
    }
    results.push(result);
    const eta = trainedCost > 0 ? (trainedSeconds / trainedCost) * remainingCost : null;
    onEvent?.({ type: 'pointDone', done: i + 1, total: tasks.length, task, result, reused: stored !== undefined, elapsed: trainedSeconds, eta });
  }
  return summarise(spec, results);
}

/** The curve of a finished sweep: per x, the band of each error over seeds; and the kind's marks. */
export function summarise(spec: CurveSpec, runs: PointResult[]): CurveResult {
  if (spec.kind === 'epochs') return summariseEpochs(spec, runs);
  const points: CurvePoint[] = [...new Set(spec.points)].sort((a, b) => a - b).map((x) => {
    const at = runs.filter((r) => r.x === x);
    return { x, train: band(at.map((r) => r.train)), test: band(at.map((r) => r.test)), validation: band(at.map((r) => r.validation)) };
  });
  // size has no mark: the largest set is (nearly always) the best, and there is no threshold to find
  const marks = spec.kind === 'complexity' ? { best: bestPoint(points), interpolationThreshold: interpolationThreshold(points) } : {};
  return { kind: spec.kind, axis: spec.axis, points, marks, config: spec, runs };
}

function epochCurve(runs: PointResult[]): CurvePoint[] {
  const epochs = runs[0]?.perEpoch?.train.length ?? 0;
  return Array.from({ length: epochs }, (_, e) => {
    const pick = (split: 'train' | 'validation' | 'test') => band(runs.map((r) => (r.perEpoch as NonNullable<PointResult['perEpoch']>)[split][e]));
    return { x: e + 1, train: pick('train'), test: pick('test'), validation: pick('validation') };
  });
}

// The series early stopping watches: validation error (monitor val-accuracy) or validation loss.
function monitored(spec: CurveSpec, run: PointResult): number[] {
  const perEpoch = run.perEpoch as NonNullable<PointResult['perEpoch']>;
  return spec.base.monitor === 'val-accuracy' ? perEpoch.validation : perEpoch.validationLoss;
}

function summariseEpochs(spec: CurveSpec, runs: PointResult[]): CurveResult {
  const baseline = runs.filter((r) => r.variant !== 'weight-decay');
  const decayed = runs.filter((r) => r.variant === 'weight-decay');
  const points = epochCurve(baseline);
  const { patience } = spec.budget;
  const { minDelta } = spec.base;
  // the marks are read off the mean monitored curve; each seed's own stop gives its test error
  const mean = points.map((_, e) => baseline.reduce((sum, r) => sum + monitored(spec, r)[e], 0) / baseline.length);
  const marks = points.length > 0 ? earlyStopping(mean, patience, minDelta) : { stopEpoch: null, bestEpoch: 0 };
  const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const result: CurveResult = {
    kind: 'epochs',
    axis: 'epoch',
    points,
    marks: { earlyStopEpoch: marks.stopEpoch, bestEpoch: marks.bestEpoch },
    config: spec,
    summary: {
      testErrorFinal: meanOf(baseline.map((r) => r.test)),
      testErrorEarlyStopping: meanOf(baseline.map((r) => (r.perEpoch as NonNullable<PointResult['perEpoch']>).test[earlyStopping(monitored(spec, r), patience, minDelta).bestEpoch - 1])),
    },
    runs,
  };
  if (spec.weightDecayComparison !== null && decayed.length > 0 && result.summary) {
    result.weightDecay = { lambda: spec.weightDecayComparison, points: epochCurve(decayed) };
    result.summary.testErrorWeightDecay = meanOf(decayed.map((r) => r.test));
  }
  return result;
}
