// Seconds per epoch of the course recipe (784-128-64-10 sigmoid, batch 64) for scratch, autograd and tfjs, side by side.

import { getBackend } from '../src/backend/registry.js';
import { batches, shuffledIndices, splitValidation } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/mnist.js';
import { createLearner } from '../src/mnist/learners.js';
import { defaultConfig, type ImplName, type TrainConfig } from '../src/train/config.js';
import type { Learner } from '../src/train/learner.js';

export interface ThreeWaysFigure {
  impl: ImplName;
  /** nabla's backend, or tfjs-wasm / tfjs-cpu. */
  backend: string;
  loss: TrainConfig['loss'];
  msPerStep: number;
  /** ms to evaluate 1,000 images. */
  msPerThousandEval: number;
  /** Extrapolated: 782 steps over 50,000 images plus evaluating the 10,000 validation images, as `nabla train` times an epoch. */
  secondsPerEpoch: number;
  stepsTimed: number;
}

export interface ThreeWaysOptions {
  /** Steps timed per implementation after 3 warm-up steps (default 60; an epoch is 782). */
  steps?: number;
  impls?: ImplName[];
  /** TensorFlow.js backends to time (default both; cpu is about 3× slower than wasm, so it gets a tenth of the steps). */
  tfjsBackends?: Array<'wasm' | 'cpu'>;
  /** The loss for all three (default the recipe's cross-entropy, so the work is the same). */
  loss?: TrainConfig['loss'];
}

/**
 * Times the default recipe (SGD lr 0.1 momentum 0.9, float32) for each implementation on real
 * MNIST batches and extrapolates to one epoch of 50,000 training and 10,000 validation images.
 * Partial epochs are timed, so the figures are per-step rates scaled to an epoch.
 */
export async function benchThreeWays(options: ThreeWaysOptions = {}): Promise<ThreeWaysFigure[]> {
  const stepsWanted = options.steps ?? 60;
  const impls = options.impls ?? ['scratch', 'autograd', 'tfjs'];
  const mnist = loadMnist();
  const { train, validation } = splitValidation(mnist.train, defaultConfig.valSize);
  const stepsPerEpoch = Math.ceil(train.count / defaultConfig.batchSize);
  const order = shuffledIndices(train.count, defaultConfig.seed, 1);
  const evalCount = 2000;
  const evalBatch = { images: validation.images.subarray(0, evalCount * 784), labels: validation.labels.subarray(0, evalCount), size: evalCount };
  const figures: ThreeWaysFigure[] = [];

  const runs = impls.flatMap((impl): Array<{ impl: ImplName; tfjsBackend: 'wasm' | 'cpu' | undefined }> => (impl === 'tfjs' ? (options.tfjsBackends ?? ['wasm', 'cpu']).map((tfjsBackend) => ({ impl, tfjsBackend })) : [{ impl, tfjsBackend: undefined }]));
  for (const { impl, tfjsBackend } of runs) {
    const config: TrainConfig = { ...defaultConfig, impl, loss: options.loss ?? defaultConfig.loss };
    const learner: Learner = tfjsBackend ? await (await import('../src/mnist/tfjs.js')).createTfjsLearner(config, { backend: tfjsBackend }) : await createLearner(config);
    const steps = tfjsBackend === 'cpu' ? Math.max(5, Math.round(stepsWanted / 10)) : stepsWanted;
    try {
      const it = batches(train, order, config.batchSize);
      for (let i = 0; i < 3; i++) await learner.trainStep(it.next().value!, config.lr); // warm-up: JIT, wasm start
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await learner.trainStep(it.next().value!, config.lr);
      const msPerStep = (performance.now() - t0) / steps;
      // warm-up at the timed batch size (autograd traces and compiles once per batch size)
      await learner.evaluate({ ...evalBatch, size: 1000, images: evalBatch.images.subarray(0, 1000 * 784), labels: evalBatch.labels.subarray(0, 1000) });
      const t1 = performance.now();
      for (let start = 0; start < evalCount; start += 1000) {
        await learner.evaluate({ images: evalBatch.images.subarray(start * 784, (start + 1000) * 784), labels: evalBatch.labels.subarray(start, start + 1000), size: 1000 });
      }
      const msPerThousandEval = (performance.now() - t1) / (evalCount / 1000);
      figures.push({
        impl,
        backend: (learner as { backendLabel?: string }).backendLabel ?? getBackend().name,
        loss: config.loss,
        msPerStep,
        msPerThousandEval,
        secondsPerEpoch: (msPerStep * stepsPerEpoch + msPerThousandEval * (validation.count / 1000)) / 1000,
        stepsTimed: steps,
      });
    } finally {
      learner.close?.();
    }
  }
  printThreeWays(figures);
  return figures;
}

export function printThreeWays(figures: ThreeWaysFigure[]): void {
  console.log('\nthe course network three ways: 784-128-64-10 sigmoid, batch 64, sgd momentum 0.9, float32');
  console.log(`(${figures.map((f) => f.stepsTimed).join('/')} steps timed after 3 warm-up steps, extrapolated to 782 steps + 10,000 validation images per epoch)`);
  console.log('impl       backend        ms/step   ms/1k eval   s/epoch   vs tfjs');
  const peer = figures.find((f) => f.backend === 'tfjs-wasm') ?? figures.find((f) => f.impl === 'tfjs');
  for (const f of figures) {
    const ratio = peer ? `${(peer.secondsPerEpoch / f.secondsPerEpoch).toFixed(2)}x` : '—';
    console.log(
      `${f.impl.padEnd(10)} ${f.backend.padEnd(12)} ${f.msPerStep.toFixed(2).padStart(9)} ${f.msPerThousandEval.toFixed(1).padStart(12)} ${f.secondsPerEpoch.toFixed(1).padStart(9)} ${ratio.padStart(9)}`,
    );
  }
}
