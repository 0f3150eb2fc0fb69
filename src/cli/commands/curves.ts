// `nabla curves size|complexity|epochs`: learning curves from real trainings on MNIST, resumable, charted.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backendNames } from '../../backend/select.js';
import { loadMnist } from '../../data/mnist.js';
import { curveKinds, type CurveKind, type CurvePoint, type CurveResult, type CurveSpec } from '../../labs/curves.js';
import { writeCurveFiles } from '../../labs/curves-files.js';
import { checkCurveSpec, curveDefaults } from '../../labs/curves-spec.js';
import { openCurveStore } from '../../labs/curves-store.js';
import { runSweep, type SweepEvent } from '../../labs/curves-sweep.js';
import { curveData } from '../../labs/curves-train.js';
import { activationNames } from '../../nn/activations.js';
import { initNames } from '../../nn/init.js';
import { parseSchedule } from '../../optim/schedules.js';
import { implNames, lossNames, optimizerNames, type TrainConfig } from '../../train/config.js';
import { action, UsageError } from '../errors.js';
import { intList, nonNegative, number, oneOf, positive, positiveInt } from '../options.js';

interface CurvesFlags {
  points?: number[];
  repeats?: number;
  seed: number;
  quick?: boolean;
  json?: boolean;
  out?: string;
  trainSize?: number;
  labelNoise?: number;
  depth?: boolean;
  width?: number;
  steps?: number;
  epochs?: number;
  patience?: number;
  impl?: TrainConfig['impl'];
  hidden?: number[];
  activation?: TrainConfig['activation'];
  init?: TrainConfig['init'];
  loss?: TrainConfig['loss'];
  optimizer?: TrainConfig['optimizer'];
  lr?: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  batchSize?: number;
  schedule?: string;
  monitor?: TrainConfig['monitor'];
  minDelta?: number;
  valSize?: number;
  data?: string;
  dtype?: TrainConfig['dtype'];
}

const examples = `
Examples:
  $ nabla curves size --quick                     # a coarse first look (under a minute)
  $ nabla curves size                             # 100 to 50,000 images, 2 seeds each
  $ nabla curves complexity                       # width 1 to 1,024 on 1,000 images
  $ nabla curves complexity --label-noise 0.2     # 20% wrong labels: look for a second descent
  $ nabla curves complexity --depth               # 1 to 8 hidden layers of 64 units
  $ nabla curves epochs --weight-decay 0.001      # overfitting per epoch, early stopping and L2 compared
  $ nabla curves size --points 100,300,1000 --repeats 3 --json > size.json

What each sweep trains (every flag below changes it):
  size        the course network (784-128-64-10 sigmoid, SGD lr 0.1 momentum 0.9, batch 64) on the
              first N training images; each size stops early on validation loss (--patience 5
              epochs, never under 300 steps) after at most --steps 8000 steps, restoring its best
              weights, so a small set is neither cut short nor trained into the ground.
  complexity  one ReLU hidden layer (Adam lr 0.001) on --train-size 1000 images, every width trained
              for the same --steps 3000 steps with no early stopping; marks the width with the lowest
              validation error and the interpolation threshold (the first width with zero training
              error on every seed).
  epochs      784-512-10 ReLU (Adam lr 0.001) on 1,000 images with --label-noise 0.2, 100 epochs;
              marks where early stopping (--patience 10, on validation error) stops and the epoch it
              restores, and reports test error with and without it; --weight-decay L adds an L2 run.
Validation is the last --val-size 5000 training images; test is the 10,000 test images. Error
rate means the share misclassified. Label noise gives the chosen share of training labels a
random wrong class (validation and test stay clean).

Output: DIR (--out, default runs/curves-<kind>) keeps every finished point under points/, keyed by
kind, x, seed and the full configuration, so an interrupted sweep continues where it stopped and a
rerun with more points or seeds trains only the new ones. At the end DIR gets <kind>.json,
<kind>.csv, <kind>.svg and <kind>.png.

Cost (measured on a 2-core machine shared with other work, so wall times are inflated; the CPU
time of this single-threaded process is the better guide to an idle machine):
  size        7m 26s wall, 2m 16s CPU (load average about 8)
  complexity  13m 56s wall, 7m 48s CPU (load about 8); with --label-noise 0.2: 7m 08s wall, 6m 50s CPU
  epochs      3m 17s wall, 3m 15s CPU
  --quick     size 31 s wall, complexity 9 s, epochs 12 s (start-up and reading MNIST included)
Points run one after another, on one core.`;

