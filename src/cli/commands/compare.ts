// `nabla compare`: draws several training runs on one chart (accuracy or loss per epoch).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { chartFormatOf, compareRunsSpec, renderChart } from '../../plot/index.js';
import type { CurveMetric, TopLevelSpec } from '../../plot/index.js';
import { runFiles } from '../../train/checkpoint.js';
import type { TrainConfig } from '../../train/config.js';
import type { RunHistory } from '../../train/history.js';
import { action, UsageError } from '../errors.js';
import { oneOf } from '../options.js';

interface CompareFlags {
  out?: string;
  metric: CurveMetric;
  labels?: string;
  title?: string;
  json?: boolean;
}

const examples = `
Examples:
  $ nabla train --impl scratch --out runs/scratch && nabla train --impl autograd --out runs/autograd
  $ nabla compare runs/scratch runs/autograd runs/tfjs              # → compare-accuracy.png
  $ nabla compare runs/lr-0.1 runs/lr-0.01 --metric loss --out lr.svg
  $ nabla compare runs/* --labels a,b,c --title "three seeds" --out seeds.png

Each RUN_DIR is a directory written by nabla train (it holds history.json). Lines are named by
what differs between the runs' configurations (e.g. "impl tfjs", "lr 0.01"), or by --labels.
Solid lines are training, dashed lines validation.`;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('draw several training runs on one chart: accuracy or loss per epoch, train and validation')
    .argument('<run-dirs...>', 'run directories written by nabla train')
    .option('--out <file>', 'chart file, .svg or .png (default compare-<metric>.png)')
    .option('--metric <name>', 'accuracy or loss', oneOf('--metric', ['accuracy', 'loss'] as const), 'accuracy')
    .option('--labels <names>', 'comma-separated names for the runs, in order')
    .option('--title <text>', 'chart title')
    .option('--json', 'print {out, runs: [...]} as JSON instead of the table')
    .addHelpText('after', examples)
    .action(action('compare', async (dirs: string[], flags: CompareFlags) => compareCommand(dirs, flags)));
}

/** A run directory's history.json, checked enough to chart; errors are one line naming the directory. */
export function readRunHistory(dir: string): RunHistory {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory (expected a run directory written by nabla train)`);
  const path = join(dir, runFiles.history);
  if (!existsSync(path)) throw new UsageError(`${dir}: no ${runFiles.history} (not a run directory written by nabla train, or no epoch finished yet)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const h = parsed as Partial<RunHistory> | null;
  if (h === null || typeof h !== 'object' || !Array.isArray(h.history) || typeof h.config !== 'object' || h.config === null) {
    throw new UsageError(`${path}: not a nabla run history (expected impl, config and history)`);
  }
  if (h.history.length === 0) throw new UsageError(`${path}: no finished epoch to draw`);
  for (const r of h.history) {
    if (typeof r?.epoch !== 'number' || typeof r.trainAccuracy !== 'number' || typeof r.trainLoss !== 'number') {
      throw new UsageError(`${path}: an epoch record lacks epoch, trainLoss or trainAccuracy`);
    }
  }
  return h as RunHistory;
}

// configuration fields that name a run when they differ between the runs compared
const labelFields: Array<[keyof TrainConfig, string]> = [
  ['impl', ''], ['hidden', 'hidden'], ['activation', ''], ['loss', ''], ['optimizer', ''], ['lr', 'lr'],
  ['momentum', 'momentum'], ['nesterov', 'nesterov'], ['weightDecay', 'weight decay'], ['batchSize', 'batch'],
  ['schedule', 'schedule'], ['init', 'init'], ['trainSize', 'train size'], ['seed', 'seed'], ['dtype', ''],
];

/** Names for runs: the configuration values that differ between them ("impl tfjs, lr 0.01"), else the directory names. */
export function runLabels(runs: ReadonlyArray<{ dir: string; history: RunHistory }>): string[] {
  const value = (run: { history: RunHistory }, key: keyof TrainConfig): string => {
    const v = key === 'impl' ? run.history.impl ?? run.history.config.impl : run.history.config[key];
    return Array.isArray(v) ? v.join('-') : String(v);
  };
  const differing = labelFields.filter(([key]) => new Set(runs.map((run) => value(run, key))).size > 1);
  return runs.map((run) => {
    if (runs.length < 2 || differing.length === 0) return basename(resolve(run.dir));
    return differing.map(([key, name]) => (name === '' ? value(run, key) : `${name} ${value(run, key)}`)).join(', ');
  });
}

/** One row of the comparison table. */
export interface ComparedRun {
  dir: string;
  label: string;
  impl: string;
  epochs: number;
  valAccuracy: number | null;
  valLoss: number | null;
  testAccuracy: number | null;
  secondsPerEpoch: number | null;
}

/** Reads the runs and builds the chart's spec and the table, without writing anything. */
export function buildComparison(dirs: readonly string[], options: { metric: CurveMetric; labels?: string; title?: string }): { spec: TopLevelSpec; runs: ComparedRun[] } {
  const runs = dirs.map((dir) => ({ dir, history: readRunHistory(dir) }));
  let labels = runLabels(runs);
  if (options.labels !== undefined) {
    const given = options.labels.split(',').map((s) => s.trim());
    if (given.length !== runs.length || given.some((s) => s === '')) {
      throw new UsageError(`--labels must name each of the ${runs.length} runs, comma-separated, got "${options.labels}"`);
    }
    labels = given;
  }
  const spec = compareRunsSpec(
    runs.map((run, i) => ({ label: labels[i], history: run.history.history })),
    options.metric,
    options.title === undefined ? {} : { title: options.title },
  );
  const rows = runs.map((run, i): ComparedRun => {
    const h = run.history.history;
    const last = h[h.length - 1];
    const seconds = h.map((r) => r.seconds).filter((s) => typeof s === 'number').sort((a, b) => a - b);
    return {
      dir: run.dir,
      label: labels[i],
      impl: run.history.impl,
      epochs: h.length,
      valAccuracy: last.valAccuracy ?? null,
      valLoss: last.valLoss ?? null,
      testAccuracy: run.history.testAccuracy ?? null,
      secondsPerEpoch: seconds.length > 0 ? seconds[Math.floor(seconds.length / 2)] : null,
    };
  });
  return { spec, runs: rows };
}

async function compareCommand(dirs: string[], flags: CompareFlags): Promise<void> {
  const out = flags.out ?? `compare-${flags.metric}.png`;
  try {
    chartFormatOf(out);
  } catch {
    throw new UsageError(`--out ${out}: use a .svg or .png file name`);
  }
  const { spec, runs: rows } = buildComparison(dirs, flags);
  await renderChart(spec, out);

  if (flags.json) {
    process.stdout.write(JSON.stringify({ out, metric: flags.metric, runs: rows }, null, 2) + '\n');
    return;
  }
  const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${(100 * v).toFixed(2)}%`);
  const table = [
    ['run', 'epochs', 'val acc', 'test acc', 's/epoch'],
    ...rows.map((r) => [r.label, String(r.epochs), pct(r.valAccuracy), pct(r.testAccuracy), r.secondsPerEpoch === null ? '—' : r.secondsPerEpoch.toFixed(1)]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) process.stdout.write(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') + '\n');
  process.stdout.write(`wrote ${out}\n`);
}
