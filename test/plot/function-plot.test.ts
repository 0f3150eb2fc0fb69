// Function plots: sampled curves on shared axes, and the grid of activations beside their derivatives.

import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { activationCurveNames, activationGridSpec, functionPlotSpec } from '../../src/plot/function-plot.js';
import { renderChecked } from './render-checked.js';

type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

const xs = Array.from({ length: 41 }, (_, i) => -2 + i / 10);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const lineLayer = (spec: Json) => spec.layer.find((l: Json) => l.mark.type === 'line');
const rules = (spec: Json) => spec.layer.filter((l: Json) => l.mark.type === 'rule');

describe('functionPlotSpec', () => {
  const spec = json(
    functionPlotSpec({
      title: 'tanh',
      curves: [
        { name: 'tanh', xs, ys: xs.map(Math.tanh) },
        { name: 'derivative', xs, ys: xs.map((x) => 1 - Math.tanh(x) ** 2) },
      ],
      xTitle: 'input',
      yTitle: 'output',
    }),
  );

  it('has one row per sample per curve, tagged with the curve name', () => {
    const rows: Json[] = lineLayer(spec).data.values;
    expect(rows).toHaveLength(2 * xs.length);
    expect(rows.filter((r) => r.curve === 'tanh').map((r) => r.y)).toEqual(xs.map(Math.tanh));
    expect(rows.filter((r) => r.curve === 'derivative').map((r) => r.x)).toEqual(xs);
  });

  it('labels the axes and colours by curve in the order given', () => {
    const { encoding } = lineLayer(spec);
    expect(spec.title).toBe('tanh');
    expect(encoding.x).toMatchObject({ field: 'x', title: 'input', type: 'quantitative' });
    expect(encoding.y).toMatchObject({ field: 'y', title: 'output', type: 'quantitative' });
    expect(encoding.color).toMatchObject({ field: 'curve', scale: { domain: ['tanh', 'derivative'] } });
  });

  it('draws the axes x = 0 and y = 0 only when the data straddles them', () => {
    expect(rules(spec).map((r: Json) => r.data.values[0])).toEqual([{ x: 0 }, { y: 0 }]);
    const positive = json(functionPlotSpec({ title: 's', curves: [{ name: 'exp', xs: [1, 2, 3], ys: [1, 2, 3] }], xTitle: 'x', yTitle: 'y' }));
    expect(rules(positive)).toEqual([]);
    const halfPlane = json(functionPlotSpec({ title: 's', curves: [{ name: 'sigmoid', xs, ys: xs.map(sigmoid) }], xTitle: 'x', yTitle: 'y' }));
    expect(rules(halfPlane).map((r: Json) => r.data.values[0])).toEqual([{ x: 0 }]);
  });

  it('turns non-finite values into gaps (null) and rejects mismatched samples', () => {
    const gap = json(functionPlotSpec({ title: 'log', curves: [{ name: 'log', xs: [-1, 1, 2], ys: [Number.NaN, 0, Math.log(2)] }], xTitle: 'x', yTitle: 'y' }));
    expect(lineLayer(gap).data.values.map((r: Json) => r.y)).toEqual([null, 0, Math.log(2)]);
    expect(() => functionPlotSpec({ title: 't', curves: [{ name: 'bad', xs: [1, 2], ys: [1] }], xTitle: 'x', yTitle: 'y' })).toThrow(/2 xs but 1 ys/);
  });

  it('keeps two curves with one name apart', () => {
    const twice = json(functionPlotSpec({ title: 't', curves: [{ name: 'f', xs: [1], ys: [1] }, { name: 'f', xs: [1], ys: [2] }], xTitle: 'x', yTitle: 'y' }));
    expect(lineLayer(twice).encoding.color.scale.domain).toEqual(['f', 'f (2)']);
  });

  it('renders the title, axis titles and legend as SVG text', async () => {
    const { texts } = await renderChecked(functionPlotSpec({ title: 'tanh', curves: [{ name: 'tanh', xs, ys: xs.map(Math.tanh) }], xTitle: 'input', yTitle: 'output' }));
    expect(texts).toEqual(expect.arrayContaining(['tanh', 'input', 'output', 'Function']));
  });
});

describe('activationGridSpec', () => {
  const panels = [
    { name: 'sigmoid', xs, f: xs.map(sigmoid), df: xs.map((x) => sigmoid(x) * (1 - sigmoid(x))) },
    { name: 'relu', xs, f: xs.map((x) => Math.max(0, x)), df: xs.map((x) => (x > 0 ? 1 : 0)) },
    { name: 'tanh', xs, f: xs.map(Math.tanh), df: xs.map((x) => 1 - Math.tanh(x) ** 2) },
    { name: 'identity', xs, f: xs, df: xs.map(() => 1) },
  ];
  const spec = json(activationGridSpec(panels));

  it('has one titled panel per activation, wrapped into columns', () => {
    expect(spec.concat.map((p: Json) => p.title)).toEqual(['sigmoid', 'relu', 'tanh', 'identity']);
    expect(spec.columns).toBe(3);
    expect(json(activationGridSpec(panels.slice(0, 2))).columns).toBe(2);
    expect(json(activationGridSpec(panels, { columns: 2, title: 'Four' }))).toMatchObject({ columns: 2, title: { text: 'Four' } });
  });

  it('shows f and its derivative in every panel, from the caller’s samples', () => {
    const [fName, dfName] = activationCurveNames;
    spec.concat.forEach((panel: Json, p: number) => {
      const rows: Json[] = lineLayer(panel).data.values;
      expect(rows).toHaveLength(2 * xs.length);
      expect(rows.filter((r) => r.curve === fName).map((r) => r.y)).toEqual(panels[p].f);
      expect(rows.filter((r) => r.curve === dfName).map((r) => r.y)).toEqual(panels[p].df);
      expect(rows.every((r) => r.activation === panels[p].name)).toBe(true);
      expect(lineLayer(panel).encoding.color.scale.domain).toEqual([fName, dfName]);
      expect(lineLayer(panel).encoding.strokeDash.field).toBe('curve');
    });
    expect(spec.resolve.scale).toEqual({ color: 'shared', strokeDash: 'shared' });
  });

  it('renders every panel title and both legend entries as SVG text', async () => {
    const { texts } = await renderChecked(activationGridSpec(panels));
    expect(texts).toEqual(expect.arrayContaining(['Activation functions and their derivatives', ...panels.map((p) => p.name), ...activationCurveNames]));
  });
});