/** Registers `nabla curves`. */
export function registerCurves(program: Command): void {
  program
    .command('curves')
    .description('learning curves from real MNIST trainings: error against training-set size, model complexity, or epochs')
    .argument('<kind>', `what to sweep: ${curveKinds.join(', ')}`, oneOf('<kind>', curveKinds))
    .option('--points <list>', 'x values, comma-separated (sizes, widths or depths; default per kind)', intList('--points'))
    .option('--repeats <n>', 'seeds per point (default 2; --quick 1)', positiveInt('--repeats'))
    .option('--seed <n>', 'first seed (the others follow)', number('--seed', Number.isInteger, 'an integer'), 1)
    .option('--quick', 'a coarse sweep for a first look (fewer points, seeds and steps)')
    .option('--out <dir>', 'sweep directory (default runs/curves-<kind>); reused points are not trained again')
    .option('--json', 'print {kind, axis, points, marks, config, …} on stdout')
    .option('--train-size <n>', 'complexity, epochs: training images (default 1000; --quick 500)', positiveInt('--train-size'))
    .option('--label-noise <p>', 'share of training labels given a random wrong class (default 0; epochs 0.2)', number('--label-noise', (v) => v >= 0 && v < 1, 'a fraction in [0, 1)'))
    .option('--depth', 'complexity: sweep the number of hidden layers instead of the width')
    .option('--width <n>', 'complexity --depth: units in each hidden layer (default 64)', positiveInt('--width'))
    .option('--steps <n>', 'size: most optimizer steps per size (default 8000); complexity: steps per width (default 3000)', positiveInt('--steps'))
    .option('--epochs <n>', 'epochs: epochs of the run (default 100; --quick 30)', positiveInt('--epochs'))
    .option('--patience <n>', 'size, epochs: early-stopping patience in epochs (default 5; epochs 10)', positiveInt('--patience'))
    .option('--impl <name>', `implementation: ${implNames.join(', ')}`, oneOf('--impl', implNames))
    .option('--hidden <widths>', 'size, epochs: hidden layer widths (default 128,64 for size, 512 for epochs)', intList('--hidden'))
    .option('--activation <name>', `hidden activation: ${activationNames.join(', ')}`, oneOf('--activation', activationNames))
    .option('--init <name>', `weight initialiser: ${initNames.join(', ')}`, oneOf('--init', initNames))
    .option('--loss <name>', `loss: ${lossNames.join(', ')}`, oneOf('--loss', lossNames))
    .option('--optimizer <name>', `optimizer: ${optimizerNames.join(', ')}`, oneOf('--optimizer', optimizerNames))
    .option('--lr <rate>', 'learning rate', positive('--lr'))
    .option('--momentum <m>', 'momentum (sgd, rmsprop)', nonNegative('--momentum'))
    .option('--nesterov', 'Nesterov momentum (sgd)')
    .option('--weight-decay <l2>', 'weight decay (epochs: the L2 of a second run drawn on the same chart)', nonNegative('--weight-decay'))
    .option('--batch-size <n>', 'batch size', positiveInt('--batch-size'))
    .option('--schedule <spec>', 'learning-rate schedule, as for nabla train')
    .option('--monitor <metric>', 'early stopping watches val-loss or val-accuracy (default val-loss; epochs val-accuracy)', oneOf('--monitor', ['val-loss', 'val-accuracy'] as const))
    .option('--min-delta <d>', 'smallest change that counts as an improvement', nonNegative('--min-delta'))
    .option('--val-size <n>', 'validation images, from the end of the training file (default 5000; --quick 2000); every curve needs some', positiveInt('--val-size'))
    .option('--data <dir>', 'dataset directory with MNIST-style IDX files (default: the real MNIST)')
    .option('--dtype <dtype>', 'float32 or float64', oneOf('--dtype', ['float32', 'float64'] as const))
    .option('--backend <name>', 'kernels: wasm, reference or auto (default; also NABLA_BACKEND)', oneOf('--backend', backendNames))
    .addHelpText('after', examples)
    .action(action('curves', async (kind: CurveKind, flags: CurvesFlags) => curvesCommand(kind, flags)));
}

// Flags that belong to one kind only: a flag given to the wrong kind is an error, not silently ignored.
const onlyFor: Array<[keyof CurvesFlags, string, readonly CurveKind[]]> = [
  ['trainSize', '--train-size', ['complexity', 'epochs']],
  ['depth', '--depth', ['complexity']],
  ['width', '--width', ['complexity']],
  ['steps', '--steps', ['size', 'complexity']],
  ['epochs', '--epochs', ['epochs']],
  ['patience', '--patience', ['size', 'epochs']],
  ['points', '--points', ['size', 'complexity']],
];

