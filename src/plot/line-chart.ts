// Line-chart specs: a generic series chart, training curves per epoch, and several runs compared.

import type { TopLevelSpec } from 'vega-lite';
import { uniqueLabels } from './unique-labels.js';

/** A chart axis: the data field it reads and the title printed beside it. */
export interface AxisField {
  field: string;
  title: string;
}

/** Options of `lineChartSpec`. Field names are plain keys (no dots or brackets). */
export interface LineChartOptions {
  title: string;
  /** `integer: true` puts ticks on whole numbers only (epochs, steps). */
  x: AxisField & { integer?: boolean };
  /** Without a domain the y scale fits the data rather than starting at zero; `format` is a d3-format string for the ticks. */
  y: AxisField & { domain?: [number, number]; format?: string };
  /** The field whose values name the lines; the legend lists them in order of first appearance. */
  series: AxisField;
  data: Array<Record<string, number | string>>;
  width?: number;
  height?: number;
}

/**
 * One epoch of a training history (train/'s EpochRecord fits). Accuracies are fractions in
 * [0, 1], shown as percentages. Missing or non-finite validation values are left out.
 */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number | null;
  valAccuracy?: number | null;
  lr?: number;
  seconds?: number;
}

/** The metrics a training history charts. */
export type CurveMetric = 'accuracy' | 'loss';

/** Vega-Lite schema of the installed vega-lite major version; never fetched, it labels the spec. */
export const vegaLiteSchema = 'https://vega.github.io/schema/vega-lite/v6.json';

const splits = ['train', 'validation'] as const;

/**
 * A line chart with a point on each datum, labelled axes and a legend naming the series.
 *
 * @example
 * const spec = lineChartSpec({
 *   title: 'Loss',
 *   x: { field: 'epoch', title: 'Epoch', integer: true },
 *   y: { field: 'loss', title: 'Cross-entropy' },
 *   series: { field: 'split', title: 'Split' },
 *   data: [{ epoch: 1, loss: 0.9, split: 'train' }, { epoch: 2, loss: 0.5, split: 'train' }],
 * });
 * await renderChart(spec, 'loss.svg');
 */
export function lineChartSpec(options: LineChartOptions): TopLevelSpec {
  const { title, x, y, series, data, width = 480, height = 300 } = options;
  return {
    $schema: vegaLiteSchema,
    title,
    width,
    height,
    data: { values: data },
    mark: { type: 'line', point: true, strokeWidth: 2, clip: y.domain !== undefined },
    encoding: {
      x: {
        field: x.field,
        type: 'quantitative',
        title: x.title,
        scale: { zero: false },
        axis: x.integer === true ? { tickMinStep: 1, format: 'd' } : {},
      },
      y: {
        field: y.field,
        type: 'quantitative',
        title: y.title,
        scale: y.domain === undefined ? { zero: false } : { domain: y.domain },
        axis: y.format === undefined ? {} : { format: y.format },
      },
      color: {
        field: series.field,
        type: 'nominal',
        title: series.title,
        scale: { domain: distinct(data.map((row) => row[series.field])) },
      },
    },
  };
}

/**
 * The two training-curve charts of a history: accuracy and loss per epoch, each with a "train"
 * and a "validation" line.
 *
 * @example
 * const { accuracy, loss } = learningCurveSpecs(history, { title: 'mlp, sigmoid' });
 * await renderChart(accuracy, 'runs/mlp/accuracy.png');
 * await renderChart(loss, 'runs/mlp/loss.png');
 */
export function learningCurveSpecs(
  history: readonly EpochMetrics[],
  options: { title?: string } = {},
): Record<CurveMetric, TopLevelSpec> {
  const chart = (metric: CurveMetric): TopLevelSpec =>
    lineChartSpec({
      title: curveTitle(metric, options.title),
      x: { field: 'epoch', title: 'Epoch', integer: true },
      y: { field: metric, title: metricTitle[metric], format: metricFormat[metric] },
      series: { field: 'split', title: 'Split' },
      data: curveRows(history, metric),
    });
  return { accuracy: chart('accuracy'), loss: chart('loss') };
}

/**
 * Several training runs on one chart: colour tells the run, dash tells train from validation.
 * Repeated labels get a " (2)", " (3)" suffix so their lines stay apart.
 *
 * @example
 * const spec = compareRunsSpec(
 *   [{ label: 'sgd', history: a }, { label: 'adam', history: b }],
 *   'accuracy',
 * );
 * await renderChart(spec, 'compare.png');
 */
export function compareRunsSpec(
  runs: ReadonlyArray<{ label: string; history: readonly EpochMetrics[] }>,
  metric: CurveMetric,
  options: { title?: string; width?: number; height?: number } = {},
): TopLevelSpec {
  const { width = 520, height = 320 } = options;
  const labels = uniqueLabels(runs.map((run) => run.label));
  const data = runs.flatMap((run, i) => curveRows(run.history, metric).map((row) => ({ run: labels[i], ...row })));
  const shared = {
    x: { field: 'epoch', type: 'quantitative', title: 'Epoch', scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } },
    y: { field: metric, type: 'quantitative', title: metricTitle[metric], scale: { zero: false }, axis: { format: metricFormat[metric] } },
    color: { field: 'run', type: 'nominal', title: 'Run', scale: { domain: labels }, legend: { symbolType: 'stroke', symbolStrokeWidth: 3 } },
  } as const;
  return {
    $schema: vegaLiteSchema,
    title: options.title ?? `${metricTitle[metric]} per epoch, ${runs.length} runs`,
    width,
    height,
    data: { values: data },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          ...shared,
          strokeDash: {
            field: 'split',
            type: 'nominal',
            title: 'Split',
            scale: { domain: [...splits], range: [[1, 0], [6, 3]] },
            legend: { symbolType: 'stroke', symbolStrokeColor: '#555', symbolSize: 400 },
          },
        },
      },
      { mark: { type: 'point', filled: true, opacity: 1, size: 30 }, encoding: shared },
    ],
  };
}

const metricTitle: Record<CurveMetric, string> = { accuracy: 'Accuracy', loss: 'Loss' };

// d3-format: accuracy as a percentage with at most one decimal ("93.5%", "90%"); loss as vega's default
const metricFormat: Record<CurveMetric, string | undefined> = { accuracy: '.1~%', loss: undefined };

function curveTitle(metric: CurveMetric, title: string | undefined): string {
  return title === undefined ? `${metricTitle[metric]} per epoch` : `${title}: ${metric}`;
}

// Rows { epoch, split, <metric> }, train first; non-finite values (no validation set) are skipped.
function curveRows(history: readonly EpochMetrics[], metric: CurveMetric): Array<Record<string, number | string>> {
  const rows: Array<Record<string, number | string>> = [];
  for (const split of splits) {
    for (const entry of history) {
      const value = metricOf(entry, metric, split);
      if (typeof value === 'number' && Number.isFinite(value)) rows.push({ epoch: entry.epoch, split, [metric]: value });
    }
  }
  return rows;
}

function metricOf(entry: EpochMetrics, metric: CurveMetric, split: (typeof splits)[number]): number | null | undefined {
  if (split === 'train') return metric === 'loss' ? entry.trainLoss : entry.trainAccuracy;
  return metric === 'loss' ? entry.valLoss : entry.valAccuracy;
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
