// The decision-region chart: where a 2-D classifier predicts 1, the labelled points, and the learned and Bayes boundaries.

import { isoLines, vegaLiteSchema } from '../plot/index.js';
import type { PlanePoint, TopLevelSpec } from '../plot/index.js';

/** Options of `decisionRegionSpec`. */
export interface DecisionRegionOptions {
  title: string;
  /** Grid abscissae and ordinates, strictly increasing, evenly spaced. */
  xs: readonly number[];
  ys: readonly number[];
  /** `probability[j][i]` = P(y = 1) at (xs[i], ys[j]); the region is where it is ≥ 1/2. */
  probability: ReadonlyArray<readonly number[]>;
  /** `bayesLogit[j][i]`: the true logit, whose zero set is the Bayes boundary (optional). */
  bayesLogit?: ReadonlyArray<readonly number[]>;
  /** Labelled points, label 0 or 1. */
  points: ReadonlyArray<{ x1: number; x2: number; label: number }>;
  width?: number;
  height?: number;
}

const kinds = ['predicts 1', 'predicts 0', 'y = 1', 'y = 0'];
const colors = ['#fdd9b5', '#c6dbef', '#d95f02', '#1f63a8'];

/**
 * Pale cells where the classifier predicts 1 or 0, the points coloured by label, the learned
 * boundary P = 1/2 as a solid line and the Bayes boundary (logit 0) dashed.
 */
export function decisionRegionSpec(options: DecisionRegionOptions): TopLevelSpec {
  const { title, xs, ys, probability, bayesLogit, points, width = 360, height = 360 } = options;
  const dx = (xs[1]! - xs[0]!) / 2;
  const dy = (ys[1]! - ys[0]!) / 2;
  // neighbouring cells of a row on the same side are one rectangle, which keeps the SVG small
  const cells = ys.flatMap((y, j) => {
    const runs: { x0: number; x1: number; y0: number; y1: number; kind: string }[] = [];
    xs.forEach((x, i) => {
      const kind = probability[j]![i]! >= 0.5 ? kinds[0]! : kinds[1]!;
      const last = runs[runs.length - 1];
      if (last !== undefined && last.kind === kind) last.x1 = x + dx;
      else runs.push({ x0: x - dx, x1: x + dx, y0: y - dy, y1: y + dy, kind });
    });
    return runs;
  });
  const lines = (values: ReadonlyArray<readonly number[]>, level: number, name: string) =>
    isoLines(xs, ys, values, level).flatMap((line: PlanePoint[], n) => line.map((p, order) => ({ line: `${name} ${n}`, boundary: name, order, x: p.x, y: p.y })));
  const boundaries = [...lines(probability, 0.5, 'learned'), ...(bayesLogit ? lines(bayesLogit, 0, 'Bayes') : [])];
  const scale = (lo: number, hi: number) => ({ domain: [lo, hi], nice: false, zero: false });
  const at = (x: string, y: string) => ({
    x: { field: x, type: 'quantitative', title: 'x₁', scale: scale(xs[0]! - dx, xs[xs.length - 1]! + dx) },
    y: { field: y, type: 'quantitative', title: 'x₂', scale: scale(ys[0]! - dy, ys[ys.length - 1]! + dy) },
  }) as const;
  const color = { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: colors } } as const;
  return {
    $schema: vegaLiteSchema,
    title,
    width,
    height,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', x2Offset: 0.5, y2Offset: -0.5, clip: true, aria: false },
        encoding: { ...at('x0', 'y0'), x2: { field: 'x1' }, y2: { field: 'y1' }, color },
      },
      {
        data: { values: points.map((p) => ({ x1: p.x1, x2: p.x2, kind: p.label === 1 ? kinds[2] : kinds[3] })) },
        mark: { type: 'point', filled: true, size: 18, opacity: 0.85, clip: true, aria: false },
        encoding: { ...at('x1', 'x2'), color },
      },
      {
        data: { values: boundaries },
        mark: { type: 'line', color: 'black', strokeWidth: 1.6, clip: true },
        encoding: {
          ...at('x', 'y'),
          detail: { field: 'line' },
          order: { field: 'order', type: 'quantitative' },
          strokeDash: { field: 'boundary', type: 'nominal', title: 'boundary', scale: { domain: ['learned', 'Bayes'], range: [[1, 0], [5, 3]] } },
        },
      },
    ],
  };
}