/** The sweep the flags ask for: the kind's defaults with every given flag laid over them. */
export function specFromFlags(kind: CurveKind, flags: CurvesFlags): CurveSpec {
  for (const [key, name, kinds] of onlyFor) {
    if (flags[key] !== undefined && !kinds.includes(kind)) throw new UsageError(`${name} applies to ${kinds.join(' and ')}, not ${kind}`);
  }
  if (flags.width !== undefined && !flags.depth) throw new UsageError('--width sets the layer width of --depth; for a width sweep use --points');
  if (kind === 'complexity' && flags.hidden !== undefined) throw new UsageError('--hidden is the swept axis of complexity; choose widths with --points (or layers with --depth --points)');
  const d = curveDefaults(kind, { quick: flags.quick, depth: flags.depth });
  const impl = flags.impl ?? d.base.impl;
  const base: TrainConfig = {
    ...d.base,
    impl,
    hidden: flags.hidden ?? d.base.hidden,
    activation: flags.activation ?? d.base.activation,
    init: flags.init ?? d.base.init,
    loss: flags.loss ?? (impl === 'scratch' ? 'mse' : d.base.loss),
    optimizer: flags.optimizer ?? d.base.optimizer,
    lr: flags.lr ?? d.base.lr,
    momentum: flags.momentum ?? d.base.momentum,
    nesterov: flags.nesterov ?? d.base.nesterov,
    weightDecay: kind === 'epochs' ? 0 : (flags.weightDecay ?? d.base.weightDecay),
    batchSize: flags.batchSize ?? d.base.batchSize,
    schedule: flags.schedule ?? d.base.schedule,
    monitor: flags.monitor ?? d.base.monitor,
    minDelta: flags.minDelta ?? d.base.minDelta,
    valSize: flags.valSize ?? d.base.valSize,
    data: flags.data ? resolve(flags.data) : null,
    dtype: flags.dtype ?? d.base.dtype,
  };
  if (base.nesterov && (base.optimizer !== 'sgd' || base.momentum <= 0)) throw new UsageError('--nesterov needs --optimizer sgd and --momentum > 0');
  parseSchedule(base.schedule, base.lr, 1); // a bad schedule fails before any training
  return {
    kind,
    axis: d.axis,
    points: flags.points ?? d.points,
    repeats: flags.repeats ?? d.repeats,
    seed: flags.seed,
    base,
    trainSize: flags.trainSize ?? d.trainSize,
    depthWidth: flags.width ?? d.depthWidth,
    labelNoise: flags.labelNoise ?? d.labelNoise,
    budget: {
      maxSteps: flags.steps ?? d.budget.maxSteps,
      epochs: flags.epochs ?? d.budget.epochs,
      patience: flags.patience ?? d.budget.patience,
      patienceSteps: d.budget.patienceSteps,
    },
    weightDecayComparison: kind === 'epochs' && flags.weightDecay !== undefined && flags.weightDecay > 0 ? flags.weightDecay : null,
  };
}

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m ${String(Math.round(seconds - 60 * m)).padStart(2, '0')}s`;
}

function xLabel(spec: CurveSpec, x: number): string {
  switch (spec.axis) {
    case 'train-size':
      return `${x.toLocaleString('en-US')} images`;
    case 'width':
      return `width ${x}`;
    case 'depth':
      return `${x} layer${x === 1 ? '' : 's'} of ${spec.depthWidth}`;
    case 'epoch':
      return `${x} epochs`;
  }
}

/** One line per finished point: "[ 3/18] 1,000 images, seed 2: train 0.0%  test 9.8%  (12s)  ETA 2m 10s". */
function progressLine(spec: CurveSpec, event: Extract<SweepEvent, { type: 'pointDone' }>): string {
  const { task, result: r } = event;
  const width = String(event.total).length;
  const what = `${xLabel(spec, task.x)}${task.variant === 'weight-decay' ? `, L2 ${spec.weightDecayComparison}` : ''}, seed ${task.seed}`;
  const cost = event.reused ? 'saved before' : `${r.epochs} epochs, ${r.seconds.toFixed(1)}s`;
  const eta = event.done === event.total ? `done in ${duration(event.elapsed)}` : event.eta === null ? '' : `ETA ${duration(event.eta)}`;
  return `[${String(event.done).padStart(width)}/${event.total}] ${what}: train ${pct(r.train)}  val ${pct(r.validation)}  test ${pct(r.test)}  (${cost})  ${eta}`.trimEnd();
}

/** The human summary: a table of the curve and its marks. */
export function formatCurve(result: CurveResult): string {
  const lines: string[] = [];
  const head = result.axis === 'epoch' ? 'epoch' : result.axis;
  // an epochs curve is long: every k-th epoch (at most about 20 rows), the last one and the marked ones
  const marked = new Set([result.marks.bestEpoch, result.marks.earlyStopEpoch]);
  const step = Math.max(1, Math.ceil(result.points.length / 20));
  const shown = (p: CurvePoint, i: number, all: readonly CurvePoint[]) => result.axis !== 'epoch' || (i + 1) % step === 0 || i === 0 || i === all.length - 1 || marked.has(p.x);
  const table = (points: CurveResult['points']) => {
    lines.push(`${head.padStart(10)}  ${'train'.padStart(7)}  ${'val'.padStart(7)}  ${'test'.padStart(7)}`);
    for (const p of points.filter(shown)) lines.push(`${String(p.x).padStart(10)}  ${pct(p.train.mean).padStart(7)}  ${pct(p.validation?.mean ?? NaN).padStart(7)}  ${pct(p.test.mean).padStart(7)}`);
  };
  table(result.points);
  if (result.weightDecay) {
    lines.push(`with L2 ${result.weightDecay.lambda}:`);
    table(result.weightDecay.points);
  }
  const m = result.marks;
  if (m.best !== undefined) lines.push(`lowest validation error at ${m.best}`);
  if (m.interpolationThreshold !== undefined) lines.push(m.interpolationThreshold === null ? 'no point reached zero training error' : `interpolation threshold (first zero training error) at ${m.interpolationThreshold}`);
  if (m.bestEpoch !== undefined) {
    lines.push(
      m.earlyStopEpoch === null
        ? `early stopping (patience ${result.config.budget.patience}) would not stop; best epoch ${m.bestEpoch}`
        : `early stopping (patience ${result.config.budget.patience}) stops at epoch ${m.earlyStopEpoch} and restores epoch ${m.bestEpoch}`,
    );
  }
  const s = result.summary;
  if (s) {
    lines.push(`test error: ${pct(s.testErrorFinal)} after the last epoch, ${pct(s.testErrorEarlyStopping)} with early stopping` + (s.testErrorWeightDecay !== undefined ? `, ${pct(s.testErrorWeightDecay)} with L2 ${result.weightDecay?.lambda}` : ''));
  }
  return lines.join('\n') + '\n';
}

async function curvesCommand(kind: CurveKind, flags: CurvesFlags): Promise<void> {
  const spec = specFromFlags(kind, flags);
  checkCurveSpec(spec, Number.MAX_SAFE_INTEGER); // every bound that needs no data, before the data is read
  const dataset = loadMnist({ dir: spec.base.data ?? undefined, numClasses: spec.base.output });
  const pixels = dataset.train.rows * dataset.train.cols;
  if (pixels !== spec.base.input) throw new UsageError(`the dataset has ${pixels} pixels per image, the network expects ${spec.base.input}`);
  if (!(spec.base.valSize < dataset.train.count)) throw new UsageError(`--val-size ${spec.base.valSize} leaves no training images out of ${dataset.train.count}`);
  const data = curveData(dataset, spec.base.valSize);
  checkCurveSpec(spec, data.pool.count);
  const dir = flags.out ?? `runs/curves-${kind}`;
  const store = openCurveStore(dir);

  const log = flags.json ? process.stderr : process.stdout;
  const tty = log.isTTY === true && !process.env.CI;
  log.write(`curves ${kind}: ${spec.axis === 'epoch' ? `${spec.budget.epochs} epochs` : `${spec.points.length} points`} × ${spec.repeats} seed${spec.repeats === 1 ? '' : 's'} → ${dir}\n`);
  const result = await runSweep({
    spec, data, store,
    onEvent: (event) => {
      if (event.type === 'epoch' && tty) log.write(`\r\x1b[K[${event.index + 1}/${event.total}] ${xLabel(spec, event.task.x)}, seed ${event.task.seed}: epoch ${event.epoch}/${event.epochs}`);
      if (event.type === 'pointDone') log.write(`${tty ? '\r\x1b[K' : ''}${progressLine(spec, event)}\n`);
    },
  });
  const files = await writeCurveFiles(dir, result);
  if (flags.json) {
    process.stdout.write(JSON.stringify({ kind: result.kind, axis: result.axis, points: result.points, marks: result.marks, config: result.config, ...(result.summary ? { summary: result.summary } : {}), ...(result.weightDecay ? { weightDecay: result.weightDecay } : {}) }, null, 2) + '\n');
  } else {
    log.write(formatCurve(result));
    log.write(`saved ${files.join(', ')}\n`);
  }
}
