// Charts of a linear rule's training: the data with the boundary b + w·x = 0 over epochs, and loss and mistakes per epoch.

import { vegaLiteSchema } from '../plot/index.js';
import type { TopLevelSpec } from '../plot/index.js';
import type { LabelledPoints, LinearTraining } from './linear-rules.js';

/** The most boundaries drawn: epochs evenly spaced from the first to the last. */
const maxBoundaries = 8;

/** The epochs whose boundaries are drawn: at most 8, always the first and the last. */
export function boundaryEpochs(count: number): number[] {
  if (count <= maxBoundaries) return Array.from({ length: count }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: maxBoundaries }, (_, k) => 1 + Math.round((k * (count - 1)) / (maxBoundaries - 1))))];
}

/**
 * The points coloured by label and the line b + w₁x₁ + w₂x₂ = 0 after selected epochs, darker for
 * later epochs, each clipped to the data's box. An epoch whose w is 0 has no line.
 */
export function boundarySpec(data: LabelledPoints, training: LinearTraining, title: string): TopLevelSpec {
  const x1s = data.x.map((p) => p[0]);
  const x2s = data.x.map((p) => p[1]);
  const pad = (lo: number, hi: number): [number, number] => [lo - 0.1 * (hi - lo || 1), hi + 0.1 * (hi - lo || 1)];
  const [x1lo, x1hi] = pad(Math.min(...x1s), Math.max(...x1s));
  const [x2lo, x2hi] = pad(Math.min(...x2s), Math.max(...x2s));
  const lines = boundaryEpochs(training.history.length).flatMap((epoch) => {
    const { w, b } = training.history[epoch - 1]!;
    const ends = lineInBox(w, b, [x1lo, x1hi], [x2lo, x2hi]);
    return ends.map((p, order) => ({ epoch, order, x1: p[0], x2: p[1] }));
  });
  const scale = (lo: number, hi: number) => ({ domain: [lo, hi], nice: false, zero: false });
  const at = {
    x: { field: 'x1', type: 'quantitative', title: 'x₁', scale: scale(x1lo, x1hi) },
    y: { field: 'x2', type: 'quantitative', title: 'x₂', scale: scale(x2lo, x2hi) },
  } as const;
  return {
    $schema: vegaLiteSchema,
    title,
    width: 380,
    height: 340,
    layer: [
      {
        data: { values: data.x.map((p, i) => ({ x1: p[0], x2: p[1], label: data.y[i] === 1 ? 'y = +1' : 'y = −1' })) },
        mark: { type: 'point', filled: true, size: 30, opacity: 0.85, clip: true, aria: false },
        encoding: {
          ...at,
          color: { field: 'label', type: 'nominal', title: null, scale: { domain: ['y = +1', 'y = −1'], range: ['#d95f02', '#1f63a8'] } },
          shape: { field: 'label', type: 'nominal', title: null, scale: { domain: ['y = +1', 'y = −1'], range: ['circle', 'square'] } },
        },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          ...at,
          detail: { field: 'epoch', type: 'quantitative' },
          order: { field: 'order', type: 'quantitative' },
          opacity: { field: 'epoch', type: 'ordinal', title: 'boundary after epoch', scale: { range: [0.2, 1] } },
          color: { value: 'black' },
        },
      },
    ],
  };
}

/** Where b + w·x = 0 meets the box, as its two ends (none when w = 0 or the line misses the box). */
function lineInBox(w: readonly number[], b: number, [x1lo, x1hi]: [number, number], [x2lo, x2hi]: [number, number]): [number, number][] {
  const [w1, w2] = [w[0]!, w[1]!];
  const hits: [number, number][] = [];
  if (w2 !== 0) for (const x1 of [x1lo, x1hi]) hits.push([x1, -(b + w1 * x1) / w2]);
  if (w1 !== 0) for (const x2 of [x2lo, x2hi]) hits.push([-(b + w2 * x2) / w1, x2]);
  const inside = hits.filter(([a, c]) => Number.isFinite(a) && Number.isFinite(c) && a >= x1lo - 1e-9 && a <= x1hi + 1e-9 && c >= x2lo - 1e-9 && c <= x2hi + 1e-9);
  inside.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return inside.length >= 2 ? [inside[0]!, inside[inside.length - 1]!] : [];
}

/** Two panels side by side: the mean loss per epoch and the mistakes per epoch. */
export function linearHistorySpec(training: LinearTraining, title: string): TopLevelSpec {
  const panel = (field: 'loss' | 'mistakes', yTitle: string, color: string) => ({
    width: 300,
    height: 240,
    mark: { type: 'line', point: true, strokeWidth: 2, color },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } },
      // the loss scale fits its values, so a slow decrease shows; mistakes count up from 0
      y: { field, type: 'quantitative', title: yTitle, ...(field === 'mistakes' ? { axis: { tickMinStep: 1, format: 'd' } } : { scale: { zero: false } }) },
    },
  }) as const;
  return {
    $schema: vegaLiteSchema,
    title,
    data: { values: training.history.map(({ epoch, loss, mistakes }) => ({ epoch, loss, mistakes })) },
    hconcat: [panel('loss', 'Mean loss', '#4c78a8'), panel('mistakes', 'Mistakes in the epoch', '#e45756')],
  };
}
