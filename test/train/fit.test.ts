// Specification of fit(): it learns, resumes to the same result, stops on NaN, stops early, and checkpoints atomically.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TensorData } from '../../src/core/tensor-data.js';
import { splitValidation, subset, type Batch, type Split } from '../../src/data/dataset.js';
import { loadMnist } from '../../src/data/mnist.js';
import type { OptimizerState } from '../../src/optim/optimizer.js';
import { manifestFile } from '../../src/io/commit-directory.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { readCheckpoint, runFiles } from '../../src/train/checkpoint.js';
import { defaultConfig, type TrainConfig } from '../../src/train/config.js';
import { DivergedError, fit, type TrainEvent } from '../../src/train/fit.js';
import type { EpochRecord } from '../../src/train/history.js';
import type { BatchResult, Learner } from '../../src/train/learner.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-fit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (name: string) => join(root, `${name}-${dirCount++}`);

let train2000: Split;
let val1000: Split;
let test500: Split;
beforeAll(() => {
  const mnist = loadMnist();
  const { train, validation } = splitValidation(mnist.train, 10_000);
  train2000 = subset(train, 2000);
  val1000 = subset(validation, 1000);
  test500 = subset(mnist.test, 500);
});

/** A small, quick recipe: 784-64-10 ReLU, SGD lr 0.1 momentum 0.9, batch 64. */
function smallConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return { ...defaultConfig, hidden: [64], activation: 'relu', trainSize: 2000, valSize: 1000, ...over };
}

const fitWith = (config: TrainConfig, over: Partial<Parameters<typeof fit>[0]> = {}) =>
  fit({ config, learner: new AutogradLearner(config), train: train2000, validation: val1000, outDir: null, backend: 'reference', ...over });

/** Every field but the wall-clock seconds. */
const withoutSeconds = (records: EpochRecord[]) => records.map(({ seconds: _s, ...rest }) => rest);

/** Temporary files or directories at the top of a run directory or in its checkpoints/. */
const tmpFiles = (dir: string) =>
  [dir, join(dir, runFiles.checkpoints)].flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.tmp') || f.startsWith('.')));

/** Every file under `dir` (recursively, by relative path) with its bytes. */
const snapshotTree = (dir: string): Map<string, Buffer> =>
  new Map(
    (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => [f, readFileSync(join(dir, f))]),
  );

