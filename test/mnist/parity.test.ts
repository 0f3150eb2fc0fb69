// The course network three ways agrees: scratch, autograd and tfjs gradients, one epoch of training, and the time-based schedule.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TensorData } from '../../src/core/tensor-data.js';
import { batches, shuffledIndices, slice, type Batch, type Split } from '../../src/data/dataset.js';
import { loadMnist } from '../../src/data/mnist.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { ScratchLearner } from '../../src/mnist/scratch.js';
import { createTfjsLearner, type TfjsLearner } from '../../src/mnist/tfjs.js';
import type { ActivationName } from '../../src/nn/activations.js';
import { parseSchedule } from '../../src/optim/schedules.js';
import { defaultConfig, type TrainConfig } from '../../src/train/config.js';
import { fit } from '../../src/train/fit.js';
import type { Learner } from '../../src/train/learner.js';

let train: Split;
let validation: Split;
let batch: Batch;

beforeAll(() => {
  const mnist = loadMnist();
  train = slice(mnist.train, 0, 2000);
  validation = slice(mnist.train, 59500, 60000);
  const [first] = batches(train, shuffledIndices(train.count, 1, 1), 64);
  batch = first;
});

const config = (overrides: Partial<TrainConfig>): TrainConfig => ({ ...defaultConfig, epochs: 1, trainSize: 2000, ...overrides });

/** The gradients autograd's own step computes: a step at lr 0 leaves the weights and fills each parameter's .grad. */
function autogradGradients(learner: AutogradLearner, b: Batch): Record<string, TensorData> {
  learner.trainStep(b, 0);
  const out: Record<string, TensorData> = {};
  for (const [name, p] of learner.model.namedParameters()) out[name] = p.grad!;
  return out;
}

/** max |a − b| over every named array; the names must match. */
function maxAbsDiff(a: Record<string, TensorData>, b: Record<string, TensorData>): number {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  let max = 0;
  for (const name of Object.keys(a)) {
    expect(a[name].shape).toEqual(b[name].shape);
    const x = a[name].data;
    const y = b[name].data;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  }
  return max;
}

function maxAbs(a: Record<string, TensorData>): number {
  let max = 0;
  for (const t of Object.values(a)) for (const v of t.data) max = Math.max(max, Math.abs(v));
  return max;
}

