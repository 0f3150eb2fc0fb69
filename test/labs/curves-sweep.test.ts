// Specification of learning-curve sweeps on a few hundred real MNIST images: the shape of the result, resumability, and what the data must show.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { slice, subset } from '../../src/data/dataset.js';
import { loadMnist } from '../../src/data/mnist.js';
import type { CurveKind, CurveResult, CurveSpec, PointResult } from '../../src/labs/curves.js';
import { curveDefaults } from '../../src/labs/curves-spec.js';
import { memoryCurveStore, openCurveStore } from '../../src/labs/curves-store.js';
import { runSweep } from '../../src/labs/curves-sweep.js';
import { pointConfig, trainPoint, withLabelNoise, type CurveData } from '../../src/labs/curves-train.js';
import { createLearner } from '../../src/mnist/learners.js';
import type { TrainConfig } from '../../src/train/config.js';
import { evaluateSplit, fit } from '../../src/train/fit.js';
import type { LearnerFactory } from '../../src/train/learner.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-curves-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mnist = loadMnist();
// 400 training images, 300 for validation, 500 test images: enough to see the curves, fast to train
const data: CurveData = { pool: subset(mnist.train, 400), validation: slice(mnist.train, 59_000, 59_300), test: subset(mnist.test, 500) };

function spec(kind: CurveKind, changes: Partial<Omit<CurveSpec, 'base'>> & { base?: Partial<TrainConfig> } = {}): CurveSpec {
  const d = curveDefaults(kind);
  const { base, ...rest } = changes;
  return {
    kind, axis: d.axis, points: d.points, repeats: 1, seed: 1, trainSize: 200, depthWidth: 8, labelNoise: 0, weightDecayComparison: null,
    budget: d.budget,
    ...rest,
    base: { ...d.base, hidden: kind === 'complexity' ? [] : [16], batchSize: 50, valSize: 300, ...base },
  };
}

/** A learner factory that counts the trainings it starts. */
function counting(): { factory: LearnerFactory; count: () => number } {
  let n = 0;
  return { factory: (config) => (n++, createLearner(config)), count: () => n };
}

const withoutTimes = (runs: PointResult[]) => runs.map(({ seconds: _s, ...rest }) => rest);
const curveOnly = (r: CurveResult) => ({ points: r.points, marks: r.marks, summary: r.summary, runs: withoutTimes(r.runs) });

describe('the size sweep', () => {
  const sizeSpec = spec('size', { points: [20, 100, 400], repeats: 2, budget: { maxSteps: 24, epochs: 0, patience: 2, patienceSteps: 4 } });

  it('gives one point per size with train and test bands over the seeds', async () => {
    const r = await runSweep({ spec: sizeSpec, data, store: memoryCurveStore() });
    expect(r.kind).toBe('size');
    expect(r.axis).toBe('train-size');
    expect(r.points.map((p) => p.x)).toEqual([20, 100, 400]);
    expect(r.runs).toHaveLength(6);
    for (const p of r.points) {
      for (const b of [p.train, p.test, p.validation!]) {
        expect(b.min).toBeLessThanOrEqual(b.mean);
        expect(b.mean).toBeLessThanOrEqual(b.max);
        expect(b.min).toBeGreaterThanOrEqual(0);
        expect(b.max).toBeLessThanOrEqual(1);
      }
    }
    // 20 images are learnt far better than the unseen test images are predicted
    expect(r.points[0].train.mean).toBeLessThan(r.points[0].test.mean);
    // each seed's runs differ (different initial weights), so the band is real
    expect(new Set(r.runs.filter((p) => p.x === 400).map((p) => p.test)).size).toBe(2);
  });

  it('resumes after a crash between points: no finished point is trained again, and the result equals an uninterrupted sweep', async () => {
    const dir = join(root, 'size-resume');
    const first = counting();
    await expect(
      runSweep({
        spec: sizeSpec, data, store: openCurveStore(dir), createLearner: first.factory,
        onPointSaved: (saved) => {
          if (saved === 3) throw new Error('injected crash after 3 points');
        },
      }),
    ).rejects.toThrow(/injected crash/);
    expect(first.count()).toBe(3);
    expect(readdirSync(join(dir, 'points'))).toHaveLength(3);

    const second = counting();
    const resumed = await runSweep({ spec: sizeSpec, data, store: openCurveStore(dir), createLearner: second.factory });
    expect(second.count()).toBe(3); // only the three missing points
    const straight = await runSweep({ spec: sizeSpec, data, store: memoryCurveStore() });
    expect(curveOnly(resumed)).toEqual(curveOnly(straight));

    // a rerun with one more size trains only that size's two seeds
    const third = counting();
    const more = await runSweep({ spec: { ...sizeSpec, points: [20, 50, 100, 400] }, data, store: openCurveStore(dir), createLearner: third.factory });
    expect(third.count()).toBe(2);
    expect(more.points.map((p) => p.x)).toEqual([20, 50, 100, 400]);

    // a changed recipe matches no saved point
    const fourth = counting();
    await runSweep({ spec: { ...sizeSpec, points: [20], repeats: 1, base: { ...sizeSpec.base, lr: 0.05 } }, data, store: openCurveStore(dir), createLearner: fourth.factory });
    expect(fourth.count()).toBe(1);
  });
});