describe('fit on 2,000 real MNIST images', () => {
  it('learns: ≥ 85% validation accuracy in 3 epochs, with the loss falling', async () => {
    const events: TrainEvent['type'][] = [];
    const { history, interrupted } = await fitWith(smallConfig({ epochs: 3 }), { test: test500, onEvent: (e) => events.push(e.type) });
    const h = history.history;
    expect(interrupted).toBe(false);
    expect(h.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(h[2].valAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(h[2].trainLoss).toBeLessThan(h[0].trainLoss);
    expect(h[2].valLoss).toBeLessThan(h[0].valLoss);
    expect(history.testAccuracy).toBeGreaterThan(0.8);
    for (const r of h) {
      expect(r.lr).toBe(0.1);
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.trainAccuracy).toBeGreaterThan(0);
      expect(r.trainAccuracy).toBeLessThanOrEqual(1);
    }
    // 2,000 images in batches of 64: 32 batch events per epoch, between its start and end
    const perEpoch = ['epochStart', ...Array<string>(32).fill('batch'), 'epochEnd'];
    expect(events).toEqual([...perEpoch, ...perEpoch, ...perEpoch]);
  });
});

describe('resume', () => {
  const config = (epochs: number, over: Partial<TrainConfig> = {}) => smallConfig({ hidden: [16], epochs, batchSize: 50, ...over });
  const tiny = () => ({ train: subset(train2000, 400), validation: subset(val1000, 200), test: subset(test500, 100) });
  const bytes = (t: TensorData) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

  /** Both runs end with bitwise-equal weights and optimizer state, equal state.json and equal history (but for seconds). */
  function expectSameRun(a: string, b: string): void {
    const runA = readCheckpoint(a);
    const runB = readCheckpoint(b);
    expect(Object.keys(runB.weights)).toEqual(Object.keys(runA.weights));
    for (const name of Object.keys(runA.weights)) expect(bytes(runB.weights[name]).equals(bytes(runA.weights[name])), name).toBe(true);
    expect(readFileSync(join(runB.commit, runFiles.optimizer)).equals(readFileSync(join(runA.commit, runFiles.optimizer)))).toBe(true);
    expect(runB.state).toEqual(runA.state);
    expect(withoutSeconds(runB.history.history)).toEqual(withoutSeconds(runA.history.history));
    expect(runB.history.testAccuracy).toBe(runA.history.testAccuracy);
  }

  it('2 epochs straight, and 1 epoch then a resume to 2, give bitwise-identical weights and the same history', async () => {
    const a = freshDir('straight');
    const b = freshDir('resumed');
    await fitWith(config(2), { ...tiny(), outDir: a });
    await fitWith(config(1), { ...tiny(), outDir: b });
    expect(readCheckpoint(b).state.epochsDone).toBe(1);
    await fitWith(config(2), { ...tiny(), outDir: b, resume: readCheckpoint(b) });
    expectSameRun(a, b);
  });

  it('a run interrupted after epoch 1 (Ctrl-C) and resumed matches the uninterrupted one, schedule and momentum included', async () => {
    const over = { schedule: 'warmup:3+cosine', optimizer: 'adam' as const, lr: 0.003 };
    const a = freshDir('straight-cosine');
    const b = freshDir('interrupted-cosine');
    await fitWith(config(2, over), { ...tiny(), outDir: a });
    let epochsEnded = 0;
    const first = await fitWith(config(2, over), {
      ...tiny(), outDir: b,
      onEvent: (e) => { if (e.type === 'epochEnd') epochsEnded++; },
      shouldStop: () => epochsEnded >= 1,
    });
    expect(first.interrupted).toBe(true);
    expect(readCheckpoint(b).state.epochsDone).toBe(1);
    await fitWith(config(2, over), { ...tiny(), outDir: b, resume: readCheckpoint(b) });
    expectSameRun(a, b);
  });

  it('a Ctrl-C during the final test evaluation stops between its chunks; the resume does only that evaluation', async () => {
    const test = subset(loadMnist().test, 2500); // three chunks of at most 1,000
    const a = freshDir('straight-test');
    const b = freshDir('interrupted-test');
    await fitWith(config(1), { ...tiny(), test, outDir: a });
    let chunks = 0;
    const counting = new AutogradLearner(config(1));
    const evaluate = counting.evaluate.bind(counting);
    counting.evaluate = (batch) => {
      if (batch.size > 200) chunks++; // the test chunks (validation is 200 images here)
      return evaluate(batch);
    };
    const first = await fitWith(config(1), { ...tiny(), test, outDir: b, learner: counting, shouldStop: () => chunks >= 1 });
    expect(first.interrupted).toBe(true);
    expect(chunks).toBe(1); // not the other two
    expect(readCheckpoint(b).history.testAccuracy).toBeNull();
    expect(readCheckpoint(b).state.epochsDone).toBe(1);
    const resumed = await fitWith(config(1), { ...tiny(), test, outDir: b, resume: readCheckpoint(b) });
    expect(resumed.interrupted).toBe(false);
    expect(resumed.history.history).toHaveLength(1); // no epoch trained again
    expectSameRun(a, b);
  });

  it('records the resumed run’s config (epochs 2) in history.json, as the uninterrupted run does', async () => {
    const a = freshDir('straight-config');
    const b = freshDir('resumed-config');
    await fitWith(config(2), { ...tiny(), outDir: a });
    await fitWith(config(1), { ...tiny(), outDir: b });
    await fitWith(config(2), { ...tiny(), outDir: b, resume: readCheckpoint(b) });
    expect(readCheckpoint(a).history.config.epochs).toBe(2);
    expect(readCheckpoint(b).history.config.epochs).toBe(2);
  });
});

/**
 * A learner whose training loss and validation loss follow a script, and whose "weights" are
 * the number of steps taken: enough to watch fit's bookkeeping exactly.
 */
class ScriptedLearner implements Learner {
  readonly impl = 'scripted';
  steps = 0;
  evaluations = 0;
  momentum = 0;
  constructor(private readonly script: { trainLoss?: (epochStep: number) => number; valLoss?: number[]; valCorrect?: number[] } = {}) {}
  trainStep(batch: Batch): BatchResult {
    this.steps++;
    this.momentum += 1;
    return { lossSum: (this.script.trainLoss?.(this.steps) ?? 1) * batch.size, correct: 0 };
  }
  evaluate(batch: Batch): BatchResult {
    const i = this.evaluations++;
    return { lossSum: (this.script.valLoss?.[i] ?? 1) * batch.size, correct: this.script.valCorrect?.[i] ?? 0 };
  }
  predict(_images: Float32Array, count: number): Float32Array {
    return new Float32Array(count * 10);
  }
  weights(): Record<string, TensorData> {
    return { w: { data: Float32Array.of(this.steps), shape: [1], dtype: 'float32' } };
  }
  loadWeights(weights: Record<string, TensorData>): void {
    this.steps = weights.w.data[0];
  }
  optimizerState(): OptimizerState {
    return { step: this.steps, buffers: { m: { data: Float32Array.of(this.momentum), shape: [1], dtype: 'float32' } } };
  }
  loadOptimizerState(state: OptimizerState): void {
    this.momentum = state.buffers.m.data[0];
  }
}

/** n images of 2×2 pixels, labels 0. */
function fakeSplit(n: number): Split {
  return { images: new Float32Array(n * 4), labels: new Int32Array(n), count: n, rows: 2, cols: 2, numClasses: 10 };
}

const scriptedConfig = (over: Partial<TrainConfig> = {}) => ({ ...defaultConfig, input: 4, hidden: [], batchSize: 10, epochs: 5, ...over });

describe('divergence', () => {
  it('a NaN loss throws DivergedError naming epoch and batch, and keeps the previous checkpoint intact', async () => {
    const dir = freshDir('nan');
    // 30 images in batches of 10: 3 batches per epoch; step 6 is epoch 2, batch 3
    const learner = new ScriptedLearner({ trainLoss: (step) => (step === 6 ? NaN : 1) });
    let snapshot: Map<string, Buffer> | null = null;
    const onEvent = (e: TrainEvent) => {
      if (e.type === 'epochEnd' && e.record.epoch === 1) snapshot = snapshotTree(dir);
    };
    const run = fit({ config: scriptedConfig(), learner, train: fakeSplit(30), validation: fakeSplit(10), outDir: dir, backend: 'test', onEvent });
    await expect(run).rejects.toThrow(DivergedError);
    await expect(run).rejects.toThrow(/the loss became NaN at epoch 2, batch 3\/3 \(lr 0\.1\); try a lower learning rate, e\.g\. --lr 0\.01; the checkpoint of epoch 1 in .* is kept/);
    expect(snapshot).not.toBeNull();
    const after = snapshotTree(dir);
    expect([...after.keys()].sort()).toEqual([...snapshot!.keys()].sort());
    for (const [name, bytes] of snapshot!) expect(after.get(name)!.equals(bytes), name).toBe(true);
    expect(readCheckpoint(dir).state.epochsDone).toBe(1);
    expect(readCheckpoint(dir).weights.w.data[0]).toBe(3);
  });

  it('an infinite loss in the first epoch throws too, and leaves no checkpoint at all', async () => {
    const dir = freshDir('inf');
    const learner = new ScriptedLearner({ trainLoss: (step) => (step === 2 ? Infinity : 1) });
    const run = fit({ config: scriptedConfig(), learner, train: fakeSplit(30), validation: fakeSplit(10), outDir: dir, backend: 'test' });
    await expect(run).rejects.toThrow(/the loss became Infinity at epoch 1, batch 2\/3/);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('a real network at lr 1e6 diverges with DivergedError', async () => {
    // 784-128-64-10 ReLU: the activations overflow within a few steps (a sigmoid net saturates instead)
    const config = smallConfig({ hidden: [128, 64], lr: 1e6, epochs: 2 });
    await expect(fitWith(config, { train: subset(train2000, 640), validation: subset(val1000, 100) })).rejects.toThrow(/the loss became (NaN|Infinity|-Infinity) at epoch \d+, batch \d+\/10 .*--lr 100000/);
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights (val-loss)', async () => {
    const dir = freshDir('early');
    // val loss by epoch: best at epoch 2, then two epochs without improvement
    const learner = new ScriptedLearner({ valLoss: [1.0, 0.5, 0.6, 0.55, 0.1] });
    const events: TrainEvent[] = [];
    const { history } = await fit({
      config: scriptedConfig({ earlyStopping: 2, epochs: 10 }), learner, train: fakeSplit(30), validation: fakeSplit(10),
      outDir: dir, backend: 'test', onEvent: (e) => events.push(e),
    });
    expect(history.history.map((r) => r.valLoss)).toEqual([1.0, 0.5, 0.6, 0.55]);
    expect(history.stoppedEarly?.epoch).toBe(4);
    expect(history.stoppedEarly?.reason).toMatch(/restored the weights of epoch 2/);
    expect(events.find((e) => e.type === 'earlyStop')).toEqual({ type: 'earlyStop', epoch: 4, bestEpoch: 2, monitor: 'val-loss', best: 0.5 });
    // 3 steps per epoch: the weights after epoch 2 are "6 steps"
    expect(learner.steps).toBe(6);
    const saved = readCheckpoint(dir);
    expect(saved.weights.w.data[0]).toBe(6);
    expect(saved.best?.w.data[0]).toBe(6);
    expect(saved.state.best).toEqual({ value: 0.5, epoch: 2 });
  });

  it('monitors validation accuracy (higher is better) with min-delta', async () => {
    // correct of 10: 5, 7 (best), 7.05 is not > 7 + 0.01·10... improvements must exceed minDelta 0.01
    const learner = new ScriptedLearner({ valCorrect: [5, 7, 7, 6, 10] });
    const { history } = await fit({
      config: scriptedConfig({ earlyStopping: 2, epochs: 10, monitor: 'val-accuracy', minDelta: 0.01 }),
      learner, train: fakeSplit(30), validation: fakeSplit(10), outDir: null, backend: 'test',
    });
    expect(history.history.map((r) => r.valAccuracy)).toEqual([0.5, 0.7, 0.7, 0.6]);
    expect(history.stoppedEarly?.epoch).toBe(4);
    expect(learner.steps).toBe(6);
  });

  it('runs every epoch while the metric keeps improving, ending on the best weights', async () => {
    const learner = new ScriptedLearner({ valLoss: [5, 4, 3] });
    const { history } = await fit({
      config: scriptedConfig({ earlyStopping: 1, epochs: 3 }), learner, train: fakeSplit(30), validation: fakeSplit(10), outDir: null, backend: 'test',
    });
    expect(history.history.length).toBe(3);
    expect(history.stoppedEarly ?? null).toBeNull();
    expect(learner.steps).toBe(9);
  });
});

describe('extending a finished run that restored its best weights', () => {
  it('continues from the last epoch (kept as last.safetensors), not from the restored best, as an uninterrupted longer run does', async () => {
    // val loss rises after epoch 1, so epoch 1 stays best and patience 5 never runs out; 3 steps per epoch
    const config = (epochs: number) => scriptedConfig({ earlyStopping: 5, epochs });
    const splits = { train: fakeSplit(30), validation: fakeSplit(10), test: fakeSplit(10), backend: 'test' };
    const straight = freshDir('extend-straight');
    await fit({ config: config(4), learner: new ScriptedLearner({ valLoss: [1, 2, 3, 4] }), outDir: straight, ...splits });
    const dir = freshDir('extend');
    await fit({ config: config(3), learner: new ScriptedLearner({ valLoss: [1, 2, 3] }), outDir: dir, ...splits });
    const finished = readCheckpoint(dir);
    expect(finished.weights.w.data[0]).toBe(3); // the model file: epoch 1's weights, restored
    expect(finished.last?.w.data[0]).toBe(9); // where training stood
    await fit({ config: config(4), learner: new ScriptedLearner({ valLoss: [4] }), outDir: dir, resume: finished, ...splits });
    const extended = readCheckpoint(dir);
    const reference = readCheckpoint(straight);
    expect(extended.last?.w.data[0]).toBe(12);
    expect(extended.last).toEqual(reference.last);
    expect(extended.weights).toEqual(reference.weights);
    expect(extended.optimizer).toEqual(reference.optimizer);
    expect(extended.state).toEqual(reference.state);
  });

  it('writes no last.safetensors where the model file already holds the last weights', async () => {
    const dir = freshDir('no-last');
    await fit({ config: scriptedConfig({ epochs: 2 }), learner: new ScriptedLearner(), train: fakeSplit(30), validation: fakeSplit(10), test: fakeSplit(10), outDir: dir, backend: 'test' });
    expect(readdirSync(readCheckpoint(dir).commit)).not.toContain(runFiles.last);
    expect(readCheckpoint(dir).last).toBeNull();
  });
});

describe('checkpoints', () => {
  it('survive a program rewriting the top-level model.safetensors in place (the published files are copies, not links)', async () => {
    const dir = freshDir('rewritten');
    await fit({ config: scriptedConfig({ epochs: 2 }), learner: new ScriptedLearner(), train: fakeSplit(30), validation: fakeSplit(10), outDir: dir, backend: 'test' });
    const before = readCheckpoint(dir);
    // as Python's safetensors save_file does: truncate the same file and write new bytes into it
    writeFileSync(join(dir, runFiles.model), 'rewritten by another program');
    writeFileSync(join(dir, runFiles.history), '{}');
    const after = readCheckpoint(dir);
    expect(after.skipped).toEqual([]);
    expect(after.commit).toBe(before.commit);
    expect(after.weights).toEqual(before.weights);
    expect(after.history).toEqual(before.history);
  });

  it('after every epoch hold one whole checkpoint (model, optimizer, history, state, manifest), the published model and history, and no temporary files', async () => {
    const dir = freshDir('files');
    const seen: string[][] = [];
    const committed: string[][] = [];
    const learner = new ScriptedLearner();
    await fit({
      config: scriptedConfig({ epochs: 3 }), learner, train: fakeSplit(30), validation: fakeSplit(10), outDir: dir, backend: 'test',
      onEvent: (e) => {
        if (e.type === 'epochEnd') {
          seen.push(readdirSync(dir).sort());
          committed.push(readdirSync(readCheckpoint(dir).commit).sort());
          expect(readCheckpoint(dir).state.epochsDone).toBe(e.record.epoch);
          expect(readCheckpoint(dir).history.history.length).toBe(e.record.epoch);
        }
      },
    });
    const top = [runFiles.checkpoints, runFiles.history, runFiles.model].sort();
    expect(seen).toEqual([top, top, top]);
    const inside = [runFiles.history, manifestFile, runFiles.model, runFiles.optimizer, runFiles.state].sort();
    expect(committed).toEqual([inside, inside, inside]);
    expect(readdirSync(join(dir, runFiles.checkpoints))).toHaveLength(1);
    expect(tmpFiles(dir)).toEqual([]);
  });

  it('after a real run hold a loadable model with its architecture in the metadata', async () => {
    const dir = freshDir('real-files');
    const config = smallConfig({ hidden: [8], epochs: 1 });
    await fitWith(config, { train: subset(train2000, 200), validation: subset(val1000, 50), outDir: dir });
    expect(tmpFiles(dir)).toEqual([]);
    const run = readCheckpoint(dir);
    expect(Object.keys(run.weights)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const { metadata } = loadSafetensors(join(dir, runFiles.model));
    expect(metadata.format).toBe('nabla-mlp');
    expect(JSON.parse(metadata.architecture)).toEqual({ input: 784, hidden: [8], output: 10, activation: 'relu' });
  });
});