describe('scratch and autograd on one batch, identical weights', () => {
  it('start from the same weights for the same seed', () => {
    const c = config({});
    expect(maxAbsDiff(new ScratchLearner(c).weights(), new AutogradLearner(c).weights())).toBe(0);
  });

  for (const [dtype, tolerance] of [['float64', 1e-9], ['float32', 1e-5]] as const) {
    it(`MSE after softmax (full Jacobian) gradients agree in ${dtype} within ${tolerance}`, () => {
      const c = config({ loss: 'mse', dtype });
      const g = new ScratchLearner(c).gradients(batch);
      expect(maxAbs(g)).toBeGreaterThan(1e-4); // not vacuous
      expect(maxAbsDiff(g, autogradGradients(new AutogradLearner(c), batch))).toBeLessThanOrEqual(tolerance);
    });
  }

  it('cross-entropy gradients agree in float64 within 1e-9', () => {
    const c = config({ loss: 'cross-entropy', dtype: 'float64' });
    const g = new ScratchLearner(c).gradients(batch);
    expect(maxAbs(g)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(g, autogradGradients(new AutogradLearner(c), batch))).toBeLessThanOrEqual(1e-9);
  });

  const activations: ActivationName[] = ['tanh', 'relu', 'leaky-relu', 'gelu', 'identity', 'square'];
  it(`every other hidden activation (${activations.join(', ')}), three hidden layers, both losses: float64 within 1e-9`, () => {
    for (const activation of activations) {
      for (const loss of ['mse', 'cross-entropy'] as const) {
        const c = config({ activation, loss, hidden: [32, 24, 16], dtype: 'float64' });
        const g = new ScratchLearner(c).gradients(batch);
        expect(maxAbsDiff(g, autogradGradients(new AutogradLearner(c), batch)), `${activation} ${loss}`).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('the optimizers (SGD Nesterov + weight decay, Adam, AdamW, RMSprop) take the same three steps in float64', () => {
    const cases: Array<Partial<TrainConfig>> = [
      { optimizer: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 1e-3, lr: 0.1 },
      { optimizer: 'sgd', momentum: 0, weightDecay: 1e-2, lr: 0.1 },
      { optimizer: 'adam', lr: 1e-3, weightDecay: 1e-3 },
      { optimizer: 'adamw', lr: 1e-3 },
      { optimizer: 'rmsprop', lr: 1e-3, momentum: 0.5 },
    ];
    const steps = [...batches(train, shuffledIndices(train.count, 3, 1), 32)].slice(0, 3);
    for (const overrides of cases) {
      const c = config({ ...overrides, hidden: [32, 16], dtype: 'float64' });
      const s = new ScratchLearner(c);
      const a = new AutogradLearner(c);
      const start = s.weights();
      for (const b of steps) {
        s.trainStep(b, c.lr);
        a.trainStep(b, c.lr);
      }
      expect(maxAbsDiff(s.weights(), start), c.optimizer).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(s.weights(), a.weights()), JSON.stringify(overrides)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('optimizer state moves between them: scratch saved after two steps, resumed by autograd, matches scratch going on', () => {
    const c = config({ hidden: [32, 16], dtype: 'float64' });
    const steps = [...batches(train, shuffledIndices(train.count, 4, 1), 32)].slice(0, 3);
    const s = new ScratchLearner(c);
    s.trainStep(steps[0], c.lr);
    s.trainStep(steps[1], c.lr);
    const a = new AutogradLearner(c);
    a.loadWeights(s.weights());
    a.loadOptimizerState(s.optimizerState());
    s.trainStep(steps[2], c.lr);
    a.trainStep(steps[2], c.lr);
    expect(maxAbsDiff(s.weights(), a.weights())).toBeLessThanOrEqual(1e-12);
  });
});

describe('tfjs against autograd', () => {
  let tfjs: TfjsLearner;
  beforeAll(async () => {
    tfjs = await createTfjsLearner(config({ loss: 'cross-entropy' }));
  });
  afterAll(() => tfjs.close());

  it('runs on the wasm backend (cpu only as a fallback)', () => {
    expect(tfjs.backend).toBe('wasm');
  });

  it('starts from the same weights and gives the same cross-entropy gradients in float32 within 1e-4', () => {
    const c = config({ loss: 'cross-entropy' });
    const a = new AutogradLearner(c);
    expect(maxAbsDiff(tfjs.weights(), a.weights())).toBe(0);
    const g = tfjs.gradients(batch);
    expect(maxAbs(g)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(g, autogradGradients(a, batch))).toBeLessThanOrEqual(1e-4);
  });

  it('gives the same MSE-after-softmax gradients within 1e-5', async () => {
    const c = config({ loss: 'mse' });
    const t = await createTfjsLearner(c);
    try {
      expect(maxAbsDiff(t.gradients(batch), autogradGradients(new AutogradLearner(c), batch))).toBeLessThanOrEqual(1e-5);
    } finally {
      t.close();
    }
  });

  it('weights and momentum buffers round-trip through PyTorch names and layout', async () => {
    const c = config({ hidden: [16] });
    const s = new ScratchLearner(c);
    s.trainStep(batch, 0.1);
    const t = await createTfjsLearner(c);
    try {
      t.loadWeights(s.weights());
      await t.loadOptimizerState(s.optimizerState());
      expect(maxAbsDiff(t.weights(), s.weights())).toBe(0);
      const state = await t.optimizerState();
      expect(state.step).toBe(s.optimizerState().step);
      expect(maxAbsDiff(state.buffers, s.optimizerState().buffers)).toBe(0); // 0.momentum is [out, in] order, as PyTorch's
    } finally {
      t.close();
    }
  });
});

describe('one epoch on 2,000 images with the same seed', () => {
  const run = async (learner: Learner, c: TrainConfig) => fit({ config: c, learner, train, validation, outDir: null, backend: 'test' });

  it('autograd and scratch end with the same weights within 1e-4 (cross-entropy and MSE), and tfjs within 2 points of autograd accuracy', async () => {
    for (const loss of ['cross-entropy', 'mse'] as const) {
      const c = config({ loss });
      const a = new AutogradLearner(c);
      const s = new ScratchLearner(c);
      const start = a.weights();
      const ha = await run(a, c);
      const hs = await run(s, c);
      expect(maxAbsDiff(a.weights(), start), loss).toBeGreaterThan(1e-2); // the weights did move
      expect(maxAbsDiff(s.weights(), a.weights()), loss).toBeLessThanOrEqual(1e-4);
      expect(hs.history.history[0].valAccuracy).toBeCloseTo(ha.history.history[0].valAccuracy, 2);
      if (loss === 'cross-entropy') {
        const t = await createTfjsLearner(c);
        try {
          const ht = await run(t, c);
          const accA = ha.history.history[0].valAccuracy;
          expect(accA).toBeGreaterThan(0.2); // learning happened
          expect(Math.abs(ht.history.history[0].valAccuracy - accA)).toBeLessThanOrEqual(0.02);
        } finally {
          t.close();
        }
      }
    }
  });
});

describe('the time-based schedule (time-based:5) in all three', () => {
  /** The rate a plain-SGD step really applied: w' = w − lr·g, so lr = −⟨Δw, g⟩ / ⟨g, g⟩. */
  function appliedRate(before: Record<string, TensorData>, after: Record<string, TensorData>, grads: Record<string, TensorData>): number {
    let num = 0;
    let den = 0;
    for (const name of Object.keys(grads)) {
      const g = grads[name].data;
      for (let i = 0; i < g.length; i++) {
        num -= (after[name].data[i] - before[name].data[i]) * g[i];
        den += g[i] * g[i];
      }
    }
    return num / den;
  }

  it('each learner records and applies 5, 4, 3, 2, 1, 1 on successive steps', async () => {
    const c = config({ schedule: 'time-based:5', momentum: 0, loss: 'mse', hidden: [32, 16] });
    const schedule = parseSchedule(c.schedule, c.lr, 100);
    const steps = [...batches(train, shuffledIndices(train.count, 1, 1), 64)].slice(0, 6);
    const expected = [5, 4, 3, 2, 1, 1];
    expect(steps.map((_, t) => schedule(t))).toEqual(expected);

    const s = new ScratchLearner(c);
    const a = new AutogradLearner(c);
    const t = await createTfjsLearner(c);
    const recorded = { scratch: [] as number[], autograd: [] as number[], tfjs: [] as number[] };
    const applied = { scratch: [] as number[], autograd: [] as number[], tfjs: [] as number[] };
    try {
      steps.forEach((b, step) => {
        const lr = schedule(step);
        for (const [name, learner] of [['scratch', s], ['tfjs', t]] as const) {
          const before = learner.weights();
          const grads = learner.gradients(b);
          learner.trainStep(b, lr);
          recorded[name].push(learner.lastLr);
          applied[name].push(appliedRate(before, learner.weights(), grads));
        }
        const before = a.weights();
        a.trainStep(b, lr);
        const grads: Record<string, TensorData> = {};
        for (const [n, p] of a.model.namedParameters()) grads[n] = p.grad!;
        recorded.autograd.push(a.optimizer.lr);
        applied.autograd.push(appliedRate(before, a.weights(), grads));
      });
    } finally {
      t.close();
    }
    for (const name of ['scratch', 'autograd', 'tfjs'] as const) {
      expect(recorded[name], name).toEqual(expected);
      applied[name].forEach((rate, i) => expect(rate, `${name} step ${i}`).toBeCloseTo(expected[i], 3));
    }
  });
});
