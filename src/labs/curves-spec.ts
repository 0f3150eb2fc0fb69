// The default sweep of each kind (full and --quick), and the bounds every sweep must keep.

import { defaultConfig, type TrainConfig } from '../train/config.js';
import type { CurveAxis, CurveBudget, CurveKind, CurveSpec } from './curves.js';

/** What a kind sets by default; the shared training flags override `base`. */
export interface CurveDefaults {
  axis: CurveAxis;
  points: number[];
  repeats: number;
  base: TrainConfig;
  trainSize: number;
  depthWidth: number;
  labelNoise: number;
  budget: CurveBudget;
}

const widths = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
// one wide ReLU layer trained by Adam reaches zero training error quickly, which the complexity and epochs sweeps need
const wideRecipe: Partial<TrainConfig> = { activation: 'relu', optimizer: 'adam', lr: 0.001, valSize: 5000 };

/**
 * The default sweep of `kind`. `quick` is a coarse first look (fewer points, seeds and steps).
 *
 * - size: the course network (784-128-64-10, sigmoid, SGD lr 0.1 momentum 0.9, batch 64) on the
 *   first N training images, N from 100 to 50,000; each size stops early on validation loss
 *   (patience 5 epochs, and never less than 300 steps' worth) with at most 8,000 steps.
 * - complexity: one ReLU hidden layer of 1 to 1,024 units (Adam lr 0.001) on 1,000 images, each
 *   trained for the same 3,000 steps without early stopping; with `depth`, 1 to 8 layers of 64.
 * - epochs: 784-512-10 ReLU on 1,000 images with 20% label noise, 100 epochs, patience 10 on
 *   validation error.
 */
export function curveDefaults(kind: CurveKind, options: { quick?: boolean; depth?: boolean } = {}): CurveDefaults {
  const quick = options.quick === true;
  switch (kind) {
    case 'size':
      return {
        axis: 'train-size',
        points: quick ? [100, 1000, 10000] : [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
        repeats: quick ? 1 : 2,
        base: { ...defaultConfig, valSize: quick ? 2000 : 5000 },
        trainSize: 0,
        depthWidth: 0,
        labelNoise: 0,
        budget: { maxSteps: quick ? 1500 : 8000, epochs: 0, patience: quick ? 3 : 5, patienceSteps: quick ? 100 : 300 },
      };
    case 'complexity':
      return {
        axis: options.depth ? 'depth' : 'width',
        points: options.depth ? (quick ? [1, 2, 4] : [1, 2, 3, 4, 6, 8]) : quick ? [1, 4, 16, 64, 256] : widths,
        repeats: quick ? 1 : 2,
        base: { ...defaultConfig, ...wideRecipe, hidden: [], valSize: quick ? 2000 : 5000 },
        trainSize: quick ? 500 : 1000,
        depthWidth: 64,
        labelNoise: 0,
        budget: { maxSteps: quick ? 600 : 3000, epochs: 0, patience: 0, patienceSteps: 0 },
      };
    case 'epochs':
      return {
        axis: 'epoch',
        points: [],
        repeats: quick ? 1 : 2,
        base: { ...defaultConfig, ...wideRecipe, hidden: [quick ? 256 : 512], monitor: 'val-accuracy', valSize: quick ? 2000 : 5000 },
        trainSize: quick ? 500 : 1000,
        depthWidth: 0,
        labelNoise: 0.2,
        budget: { maxSteps: 0, epochs: quick ? 30 : 100, patience: quick ? 5 : 10, patienceSteps: 0 },
      };
  }
}

/** The bounds a sweep is held to, so a typo cannot start a week of training. */
export const curveLimits = {
  points: 32,
  repeats: 10,
  width: 4096,
  depth: 16,
  epochs: 1000,
  steps: 200_000,
  patience: 1000,
  labelNoise: 0.9,
} as const;

/** Checks `spec` against {@link curveLimits} and the data; throws a one-line error naming the value and the limit. */
export function checkCurveSpec(spec: CurveSpec, poolCount: number): void {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const { kind } = spec;
  if (kind !== 'epochs') {
    if (spec.points.length === 0) fail('--points: need at least one point');
    if (spec.points.length > curveLimits.points) fail(`--points: ${spec.points.length} points is more than the limit of ${curveLimits.points}`);
    for (const x of spec.points) if (!Number.isInteger(x) || x < 1) fail(`--points: ${x} is not a positive integer`);
  }
  if (!Number.isInteger(spec.repeats) || spec.repeats < 1 || spec.repeats > curveLimits.repeats) fail(`--repeats must be an integer in [1, ${curveLimits.repeats}], got ${spec.repeats}`);
  if (!(spec.labelNoise >= 0 && spec.labelNoise <= curveLimits.labelNoise)) fail(`--label-noise must be a fraction in [0, ${curveLimits.labelNoise}], got ${spec.labelNoise}`);
  if (kind === 'size') {
    const over = spec.points.find((x) => x > poolCount);
    if (over !== undefined) fail(`--points: ${over} training images is more than the ${poolCount} left after the validation split (--val-size ${spec.base.valSize})`);
  } else if (!Number.isInteger(spec.trainSize) || spec.trainSize < 1 || spec.trainSize > poolCount) {
    fail(`--train-size must be an integer in [1, ${poolCount}] (the images left after the validation split), got ${spec.trainSize}`);
  }
  if (kind === 'complexity') {
    const limit = spec.axis === 'depth' ? curveLimits.depth : curveLimits.width;
    const over = spec.points.find((x) => x > limit);
    if (over !== undefined) fail(`--points: ${spec.axis} ${over} is more than the limit of ${limit}`);
    if (spec.axis === 'depth' && !(spec.depthWidth >= 1 && spec.depthWidth <= curveLimits.width)) fail(`--width must be an integer in [1, ${curveLimits.width}], got ${spec.depthWidth}`);
  }
  if (kind !== 'epochs' && !(spec.budget.maxSteps >= 1 && spec.budget.maxSteps <= curveLimits.steps)) fail(`--steps must be an integer in [1, ${curveLimits.steps}], got ${spec.budget.maxSteps}`);
  if (kind === 'epochs' && !(spec.budget.epochs >= 1 && spec.budget.epochs <= curveLimits.epochs)) fail(`--epochs must be an integer in [1, ${curveLimits.epochs}], got ${spec.budget.epochs}`);
  if (kind !== 'complexity' && !(spec.budget.patience >= 1 && spec.budget.patience <= curveLimits.patience)) fail(`--patience must be an integer in [1, ${curveLimits.patience}], got ${spec.budget.patience}`);
  for (const h of spec.base.hidden) if (h > curveLimits.width) fail(`--hidden: ${h} units is more than the limit of ${curveLimits.width}`);
}
