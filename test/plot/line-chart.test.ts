// Line charts: the generic series chart, training curves per epoch, and runs compared on one chart.

import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { compareRunsSpec, learningCurveSpecs, lineChartSpec } from '../../src/plot/line-chart.js';
import type { EpochMetrics } from '../../src/plot/line-chart.js';
import { renderChecked } from './render-checked.js';

// The spec as plain JSON, so tests can read nested fields without narrowing vega-lite's unions.
type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

function history(epochs: number, offset = 0): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 2 / (i + 1) + offset,
    trainAccuracy: 0.5 + 0.04 * i,
    valLoss: 2.2 / (i + 1) + offset,
    valAccuracy: 0.48 + 0.04 * i,
    lr: 0.1,
    seconds: 1.5,
  }));
}

describe('lineChartSpec', () => {
  const data = [
    { step: 1, loss: 3, opt: 'sgd' },
    { step: 1, loss: 2, opt: 'adam' },
    { step: 2, loss: 1, opt: 'sgd' },
    { step: 2, loss: 0.5, opt: 'adam' },
  ];
  const spec = json(
    lineChartSpec({
      title: 'Loss by step',
      x: { field: 'step', title: 'Step', integer: true },
      y: { field: 'loss', title: 'Loss' },
      series: { field: 'opt', title: 'Optimizer' },
      data,
      width: 300,
      height: 200,
    }),
  );

  it('draws lines with points over the rows it is given', () => {
    expect(spec.mark).toMatchObject({ type: 'line', point: true });
    expect(spec.data.values).toEqual(data);
    expect(spec).toMatchObject({ title: 'Loss by step', width: 300, height: 200 });
  });

  it('labels both axes and colours by series, legend in order of first appearance', () => {
    expect(spec.encoding.x).toMatchObject({ field: 'step', type: 'quantitative', title: 'Step' });
    expect(spec.encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd' });
    expect(spec.encoding.y).toMatchObject({ field: 'loss', type: 'quantitative', title: 'Loss', scale: { zero: false } });
    expect(spec.encoding.color).toMatchObject({ field: 'opt', type: 'nominal', title: 'Optimizer' });
    expect(spec.encoding.color.scale.domain).toEqual(['sgd', 'adam']);
  });

  it('fixes the y domain when one is given, and otherwise lets it follow the data', () => {
    const fixed = json(
      lineChartSpec({
        title: 't',
        x: { field: 'step', title: 'Step' },
        y: { field: 'loss', title: 'Loss', domain: [0, 5] },
        series: { field: 'opt', title: 'Optimizer' },
        data,
      }),
    );
    expect(fixed.encoding.y.scale).toEqual({ domain: [0, 5] });
    expect(fixed.encoding.y.axis).toEqual({});
    expect(fixed.mark.clip).toBe(true);
    expect(fixed.encoding.x.axis).toEqual({});
  });
});

describe('learningCurveSpecs', () => {
  const h = history(5);
  const { accuracy, loss } = learningCurveSpecs(h);

  it('has one train and one validation row per epoch', () => {
    for (const [metric, spec] of [['accuracy', accuracy], ['loss', loss]] as const) {
      const rows: Json[] = json(spec).data.values;
      expect(rows).toHaveLength(10);
      expect(rows.filter((r) => r.split === 'train').map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.filter((r) => r.split === 'validation').map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(Object.keys(rows[0]).sort()).toEqual(['epoch', metric, 'split'].sort());
    }
  });

  it('takes the values from the matching history fields', () => {
    const acc: Json[] = json(accuracy).data.values;
    const los: Json[] = json(loss).data.values;
    expect(acc.find((r) => r.split === 'train' && r.epoch === 3).accuracy).toBe(h[2].trainAccuracy);
    expect(acc.find((r) => r.split === 'validation' && r.epoch === 3).accuracy).toBe(h[2].valAccuracy);
    expect(los.find((r) => r.split === 'train' && r.epoch === 4).loss).toBe(h[3].trainLoss);
    expect(los.find((r) => r.split === 'validation' && r.epoch === 4).loss).toBe(h[3].valLoss);
  });

  it('titles the charts, naming the run when a title is given', () => {
    expect(json(accuracy).title).toBe('Accuracy per epoch');
    expect(json(loss).title).toBe('Loss per epoch');
    const named = learningCurveSpecs(h, { title: 'mlp' });
    expect(json(named.accuracy).title).toBe('mlp: accuracy');
    expect(json(named.loss).encoding.y.title).toBe('Loss');
    expect(json(named.loss).encoding.x.title).toBe('Epoch');
    expect(json(named.loss).encoding.color.scale.domain).toEqual(['train', 'validation']);
    expect(json(named.accuracy).encoding.y.axis).toEqual({ format: '.1~%' });
    expect(json(named.loss).encoding.y.axis).toEqual({});
  });

  it('leaves out missing or non-finite validation values', () => {
    const noVal = history(3).map((e, i) => ({ ...e, valLoss: i === 1 ? Number.NaN : null, valAccuracy: undefined }));
    const { accuracy: a, loss: l } = learningCurveSpecs(noVal);
    expect(json(a).data.values.map((r: Json) => r.split)).toEqual(['train', 'train', 'train']);
    expect(json(l).data.values).toHaveLength(3);
  });

  it('renders a one-epoch or empty history without warnings', async () => {
    const { texts } = await renderChecked(learningCurveSpecs(history(1)).accuracy);
    expect(texts).toContain('1');
    expect(texts).toContain('50%');
    expect((await renderChecked(learningCurveSpecs([]).loss)).texts).toContain('Loss per epoch');
  });

  it('renders axis titles, title and legend entries as SVG text', async () => {
    const { texts } = await renderChecked(learningCurveSpecs(h, { title: 'mlp' }).loss);
    expect(texts).toEqual(expect.arrayContaining(['mlp: loss', 'Epoch', 'Loss', 'Split', 'train', 'validation']));
    // integer ticks only: epochs 1..5 and no "1.5"
    expect(texts).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5']));
    expect(texts).not.toContain('1.5');
  });
});

describe('compareRunsSpec', () => {
  const runs = [
    { label: 'sgd', history: history(4) },
    { label: 'adam', history: history(3, 0.1) },
    { label: 'sgd', history: history(2, 0.2) },
  ];
  const spec = json(compareRunsSpec(runs, 'loss'));

  it('has a row per run, split and epoch, with repeated labels made distinct', () => {
    const rows: Json[] = spec.data.values;
    expect(rows).toHaveLength(2 * (4 + 3 + 2));
    expect([...new Set(rows.map((r) => r.run))]).toEqual(['sgd', 'adam', 'sgd (2)']);
    expect(rows.filter((r) => r.run === 'sgd (2)' && r.split === 'validation').map((r) => r.loss)).toEqual(runs[2].history.map((e) => e.valLoss));
  });

  it('encodes run as colour and split as stroke dash on the lines', () => {
    const [lines, points] = spec.layer;
    expect(lines.mark.type).toBe('line');
    expect(lines.encoding.color).toMatchObject({ field: 'run', title: 'Run' });
    expect(lines.encoding.color.scale.domain).toEqual(['sgd', 'adam', 'sgd (2)']);
    expect(lines.encoding.strokeDash).toMatchObject({ field: 'split', title: 'Split' });
    expect(lines.encoding.strokeDash.scale.domain).toEqual(['train', 'validation']);
    expect(lines.encoding.y).toMatchObject({ field: 'loss', title: 'Loss' });
    expect(points.mark.type).toBe('point');
    expect(points.encoding.color.field).toBe('run');
  });

  it('reads the accuracy fields for the accuracy metric and takes a title', () => {
    const acc = json(compareRunsSpec(runs.slice(0, 1), 'accuracy', { title: 'Accuracy of sgd' }));
    expect(acc.title).toBe('Accuracy of sgd');
    expect(acc.data.values.map((r: Json) => r.accuracy)).toEqual([
      ...runs[0].history.map((e) => e.trainAccuracy),
      ...runs[0].history.map((e) => e.valAccuracy),
    ]);
    expect(spec.title).toBe('Loss per epoch, 3 runs');
  });

  it('renders both legends as SVG text', async () => {
    const { texts } = await renderChecked(compareRunsSpec(runs, 'accuracy'));
    expect(texts).toEqual(expect.arrayContaining(['Run', 'sgd', 'adam', 'sgd (2)', 'Split', 'train', 'validation', 'Accuracy', 'Epoch']));
    // accuracies are fractions, ticked as percentages: 50% .. 62%
    expect(texts).toContain('60%');
  });
});
