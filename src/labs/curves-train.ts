// Trains one point of a learning-curve sweep with the course trainer and measures its error rates.

import { getBackend } from '../backend/registry.js';
import { batchCount, splitValidation, subset, type Split } from '../data/dataset.js';
import { createRng } from '../core/rng.js';
import type { RunState } from '../train/checkpoint.js';
import type { TrainConfig } from '../train/config.js';
import { evaluateSplit, fit, type ResumePoint } from '../train/fit.js';
import type { RunHistory } from '../train/history.js';
import type { Learner, LearnerFactory } from '../train/learner.js';
import { optimizerRecord } from '../train/optimizer-record.js';
import type { CurveSpec, PointResult } from './curves.js';

/** The data a sweep trains on: the training pool (training file minus validation), validation and test. */
export interface CurveData {
  pool: Split;
  validation: Split;
  test: Split;
}

/** A point to train: its x, seed and, for the epochs kind, which run. */
export interface PointTask {
  x: number;
  seed: number;
  variant: 'baseline' | 'weight-decay';
}

// a fixed second key, so the label-noise stream is not the weight-initialisation stream of the same seed
const noiseStream = 0x6e6f697a;

/**
 * A copy of `split` in which exactly round(fraction·count) labels, chosen at random, are replaced by
 * a uniformly random *different* class, so `fraction` is the share of wrong labels. Images are
 * shared, not copied. The same (seed, fraction, count) always corrupts the same labels.
 *
 * @example
 * withLabelNoise(train, 0.2, 1); // 20% of the labels wrong
 */
export function withLabelNoise(split: Split, fraction: number, seed: number): Split {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`label noise must be a fraction in [0, 1], got ${fraction}`);
  if (fraction === 0 || split.count === 0) return split;
  if (split.numClasses < 2) throw new Error('label noise needs at least two classes');
  const rng = createRng(seed, noiseStream);
  const order = Array.from({ length: split.count }, (_, i) => i);
  const corrupted = Math.round(fraction * split.count);
  const labels = Int32Array.from(split.labels);
  // a partial Fisher–Yates shuffle picks `corrupted` distinct images
  for (let i = 0; i < corrupted; i++) {
    const j = i + rng.nextInt(split.count - i);
    [order[i], order[j]] = [order[j], order[i]];
    const k = order[i];
    const other = rng.nextInt(split.numClasses - 1); // one of the classes other than the true one
    labels[k] = other >= labels[k] ? other + 1 : other;
  }
  return { ...split, labels };
}

/** The training configuration of one point of `spec` (what it trains, before the data is cut). */
export function pointConfig(spec: CurveSpec, task: PointTask, data: Pick<CurveData, 'pool'>): TrainConfig {
  const base: TrainConfig = { ...spec.base, seed: task.seed };
  const { batchSize } = base;
  switch (spec.kind) {
    case 'size': {
      const perEpoch = batchCount(task.x, batchSize);
      return {
        ...base,
        trainSize: task.x,
        epochs: Math.max(1, Math.ceil(spec.budget.maxSteps / perEpoch)),
        earlyStopping: Math.max(spec.budget.patience, Math.ceil(spec.budget.patienceSteps / perEpoch)),
      };
    }
    case 'complexity': {
      const hidden = spec.axis === 'depth' ? new Array<number>(task.x).fill(spec.depthWidth) : [task.x];
      const size = Math.min(spec.trainSize, data.pool.count);
      return { ...base, hidden, trainSize: size, epochs: Math.max(1, Math.ceil(spec.budget.maxSteps / batchCount(size, batchSize))), earlyStopping: null };
    }
    case 'epochs':
      return {
        ...base,
        trainSize: Math.min(spec.trainSize, data.pool.count),
        epochs: spec.budget.epochs,
        earlyStopping: null,
        weightDecay: task.variant === 'weight-decay' ? (spec.weightDecayComparison ?? 0) : base.weightDecay,
      };
  }
}

/**
 * What a point's key covers besides kind, x, seed and variant: the training configuration and
 * everything else that changes its numbers. The epochs kind trains without stopping, so its
 * patience only moves the marks and is left out: changing --patience reuses the runs.
 */
export function pointKeyConfig(spec: CurveSpec, config: TrainConfig): unknown {
  return {
    train: config,
    labelNoise: spec.labelNoise,
    patienceSteps: spec.kind === 'size' ? spec.budget.patienceSteps : undefined,
  };
}

