// The training loop: epochs of shuffled batches, evaluation, early stopping, checkpoints and resume.

/**
 * One training step, through the layers:
 *
 *   batch    data/      shuffledIndices(seed, epoch) → batches() copies B rows: images [B,784] f32, labels [B]
 *   lr       optim/     schedule(step): constant, time-based, cosine, ... per optimizer step
 *   step     learner    autograd, through jit (traced on the first batch of each size, then the
 *                       backend's compiled plan): logits = mlp(x) (σ(x·Wᵀ + b) per layer),
 *                       loss = crossEntropy(logits, labels) = mean(logsumexp(logits) − logits[label]),
 *                       backward() walks the graph (matmul VJPs in NN and TN form, the loss's own
 *                       VJP softmax − onehot), optimizer.step() updates with ops and assign; on
 *                       wasm the plan runs each layer as one linear kernel (a sparse product for the
 *                       mostly-zero pixels of layer 1), the loss and its gradient as one kernel
 *                       each, σ's backward and each SGD update in place, on parameters resident in
 *                       wasm memory; scratch and tfjs do the same by hand and with TensorFlow.js
 *   check    here       a NaN or ±∞ loss stops the run, naming epoch and batch; the last checkpoint stays
 *   events   here       batch and epoch events → the CLI's progress bar or one line per epoch
 *   save     checkpoint after each epoch: model, optimizer, history.json, state.json committed as one
 *            directory (a crash leaves the previous checkpoint or the new one, never a mix)
 */

import type { TensorData } from '../core/tensor-data.js';
import { batchCount, batches, shuffledIndices, type Split } from '../data/dataset.js';
import { parseSchedule } from '../optim/schedules.js';
import type { LoadedRun, RunState } from './checkpoint.js';

/** Where a run continues from: a checkpoint read from disk, or the same parts held in memory. */
export type ResumePoint = Pick<LoadedRun, 'history' | 'state' | 'weights' | 'optimizer' | 'best'> & Partial<Pick<LoadedRun, 'last'>>;
import { writeCheckpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import type { EpochRecord, RunHistory } from './history.js';
import type { Learner } from './learner.js';
import { optimizerRecord, optimizerStateFromRecord } from './optimizer-record.js';

export type TrainEvent =
  | { type: 'epochStart'; epoch: number; epochs: number; batches: number }
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number; lr: number }
  | { type: 'epochEnd'; record: EpochRecord; epochs: number }
  | { type: 'earlyStop'; epoch: number; bestEpoch: number; monitor: string; best: number };

export interface FitOptions {
  config: TrainConfig;
  learner: Learner;
  train: Split;
  validation: Split;
  /** Evaluated once at the end for `testAccuracy`. */
  test?: Split;
  /** Where checkpoints go (null: none). */
  outDir: string | null;
  /** A run to continue (read with readCheckpoint). */
  resume?: ResumePoint;
  backend: string;
  onEvent?: (event: TrainEvent) => void;
  /** Polled between batches; when it returns true the run stops, keeping the last checkpoint. */
  shouldStop?: () => boolean;
}

export interface FitResult {
  history: RunHistory;
  /** True when shouldStop ended the run before it finished. */
  interrupted: boolean;
}

/** A loss that became NaN or infinite. */
export class DivergedError extends Error {
  override name = 'DivergedError';
}

/** Loss (mean per sample) and accuracy over a whole split, in chunks. */
export async function evaluateSplit(learner: Learner, split: Split, chunk = 1000): Promise<{ loss: number; accuracy: number }> {
  return (await evaluateChunks(learner, split, chunk, async () => false))!;
}

/**
 * evaluateSplit that lets the event loop run between chunks (so a Ctrl-C is seen) and gives
 * null when `stopped` says so, with chunks left.
 */
