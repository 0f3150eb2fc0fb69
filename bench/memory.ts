// Memory over a long run: the course recipe (autograd, wasm) for 50 epochs on a small subset, RSS and heap every 5 epochs.

import { pathToFileURL } from 'node:url';
import { getBackend, setBackend } from '../src/backend/registry.js';
import { selectBackend } from '../src/backend/select.js';
import { installNodeWasmLoader } from '../src/backend/wasm/node-loader.js';
import { batches, shuffledIndices, subset } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/mnist.js';
import { AutogradLearner } from '../src/mnist/autograd.js';
import { defaultConfig } from '../src/train/config.js';

export interface MemorySample {
  epoch: number;
  /** Resident set size, MiB. */
  rssMiB: number;
  /** V8 heap in use, MiB (after a full GC when node runs with --expose-gc). */
  heapUsedMiB: number;
  /** Memory of ArrayBuffers (typed arrays, wasm memory), MiB. */
  arrayBuffersMiB: number;
  /** Seconds since training began. */
  seconds: number;
}

export interface MemoryOptions {
  epochs?: number;
  /** Training images per epoch (the first of MNIST's training set). */
  trainImages?: number;
  /** Validation images evaluated after each epoch, as a run does. */
  validationImages?: number;
  /** Sample every this many epochs (and after the first). */
  every?: number;
}

export interface MemoryResult {
  backend: string;
  gcExposed: boolean;
  samples: MemorySample[];
  /** The epoch growth is measured from (`every`, or the first sample). */
  warmEpoch: number;
  /** RSS and heap at the last sample minus at `warmEpoch`: the growth once warm. */
  rssGrowthMiB: number;
  heapGrowthMiB: number;
}

const MiB = 1024 * 1024;

/** Trains the default recipe on the wasm backend (the reference where wasm is unavailable) and samples memory. */
export function benchMemory(options: MemoryOptions = {}): MemoryResult {
  const { epochs = 50, trainImages = 2000, validationImages = 500, every = 5 } = options;
  installNodeWasmLoader();
  const previous = setBackend(selectBackend());
  try {
    const mnist = loadMnist();
    const train = subset(mnist.train, trainImages);
    const validation = subset(mnist.test, validationImages);
    const config = { ...defaultConfig };
    const learner = new AutogradLearner(config);
    const gc = (globalThis as { gc?: () => void }).gc;
    const samples: MemorySample[] = [];
    const start = performance.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (const batch of batches(train, shuffledIndices(train.count, config.seed, epoch), config.batchSize)) {
        learner.trainStep(batch, config.lr);
      }
      for (const batch of batches(validation, shuffledIndices(validation.count, config.seed, 0), 1000)) learner.evaluate(batch);
      if (epoch === 1 || epoch % every === 0 || epoch === epochs) {
        gc?.();
        const m = process.memoryUsage();
        samples.push({
          epoch, rssMiB: m.rss / MiB, heapUsedMiB: m.heapUsed / MiB, arrayBuffersMiB: m.arrayBuffers / MiB,
          seconds: (performance.now() - start) / 1000,
        });
      }
    }
    const warm = samples.find((s) => s.epoch === every) ?? samples[0];
    const last = samples[samples.length - 1];
    return {
      backend: getBackend().name, gcExposed: gc !== undefined, samples, warmEpoch: warm.epoch,
      rssGrowthMiB: last.rssMiB - warm.rssMiB, heapGrowthMiB: last.heapUsedMiB - warm.heapUsedMiB,
    };
  } finally {
    setBackend(previous);
  }
}

export function printMemory(r: MemoryResult): void {
  const last = r.samples[r.samples.length - 1];
  console.log(`\nmemory over ${last.epoch} epochs: the course recipe (autograd, ${r.backend}) on a subset${r.gcExposed ? ', sampled after a full GC' : ' (run node with --expose-gc to sample after a full GC)'}`);
  console.log(`${'epoch'.padStart(6)} ${'RSS MiB'.padStart(9)} ${'heap MiB'.padStart(9)} ${'buffers MiB'.padStart(12)} ${'s'.padStart(7)}`);
  for (const s of r.samples) {
    console.log(`${String(s.epoch).padStart(6)} ${s.rssMiB.toFixed(1).padStart(9)} ${s.heapUsedMiB.toFixed(1).padStart(9)} ${s.arrayBuffersMiB.toFixed(1).padStart(12)} ${s.seconds.toFixed(1).padStart(7)}`);
  }
  console.log(`growth once warm (epoch ${r.warmEpoch} -> ${last.epoch}): RSS ${signed(r.rssGrowthMiB)} MiB, heap ${signed(r.heapGrowthMiB)} MiB`);
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  printMemory(benchMemory({
    epochs: Number(arg('epochs') ?? 50),
    trainImages: Number(arg('train') ?? 2000),
  }));
}