const errorOf = (accuracy: number) => 1 - accuracy;

/** Trains one point and returns its error rates; `onEpoch` is told each finished epoch. */
export async function trainPoint(
  spec: CurveSpec,
  task: PointTask,
  data: CurveData,
  createLearner: LearnerFactory,
  onEpoch?: (epoch: number, epochs: number) => void,
): Promise<PointResult> {
  const config = pointConfig(spec, task, data);
  const size = config.trainSize ?? data.pool.count;
  if (size > data.pool.count) throw new Error(`a training set of ${size} images is more than the ${data.pool.count} left after the validation split`);
  const train = withLabelNoise(subset(data.pool, size), spec.labelNoise, task.seed);
  const learner = await createLearner(config);
  const started = performance.now();
  const backend = getBackend().name;
  try {
    if (spec.kind === 'epochs') return await trainPerEpoch(task, config, learner, train, data, backend, started, onEpoch);
    // complexity trains for a fixed budget, so validation is measured once at the end, not per epoch
    const validation = spec.kind === 'size' ? data.validation : subset(data.validation, 0);
    const { history } = await fit({
      config, learner, train, validation, outDir: null, backend,
      onEvent: (event) => void (event.type === 'epochEnd' && onEpoch?.(event.record.epoch, config.epochs)),
    });
    const epochs = history.history.length;
    return {
      x: task.x,
      seed: task.seed,
      train: errorOf((await evaluateSplit(learner, train)).accuracy),
      validation: errorOf((await evaluateSplit(learner, data.validation)).accuracy),
      test: errorOf((await evaluateSplit(learner, data.test)).accuracy),
      epochs,
      steps: epochs * batchCount(train.count, config.batchSize),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    learner.close?.();
  }
}

/**
 * The epochs kind: one run of `config.epochs` epochs, measuring training, validation and test
 * error after every epoch. fit runs one epoch per call (shouldStop ends it at the epoch's end)
 * and continues from the state it left, which gives the same batches and steps as one
 * uninterrupted run.
 */
async function trainPerEpoch(
  task: PointTask,
  config: TrainConfig,
  learner: Learner,
  train: Split,
  data: CurveData,
  backend: string,
  started: number,
  onEpoch?: (epoch: number, epochs: number) => void,
): Promise<PointResult> {
  const perEpoch = { train: [] as number[], validation: [] as number[], test: [] as number[], validationLoss: [] as number[] };
  const state: RunState = { epochsDone: 0, step: 0, best: null, epochsWithoutImprovement: 0 };
  let history: RunHistory = { impl: learner.impl, backend, config, history: [], testAccuracy: null, stoppedEarly: null };
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const resume: ResumePoint = { history, state, weights: await learner.weights(), optimizer: optimizerRecord(await learner.optimizerState()), best: null };
    let ended = false;
    const result = await fit({
      config, learner, train, validation: data.validation, outDir: null, backend, resume,
      onEvent: (event) => void (event.type === 'epochEnd' && (ended = true)),
      shouldStop: () => ended,
    });
    history = result.history;
    const record = history.history[history.history.length - 1];
    if (record === undefined || record.epoch !== epoch) throw new Error(`curves: expected epoch ${epoch} from the trainer`);
    perEpoch.train.push(errorOf((await evaluateSplit(learner, train)).accuracy));
    perEpoch.validation.push(errorOf(record.valAccuracy));
    perEpoch.validationLoss.push(record.valLoss);
    perEpoch.test.push(errorOf((await evaluateSplit(learner, data.test)).accuracy));
    onEpoch?.(epoch, config.epochs);
  }
  const last = config.epochs - 1;
  return {
    x: config.epochs,
    seed: task.seed,
    variant: task.variant,
    train: perEpoch.train[last],
    validation: perEpoch.validation[last],
    test: perEpoch.test[last],
    epochs: config.epochs,
    steps: state.step,
    seconds: (performance.now() - started) / 1000,
    perEpoch,
  };
}

/**
 * The sweep's data from a loaded dataset: the last `valSize` training images are the validation
 * split, the rest the pool that training sets are taken from (always from its start, so a smaller
 * set is part of every larger one), and the test file the test split.
 */
export function curveData(dataset: { train: Split; test: Split }, valSize: number): CurveData {
  const { train: pool, validation } = splitValidation(dataset.train, valSize);
  return { pool, validation, test: dataset.test };
}
