// Function-plot specs: curves y = f(x) on shared axes, and a grid of activations beside their derivatives.

import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteSchema } from './line-chart.js';
import { uniqueLabels } from './unique-labels.js';

/** One sampled curve: `ys[i]` is the function at `xs[i]`; non-finite values break the line. */
export interface Curve {
  name: string;
  xs: readonly number[];
  ys: readonly number[];
}

/** Options of `functionPlotSpec`. */
export interface FunctionPlotOptions {
  title: string;
  curves: readonly Curve[];
  xTitle: string;
  yTitle: string;
  width?: number;
  height?: number;
}

/** One panel of `activationGridSpec`: an activation sampled at `xs`, with `f` and its derivative `df`. */
export interface ActivationPanel {
  name: string;
  xs: readonly number[];
  f: readonly number[];
  df: readonly number[];
}

/** Legend names of the two curves in each activation panel (U+2032 is the prime). */
export const activationCurveNames = ['f(x)', 'f\u2032(x)'] as const;

type Row = Record<string, number | string | null>;

/**
 * Several sampled functions on one pair of axes, one coloured line each, with the axes x = 0 and
 * y = 0 drawn when they fall inside the data.
 *
 * @example
 * const xs = Array.from({ length: 201 }, (_, i) => -5 + i / 20);
 * const spec = functionPlotSpec({
 *   title: 'tanh',
 *   curves: [{ name: 'tanh', xs, ys: xs.map(Math.tanh) }, { name: "tanh'", xs, ys: xs.map((x) => 1 - Math.tanh(x) ** 2) }],
 *   xTitle: 'x',
 *   yTitle: 'y',
 * });
 */
export function functionPlotSpec(options: FunctionPlotOptions): TopLevelSpec {
  const { title, curves, xTitle, yTitle, width = 480, height = 300 } = options;
  const names = uniqueLabels(curves.map((c) => c.name));
  const rows = curves.flatMap((c, i) => curveRows(c.xs, c.ys, { curve: names[i] }));
  return {
    $schema: vegaLiteSchema,
    title,
    width,
    height,
    layer: [
      ...zeroLines(rows, xTitle, yTitle),
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, nice: false } },
          y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
          color: { field: 'curve', type: 'nominal', title: 'Function', scale: { domain: names } },
        },
      },
    ],
  };
}

/**
 * A grid of small charts, one per activation, each showing f and f′ (solid and dashed, the same
 * two colours in every panel, one shared legend). Each panel keeps its own y scale.
 *
 * @example
 * const xs = Array.from({ length: 161 }, (_, i) => -4 + i / 20);
 * const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
 * const spec = activationGridSpec([
 *   { name: 'sigmoid', xs, f: xs.map(sigmoid), df: xs.map((x) => sigmoid(x) * (1 - sigmoid(x))) },
 *   { name: 'relu', xs, f: xs.map((x) => Math.max(0, x)), df: xs.map((x) => (x > 0 ? 1 : 0)) },
 * ]);
 */
export function activationGridSpec(
  panels: readonly ActivationPanel[],
  options: { title?: string; columns?: number; width?: number; height?: number } = {},
): TopLevelSpec {
  const { title = 'Activation functions and their derivatives', columns = 3, width = 220, height = 160 } = options;
  const [fName, dfName] = activationCurveNames;
  return {
    $schema: vegaLiteSchema,
    title: { text: title, anchor: 'middle', fontSize: 16, offset: 16 },
    columns: Math.max(1, Math.min(columns, panels.length)),
    concat: panels.map((panel) => {
      const rows = [
        ...curveRows(panel.xs, panel.f, { activation: panel.name, curve: fName }),
        ...curveRows(panel.xs, panel.df, { activation: panel.name, curve: dfName }),
      ];
      return {
        title: panel.name,
        width,
        height,
        layer: [
          ...zeroLines(rows, 'x', null),
          {
            data: { values: rows },
            mark: { type: 'line', strokeWidth: 2, clip: true },
            encoding: {
              x: { field: 'x', type: 'quantitative', title: 'x', scale: { zero: false, nice: false } },
              y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false } },
              color: { field: 'curve', type: 'nominal', title: null, scale: { domain: [fName, dfName] } },
              strokeDash: {
                field: 'curve',
                type: 'nominal',
                title: null,
                scale: { domain: [fName, dfName], range: [[1, 0], [6, 3]] },
              },
            },
          },
        ],
      };
    }),
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
  };
}

// Rows { x, y, ...tags }; a non-finite y becomes null, which vega-lite draws as a gap in the line.
function curveRows(xs: readonly number[], ys: readonly number[], tags: Record<string, string>): Row[] {
  if (xs.length !== ys.length) {
    throw new Error(`curve ${Object.values(tags).join(' ')} has ${xs.length} xs but ${ys.length} ys`);
  }
  const rows: Row[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) continue;
    rows.push({ ...tags, x: xs[i], y: Number.isFinite(ys[i]) ? ys[i] : null });
  }
  return rows;
}

// Grey rules on x = 0 and y = 0, each only where the data straddles it, so the domains are unchanged.
// They carry the line's axis titles, else vega-lite would merge "x" into the axis title.
function zeroLines(rows: readonly Row[], xTitle: string | null, yTitle: string | null) {
  const straddlesZero = (key: 'x' | 'y') => {
    let below = false;
    let above = false;
    for (const row of rows) {
      const v = row[key];
      if (typeof v !== 'number') continue;
      below ||= v < 0;
      above ||= v > 0;
    }
    return below && above;
  };
  const rule = { type: 'rule', color: '#999', strokeWidth: 1 } as const;
  const layers = [];
  if (straddlesZero('x')) {
    const x = { field: 'x', type: 'quantitative', title: xTitle } as const;
    layers.push({ data: { values: [{ x: 0 }] }, mark: rule, encoding: { x } });
  }
  if (straddlesZero('y')) {
    const y = { field: 'y', type: 'quantitative', title: yTitle } as const;
    layers.push({ data: { values: [{ y: 0 }] }, mark: rule, encoding: { y } });
  }
  return layers;
}