describe('the complexity sweep', () => {
  it('marks the interpolation threshold at the first width with zero training error, and the best width by validation error', async () => {
    const s = spec('complexity', { points: [1, 2, 32], trainSize: 100, budget: { maxSteps: 60, epochs: 0, patience: 0, patienceSteps: 0 }, base: { lr: 0.01 } });
    const r = await runSweep({ spec: s, data, store: memoryCurveStore() });
    expect(r.points.map((p) => p.x)).toEqual([1, 2, 32]);
    const firstZero = r.points.find((p) => p.train.max === 0);
    expect(firstZero).toBeDefined(); // 32 ReLU units memorise 100 images in 60 Adam steps at lr 0.01
    expect(r.marks.interpolationThreshold).toBe(firstZero!.x);
    expect(r.points[0].train.mean).toBeGreaterThan(0); // one unit cannot
    const lowest = Math.min(...r.points.map((p) => p.validation!.mean));
    expect(r.points.find((p) => p.validation!.mean === lowest)!.x).toBe(r.marks.best);
  });

  it('sweeps depth with layers of the given width', () => {
    const s = spec('complexity', { axis: 'depth', points: [3], depthWidth: 8 });
    expect(pointConfig(s, { x: 3, seed: 1, variant: 'baseline' }, data).hidden).toEqual([8, 8, 8]);
    expect(pointConfig(spec('complexity'), { x: 5, seed: 1, variant: 'baseline' }, data).hidden).toEqual([5]);
  });
});

describe('the epochs sweep', () => {
  const epochsSpec = spec('epochs', {
    trainSize: 100, labelNoise: 0.3, weightDecayComparison: 0.01,
    budget: { maxSteps: 0, epochs: 8, patience: 2, patienceSteps: 0 },
    base: { hidden: [32] },
  });

  it('records every epoch, and early stopping restores the validation minimum up to its stop', async () => {
    const r = await runSweep({ spec: epochsSpec, data, store: memoryCurveStore() });
    expect(r.points.map((p) => p.x)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    expect(r.weightDecay?.points).toHaveLength(8);
    const { earlyStopEpoch, bestEpoch } = r.marks;
    const validation = r.points.map((p) => p.validation!.mean);
    const watched = validation.slice(0, earlyStopEpoch ?? validation.length);
    expect(bestEpoch).toBe(watched.indexOf(Math.min(...watched)) + 1);
    if (earlyStopEpoch !== null && earlyStopEpoch !== undefined) {
      // the stop comes exactly `patience` epochs after the last improvement
      expect(earlyStopEpoch - bestEpoch!).toBe(2);
    }
    // one seed: early stopping's test error is the test error of the restored epoch
    expect(r.summary!.testErrorEarlyStopping).toBe(r.points[bestEpoch! - 1].test.mean);
    expect(r.summary!.testErrorFinal).toBe(r.points[7].test.mean);
  });

  it('trains one epoch at a time exactly as one uninterrupted run does', async () => {
    const task = { x: 3, seed: 1, variant: 'baseline' as const };
    const point = await trainPoint({ ...epochsSpec, budget: { ...epochsSpec.budget, epochs: 3 } }, task, data, createLearner);
    const config: TrainConfig = pointConfig({ ...epochsSpec, budget: { ...epochsSpec.budget, epochs: 3 } }, task, data);
    const learner = await createLearner(config);
    const train = withLabelNoise(subset(data.pool, 100), 0.3, 1);
    await fit({ config, learner, train, validation: data.validation, outDir: null, backend: 'test' });
    expect(point.train).toBe(1 - (await evaluateSplit(learner, train)).accuracy);
    expect(point.test).toBe(1 - (await evaluateSplit(learner, data.test)).accuracy);
    expect(point.steps).toBe(3 * 2);
  });
});

describe('withLabelNoise', () => {
  const split = subset(mnist.train, 1000);

  it('gives exactly the chosen share of labels a different class, leaving the rest and the images alone', () => {
    const noisy = withLabelNoise(split, 0.2, 7);
    let changed = 0;
    for (let i = 0; i < split.count; i++) if (noisy.labels[i] !== split.labels[i]) changed++;
    expect(changed).toBe(200);
    expect(noisy.images).toBe(split.images);
    expect(Math.min(...noisy.labels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...noisy.labels)).toBeLessThan(10);
    expect(split.labels[0]).toBe(mnist.train.labels[0]); // the original is untouched
  });

  it('is the same for the same seed and differs for another', () => {
    expect(withLabelNoise(split, 0.2, 7).labels).toEqual(withLabelNoise(split, 0.2, 7).labels);
    expect(withLabelNoise(split, 0.2, 8).labels).not.toEqual(withLabelNoise(split, 0.2, 7).labels);
  });

  it('at 0 returns the split itself; at 1 changes every label; rejects a share outside [0, 1]', () => {
    expect(withLabelNoise(split, 0, 1)).toBe(split);
    const all = withLabelNoise(subset(split, 50), 1, 1);
    for (let i = 0; i < 50; i++) expect(all.labels[i]).not.toBe(split.labels[i]);
    expect(() => withLabelNoise(split, 1.5, 1)).toThrow(/label noise must be a fraction in \[0, 1\], got 1.5/);
    expect(() => withLabelNoise(split, NaN, 1)).toThrow(/label noise/);
  });
});
