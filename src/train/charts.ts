// A run's charts: accuracy and loss per epoch, train and validation, as SVG and PNG next to history.json.

import { join } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import { learningCurveSpecs, releaseRendererMemory, renderSvg, svgToPng } from '../plot/index.js';
import type { CurveMetric } from '../plot/index.js';
import { describeRate } from './describe-rate.js';
import type { EpochRecord, RunHistory } from './history.js';

/** The chart files a run directory holds, by metric. */
export const runChartFiles: Record<CurveMetric, { svg: string; png: string }> = {
  accuracy: { svg: 'accuracy.svg', png: 'accuracy.png' },
  loss: { svg: 'loss.svg', png: 'loss.png' },
};

/** "autograd 784-128-64-10 sigmoid, cross-entropy, sgd lr 0.1": what the run was, for chart titles. */
export function runTitle(history: Pick<RunHistory, 'impl' | 'config'>): string {
  const c = history.config;
  return `${history.impl} ${[c.input, ...c.hidden, c.output].join('-')} ${c.activation}, ${c.loss}, ${c.optimizer} ${describeRate(c)}`;
}

/**
 * Writes accuracy.svg, accuracy.png, loss.svg and loss.png into `dir` (each atomically: a reader
 * sees the previous chart or the new one). Each SVG is rendered once and rasterised from itself.
 * Returns the paths written.
 */
export async function writeRunCharts(dir: string, history: Pick<RunHistory, 'impl' | 'config' | 'history'>): Promise<string[]> {
  const specs = learningCurveSpecs(history.history, { title: runTitle(history) });
  const written: string[] = [];
  ensureDirSync(dir);
  for (const metric of ['accuracy', 'loss'] as const) {
    const svg = await renderSvg(specs[metric]);
    const files = runChartFiles[metric];
    writeFileAtomicSync(join(dir, files.svg), svg);
    writeFileAtomicSync(join(dir, files.png), svgToPng(svg));
    written.push(join(dir, files.svg), join(dir, files.png));
  }
  return written;
}

/** Redraws a run's charts as epochs end, at a bounded cost. */
export interface ChartScheduler {
  /** Called after each epoch: starts a redraw unless one ran less than `minInterval` ago or is running. */
  update(records: readonly EpochRecord[]): void;
  /** Waits for a running redraw, then draws the final records if they are not drawn yet. */
  finish(records: readonly EpochRecord[]): Promise<void>;
  /** Waits for a running redraw and draws nothing more (an interrupted run leaves at once; resume redraws). */
  settle(): Promise<void>;
}

/**
 * Charts for a training run: rendering costs tens of milliseconds and a few megabytes of
 * renderer memory each time, so a run of many short epochs redraws at most every `minInterval`
 * milliseconds (default 5 s) and once at the end, never all epochs after every epoch. A failed
 * draw is a warning on `warn` (default stderr), never the end of the run.
 */
export function chartScheduler(
  dir: string,
  run: Pick<RunHistory, 'impl' | 'config'>,
  options: { minInterval?: number; warn?: (message: string) => void; now?: () => number } = {},
): ChartScheduler {
  const { minInterval = 5000, warn = (m: string) => void process.stderr.write(m + '\n'), now = () => Date.now() } = options;
  let running: Promise<void> | null = null;
  let lastStart = -Infinity;
  let drawn = -1;
  const draw = (records: readonly EpochRecord[]) => {
    lastStart = now();
    const count = records.length;
    running = writeRunCharts(dir, { ...run, history: [...records] }).then(
      () => {
        drawn = count;
        releaseRendererMemory(); // resvg's images live outside the JS heap until collected
      },
      (error: unknown) => warn(`warning: could not draw the charts: ${error instanceof Error ? error.message : String(error)}`),
    ).finally(() => void (running = null));
  };
  return {
    update(records) {
      if (running === null && now() - lastStart >= minInterval) draw(records);
    },
    async settle() {
      if (running) await running;
    },
    async finish(records) {
      if (running) await running;
      if (drawn !== records.length && records.length > 0) {
        draw(records);
        await running;
      }
    },
  };
}
