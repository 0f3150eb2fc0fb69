// A learning curve as a chart: error-rate lines with a min–max band over seeds, and the marks as labelled rules.

import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteSchema } from '../plot/line-chart.js';
import type { CurvePoint, CurveResult } from './curves.js';

const axisTitles = {
  'train-size': 'Training images (log scale)',
  width: 'Hidden units in the one hidden layer (log scale)',
  depth: 'Hidden layers',
  epoch: 'Epoch',
} as const;

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The chart's title: what was swept, on what, with which network. */
export function curveTitle(result: CurveResult): string {
  const c = result.config;
  const noise = c.labelNoise > 0 ? `, ${Math.round(100 * c.labelNoise)}% label noise` : '';
  const net = `${c.base.activation}, ${c.base.optimizer} lr ${c.base.lr}`;
  switch (result.kind) {
    case 'size':
      return `Error against training-set size (${[c.base.input, ...c.base.hidden, c.base.output].join('-')} ${net}${noise})`;
    case 'complexity':
      return c.axis === 'depth'
        ? `Error against depth (width ${c.depthWidth}, ${c.trainSize} images, ${net}${noise})`
        : `Error against width (${c.trainSize} images, ${net}${noise})`;
    case 'epochs':
      return `Error per epoch (${c.trainSize} images, ${[c.base.input, ...c.base.hidden, c.base.output].join('-')} ${net}${noise})`;
  }
}

type Row = { x: number; series: string; mean: number; min: number; max: number };

function rows(points: readonly CurvePoint[], splits: ReadonlyArray<'train' | 'validation' | 'test'>, suffix = ''): Row[] {
  const out: Row[] = [];
  for (const split of splits) {
    for (const p of points) {
      const b = p[split];
      if (b && Number.isFinite(b.mean)) out.push({ x: p.x, series: `${split}${suffix}`, mean: b.mean, min: b.min, max: b.max });
    }
  }
  return out;
}

/** The labelled vertical rules of a result's marks. */
export function markRules(result: CurveResult): Array<{ x: number; label: string }> {
  const m = result.marks;
  const out: Array<{ x: number; label: string }> = [];
  const unit = result.axis === 'train-size' ? ' images' : result.axis === 'width' ? ' units' : result.axis === 'depth' ? ' layers' : '';
  if (m.best !== undefined) out.push({ x: m.best, label: `lowest validation error (${m.best}${unit})` });
  if (m.interpolationThreshold != null) out.push({ x: m.interpolationThreshold, label: `interpolation threshold (${m.interpolationThreshold}${unit})` });
  if (m.bestEpoch !== undefined && m.bestEpoch > 0) out.push({ x: m.bestEpoch, label: `restored best epoch ${m.bestEpoch}` });
  if (m.earlyStopEpoch != null) out.push({ x: m.earlyStopEpoch, label: `early stop (patience ${result.config.budget.patience}) at epoch ${m.earlyStopEpoch}` });
  return out;
}

/**
 * The Vega-Lite spec of a learning curve: one line per split (mean over seeds, a point per x) over
 * a shaded min–max band, a log x axis for sizes and widths, and a dashed rule per mark. The epochs
 * chart shows training and validation error (and the weight-decay run's, when there is one), with
 * test error with and without early stopping in its subtitle.
 *
 * @example
 * await renderChart(curveChartSpec(await runSweep({ spec, data, store })), 'size.png');
 */
export function curveChartSpec(result: CurveResult, options: { width?: number; height?: number } = {}): TopLevelSpec {
  const { width = 560, height = 320 } = options;
  const epochs = result.kind === 'epochs';
  const data = epochs
    ? [...rows(result.points, ['train', 'validation']), ...(result.weightDecay ? rows(result.weightDecay.points, ['train', 'validation'], `, L2 ${result.weightDecay.lambda}`) : [])]
    : rows(result.points, ['train', 'test']);
  const series = [...new Set(data.map((r) => r.series))];
  const logX = result.axis === 'train-size' || result.axis === 'width';
  const x = { field: 'x', type: 'quantitative', title: axisTitles[result.axis], scale: logX ? { type: 'log', nice: false } : { zero: false }, axis: logX ? { format: '~s' } : { tickMinStep: 1, format: 'd' } } as const;
  const color = { field: 'series', type: 'nominal', title: 'Error on', scale: { domain: series }, legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 300 } } as const;
  const s = result.summary;
  const subtitle = s
    ? `test error: ${pct(s.testErrorFinal)} after the last epoch, ${pct(s.testErrorEarlyStopping)} with early stopping` +
      (s.testErrorWeightDecay !== undefined ? `, ${pct(s.testErrorWeightDecay)} with L2 ${result.weightDecay?.lambda}` : '')
    : result.config.repeats > 1
      ? `mean of ${result.config.repeats} seeds; the band spans their min and max`
      : undefined;
  const rules = markRules(result);
  // where x falls across the chart, 0 to 1, on the axis's scale
  const xs = data.map((r) => r.x);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const t = (v: number) => (logX ? Math.log(v) : v);
  const position = (v: number) => (hi > lo ? (t(v) - t(lo)) / (t(hi) - t(lo)) : 0);
  return {
    $schema: vegaLiteSchema,
    title: subtitle === undefined ? curveTitle(result) : { text: curveTitle(result), subtitle },
    width,
    height,
    // the lines first, so the legend is drawn from them and not from the faint bands
    layer: [
      {
        data: { values: data },
        mark: { type: 'line', point: result.points.length <= 40, strokeWidth: 2 },
        encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'Error rate (misclassified)', axis: { format: '.0%' }, scale: { zero: true } }, color },
      },
      {
        data: { values: data },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { field: 'min', type: 'quantitative', title: 'Error rate (misclassified)', axis: { format: '.0%' }, scale: { zero: true } }, y2: { field: 'max' }, color },
      },
      ...(rules.length === 0
        ? []
        : [
            { data: { values: rules }, mark: { type: 'rule', strokeDash: [5, 4], color: '#555' }, encoding: { x: { ...x, field: 'x' } } },
            ...(['left', 'right'] as const).map((align) => ({
              // labels stacked from the top, in pixels (scale null); a mark in the right part of the chart is labelled to its left
              data: { values: rules.map((r, i) => ({ ...r, py: 10 + 13 * i })).filter((r) => (position(r.x) > 0.55) === (align === 'right')) },
              mark: { type: 'text', align, dx: align === 'left' ? 4 : -4, fontSize: 10, color: '#333' },
              encoding: { x: { ...x, field: 'x' }, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'label' } },
            })),
          ]),
    ],
  } as TopLevelSpec;
}
