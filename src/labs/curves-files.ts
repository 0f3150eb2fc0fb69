// A finished curve's files in its sweep directory: <kind>.json, <kind>.csv, <kind>.svg and <kind>.png.

import { join } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import { renderSvg, svgToPng } from '../plot/render.js';
import type { CurvePoint, CurveResult } from './curves.js';
import { curveChartSpec } from './curves-chart.js';

/**
 * The points as CSV, one row per x (and run, for the epochs kind's weight-decay comparison):
 * `run,x,train_mean,train_min,train_max,validation_mean,…,test_max`. Missing values are empty.
 */
export function curveCsv(result: CurveResult): string {
  const splits = ['train', 'validation', 'test'] as const;
  const header = ['run', 'x', ...splits.flatMap((s) => [`${s}_mean`, `${s}_min`, `${s}_max`])];
  const line = (run: string, p: CurvePoint) =>
    [run, p.x, ...splits.flatMap((s) => { const b = p[s]; return b ? [b.mean, b.min, b.max].map((v) => (Number.isFinite(v) ? String(v) : '')) : ['', '', '']; })].join(',');
  const lines = [header.join(','), ...result.points.map((p) => line('baseline', p))];
  if (result.weightDecay) lines.push(...result.weightDecay.points.map((p) => line(`weight-decay ${result.weightDecay?.lambda}`, p)));
  return lines.join('\n') + '\n';
}

/** Writes the curve's JSON, CSV, SVG and PNG into `dir`, each atomically; returns the paths. */
export async function writeCurveFiles(dir: string, result: CurveResult): Promise<string[]> {
  ensureDirSync(dir);
  const base = join(dir, result.kind);
  const svg = await renderSvg(curveChartSpec(result));
  const files: Array<[string, string | Uint8Array]> = [
    [`${base}.json`, JSON.stringify(result, null, 2) + '\n'],
    [`${base}.csv`, curveCsv(result)],
    [`${base}.svg`, svg],
    [`${base}.png`, svgToPng(svg, { scale: 1.5 })],
  ];
  for (const [path, data] of files) writeFileAtomicSync(path, data);
  return files.map(([path]) => path);
}
