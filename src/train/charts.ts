// A run's charts: accuracy and loss per epoch, train and validation, as SVG and PNG next to history.json.

import { join } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import { learningCurveSpecs, renderSvg, svgToPng } from '../plot/index.js';
import type { CurveMetric } from '../plot/index.js';
import type { RunHistory } from './history.js';

/** The chart files a run directory holds, by metric. */
export const runChartFiles: Record<CurveMetric, { svg: string; png: string }> = {
  accuracy: { svg: 'accuracy.svg', png: 'accuracy.png' },
  loss: { svg: 'loss.svg', png: 'loss.png' },
};

/** "autograd 784-128-64-10 sigmoid, cross-entropy, sgd lr 0.1": what the run was, for chart titles. */
export function runTitle(history: Pick<RunHistory, 'impl' | 'config'>): string {
  const c = history.config;
  return `${history.impl} ${[c.input, ...c.hidden, c.output].join('-')} ${c.activation}, ${c.loss}, ${c.optimizer} lr ${c.lr}`;
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
