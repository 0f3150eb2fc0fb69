// The training worker: loads MNIST, trains the chosen implementation of the network with nabla's fit on the wasm backend, and reports each batch and epoch.

import type { TensorData } from '../../../src/core/tensor-data.js';
import { splitValidation, subset } from '../../../src/data/dataset.js';
import { AutogradLearner } from '../../../src/mnist/autograd.js';
import { ScratchLearner } from '../../../src/mnist/scratch.js';
import type { TrainConfig } from '../../../src/train/config.js';
import { fit } from '../../../src/train/fit.js';
import type { Learner } from '../../../src/train/learner.js';
import { fetchMnistSplit } from '../mnist-data.js';
import { useWasmBackend } from '../wasm-backend.js';
import type { FromWorker, ToWorker } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);

// fit yields to the event loop with setImmediate (Node); a MessageChannel task is the browser's
// equivalent (setTimeout is clamped to 4 ms once nested), and lets pause and stop messages in
installSetImmediate();

function installSetImmediate(): void {
  const g = globalThis as { setImmediate?: (callback: () => void) => void };
  if (g.setImmediate) return;
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (callback) => {
    queue.push(callback);
    channel.port2.postMessage(null);
  };
}

let paused = false;
let stopped = false;
let wake: (() => void) | null = null;

/** Resolves at once unless paused; then when resumed or stopped. */
function gate(): Promise<void> | undefined {
  if (!paused || stopped) return undefined;
  return new Promise((resolve) => {
    wake = resolve;
  });
}

function release(): void {
  wake?.();
  wake = null;
}

/** Copies of the weights (posting a view into wasm memory would clone the whole memory). */
function copyWeights(weights: Record<string, TensorData>): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(weights)) out[name] = { data: t.data.slice(), shape: [...t.shape], dtype: t.dtype };
  return out;
}

async function weightsOf(learner: Learner): Promise<Record<string, TensorData>> {
  return copyWeights(await learner.weights());
}

/** The learner, with every step waiting while the run is paused. */
function pausable(inner: Learner): Learner {
  const wrapped = Object.create(inner) as Learner;
  return Object.assign(wrapped, {
    impl: inner.impl,
    trainStep: async (batch: Parameters<Learner['trainStep']>[0], lr: number) => {
      await gate();
      return inner.trainStep(batch, lr);
    },
  });
}

async function train(config: TrainConfig, mnistBase: string): Promise<void> {
  paused = false;
  stopped = false;
  const flavour = await useWasmBackend();
  post({ type: 'backend', flavour });
  post({ type: 'status', text: `wasm backend (${flavour}); loading MNIST…` });
  const [full, test] = await Promise.all([fetchMnistSplit(mnistBase, 'train'), fetchMnistSplit(mnistBase, 'test')]);
  const { train: rest, validation } = splitValidation(full, config.valSize);
  const trainSplit = config.trainSize === null ? rest : subset(rest, config.trainSize);
  post({ type: 'status', text: `training ${config.impl} on ${trainSplit.count.toLocaleString('en-US')} images, validating on ${validation.count.toLocaleString('en-US')}` });
  let inner: Learner;
  let backend = 'wasm';
  if (config.impl === 'tfjs') {
    // TensorFlow.js is fetched only when asked for (its own chunk, about a megabyte)
    const { createBrowserTfjsLearner } = await import('./tfjs-learner.js');
    ({ learner: inner, backend } = await createBrowserTfjsLearner(config));
    post({ type: 'backend', flavour: backend });
  } else {
    inner = config.impl === 'scratch' ? new ScratchLearner(config) : new AutogradLearner(config);
  }
  const learner = pausable(inner);
  let lastBatchPost = 0;
  const epochSeconds: number[] = [];
  const result = await fit({
    config,
    learner,
    train: trainSplit,
    validation,
    test,
    outDir: null,
    backend,
    shouldStop: () => stopped,
    onEvent: (event) => {
      if (event.type === 'epochStart') post(event);
      else if (event.type === 'batch') {
        const now = performance.now();
        if (now - lastBatchPost > 100 || event.batch === event.batches) {
          lastBatchPost = now;
          post({ type: 'batch', epoch: event.epoch, batch: event.batch, batches: event.batches, loss: event.loss });
        }
      } else if (event.type === 'epochEnd') {
        epochSeconds.push(event.record.seconds);
        // read now, before the next step changes them (both learners here return them synchronously)
        const weights = inner.weights();
        if (weights instanceof Promise) throw new Error(`${inner.impl}: weights are read asynchronously`);
        post({ type: 'epochEnd', record: event.record, epochs: event.epochs, weights: copyWeights(weights) });
      }
    },
  });
  post({ type: 'done', history: result.history, interrupted: result.interrupted, weights: await weightsOf(inner), epochSeconds });
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'train':
      train(message.config, message.mnistBase).catch((error: unknown) => post({ type: 'error', message: (error as Error).message }));
      break;
    case 'pause':
      paused = true;
      break;
    case 'resume':
      paused = false;
      release();
      break;
    case 'stop':
      stopped = true;
      release();
      break;
  }
};