async function evaluateChunks(
  learner: Learner, split: Split, chunk: number, stopped: () => Promise<boolean>,
): Promise<{ loss: number; accuracy: number } | null> {
  if (split.count === 0) return { loss: NaN, accuracy: NaN };
  let lossSum = 0;
  let correct = 0;
  const pixels = split.rows * split.cols;
  for (let start = 0; start < split.count; start += chunk) {
    if (start > 0 && (await stopped())) return null;
    const size = Math.min(chunk, split.count - start);
    const r = await learner.evaluate({
      images: split.images.subarray(start * pixels, (start + size) * pixels),
      labels: split.labels.subarray(start, start + size),
      size,
    });
    lossSum += r.lossSum;
    correct += r.correct;
  }
  return { loss: lossSum / split.count, accuracy: correct / split.count };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** How often the loop lets the event loop run (a yield costs microseconds). */
const yieldEveryMs = 10;

/**
 * Trains `learner` for `config.epochs` epochs (continuing a resumed run where it stopped). The
 * same seed gives the same batches in the same order, so a resumed run ends where an
 * uninterrupted one would.
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const { config, learner, train, validation, outDir, onEvent } = options;
  const perEpoch = batchCount(train.count, config.batchSize);
  if (perEpoch === 0) throw new Error('train: the training set is empty');
  const schedule = parseSchedule(config.schedule, config.lr, config.epochs * perEpoch);
  const history: RunHistory = options.resume
    ? { ...options.resume.history, config, backend: options.backend } // a resumed run may extend --epochs
    : { impl: learner.impl, backend: options.backend, config, history: [], testAccuracy: null, stoppedEarly: null };
  const state: RunState = options.resume?.state ?? { epochsDone: 0, step: 0, best: null, epochsWithoutImprovement: 0 };
  let best: Record<string, TensorData> | undefined = options.resume?.best ?? undefined;
  if (options.resume) {
    // a finished run whose best weights were restored kept its last epoch's apart: an extension continues from those
    await learner.loadWeights(options.resume.last ?? options.resume.weights);
    await learner.loadOptimizerState(optimizerStateFromRecord(options.resume.optimizer));
  }
  const sign = config.monitor === 'val-accuracy' ? -1 : 1; // minimise loss, maximise accuracy
  // a run that stopped early is over; resuming it only finishes what is missing (the test evaluation)
  const lastEpoch = history.stoppedEarly ? state.epochsDone : config.epochs;

  let lastYield = performance.now();

  for (let epoch = state.epochsDone + 1; epoch <= lastEpoch; epoch++) {
    const start = performance.now();
    onEvent?.({ type: 'epochStart', epoch, epochs: config.epochs, batches: perEpoch });
    let lossSum = 0;
    let correct = 0;
    let lr = schedule(state.step);
    let b = 0;
    for (const batch of batches(train, shuffledIndices(train.count, config.seed, epoch), config.batchSize)) {
      b++;
      lr = schedule(state.step);
      const r = await learner.trainStep(batch, lr);
      if (!Number.isFinite(r.lossSum)) {
        throw new DivergedError(
          `the loss became ${r.lossSum} at epoch ${epoch}, batch ${b}/${perEpoch} (lr ${lr}); try a lower learning rate, e.g. --lr ${Number((config.lr / 10).toPrecision(2))}` +
            (outDir && state.epochsDone > 0 ? `; the checkpoint of epoch ${state.epochsDone} in ${outDir} is kept` : ''),
        );
      }
      lossSum += r.lossSum;
      correct += r.correct;
      state.step++;
      onEvent?.({ type: 'batch', epoch, batch: b, batches: perEpoch, loss: r.lossSum / batch.size, lr });
      // let signal handlers and timers run (and Ctrl-C be seen) at least every 10 ms, counted
      // across epochs: a jitted epoch of a small subset can take less than that
      if (performance.now() - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
        if (options.shouldStop?.()) return { history, interrupted: true };
      }
    }
    const val = await evaluateSplit(learner, validation);
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / train.count,
      trainAccuracy: correct / train.count,
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      lr,
      seconds: (performance.now() - start) / 1000,
    };
    history.history.push(record);
    state.epochsDone = epoch;

    let stop = false;
    if (config.earlyStopping !== null) {
      const value = config.monitor === 'val-accuracy' ? val.accuracy : val.loss;
      if (state.best === null || sign * (state.best.value - value) > config.minDelta) {
        state.best = { value, epoch };
        state.epochsWithoutImprovement = 0;
        best = await learner.weights();
      } else {
        state.epochsWithoutImprovement++;
        stop = state.epochsWithoutImprovement >= config.earlyStopping;
      }
    }
    if (stop && best && state.best) {
      // restore the best weights before the final checkpoint, as Keras's restore_best_weights
      await learner.loadWeights(best);
      history.stoppedEarly = { epoch, reason: `${config.monitor} did not improve by more than ${config.minDelta} for ${config.earlyStopping} epochs; restored the weights of epoch ${state.best.epoch}` };
      onEvent?.({ type: 'earlyStop', epoch, bestEpoch: state.best.epoch, monitor: config.monitor, best: state.best.value });
    }
    if (outDir) {
      writeCheckpoint(outDir, { config, impl: learner.impl, weights: await learner.weights(), optimizer: optimizerRecord(await learner.optimizerState()), history, state, best });
    }
    onEvent?.({ type: 'epochEnd', record, epochs: config.epochs });
    if (stop) break;
    if (performance.now() - lastYield >= yieldEveryMs) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    if (options.shouldStop?.()) return { history, interrupted: true };
  }

  let last: Record<string, TensorData> | undefined;
  if (config.earlyStopping !== null && best && history.stoppedEarly == null) {
    last = await learner.weights();
    await learner.loadWeights(best);
  }
  if (options.test) {
    // the test split is evaluated in chunks with a look at shouldStop between them: a Ctrl-C here stops
    // the run with every epoch saved, and a resume does only this evaluation
    const stopped = async () => {
      await yieldToEventLoop();
      return options.shouldStop?.() ?? false;
    };
    const test = await evaluateChunks(learner, options.test, 1000, stopped);
    if (test === null) return { history, interrupted: true };
    history.testAccuracy = test.accuracy;
    if (outDir) {
      writeCheckpoint(outDir, { config, impl: learner.impl, weights: await learner.weights(), optimizer: optimizerRecord(await learner.optimizerState()), history, state, best, ...(last ? { last } : {}) });
    }
  }
  return { history, interrupted: false };
}
