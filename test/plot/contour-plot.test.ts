// Contour plots: quantile bands, marching-squares iso-lines, and the layered heatmap spec.

import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { contourPlotSpec, isoLines, quantileLevels } from '../../src/plot/contour-plot.js';
import { svgToPng } from '../../src/plot/render.js';
import { renderChecked } from './render-checked.js';

type Json = any;
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));
const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const grid = (xs: number[], ys: number[], f: (x: number, y: number) => number) => ys.map((y) => xs.map((x) => f(x, y)));

describe('quantileLevels', () => {
  it('splits values into equally populated bands, interpolating between order statistics', () => {
    expect(quantileLevels([4, 0, 3, 1, 2], 2)).toEqual([2]);
    expect(quantileLevels([0, 1, 2, 3, 4], 4)).toEqual([1, 2, 3]);
    expect(quantileLevels([0, 10], 4)).toEqual([2.5, 5, 7.5]);
  });

  it('drops repeated levels, levels at the minimum and non-finite values', () => {
    expect(quantileLevels([1, 1, 1, 1, 5], 4)).toEqual([]);
    expect(quantileLevels([0, 1, 1, 1, 1, 5], 5)).toEqual([1]);
    expect(quantileLevels([0, Number.NaN, 10, Number.POSITIVE_INFINITY], 2)).toEqual([5]);
    expect(quantileLevels([], 3)).toEqual([]);
  });

  it('rejects a band count that is not a positive integer', () => {
    expect(() => quantileLevels([1, 2], 0)).toThrow(/band count/);
    expect(() => quantileLevels([1, 2], 2.5)).toThrow(/band count/);
  });
});

describe('isoLines', () => {
  it('traces a circle of f = x^2 + y^2 as one closed line at the right radius', () => {
    const xs = linspace(-2, 2, 41);
    const lines = isoLines(xs, xs, grid(xs, xs, (x, y) => x * x + y * y), 1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.length).toBeGreaterThan(20);
    expect(line[0]).toEqual(line[line.length - 1]);
    // linear interpolation of a quadratic over a 0.1 cell is off by at most about h^2/8 in f
    for (const p of line) expect(Math.abs(Math.hypot(p.x, p.y) - 1)).toBeLessThan(0.01);
  });

  it('gives an open line from boundary to boundary for a plane', () => {
    const xs = [0, 1, 2, 3];
    const ys = [0, 1, 2];
    const lines = isoLines(xs, ys, grid(xs, ys, (x) => x), 1.5);
    expect(lines).toHaveLength(1);
    const sorted = [...lines[0]].sort((a, b) => a.y - b.y);
    expect(sorted).toEqual([{ x: 1.5, y: 0 }, { x: 1.5, y: 1 }, { x: 1.5, y: 2 }]);
  });

  it('resolves a saddle cell by its mean: the pieces cut off the corners on the mean’s other side', () => {
    const xs = [0, 1];
    const ys = [0, 1];
    // corners (0,0) and (1,1) above the level, the mean 0.25 too: the lines cut off (1,0) and (0,1)
    const lines = isoLines(xs, ys, [[1, -0.5], [-0.5, 1]], 0);
    const asSet = (ls: Array<Array<{ x: number; y: number }>>) =>
      ls.map((l) => l.map((p) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`).sort().join(' ')).sort();
    expect(asSet(lines)).toEqual(asSet([[{ x: 2 / 3, y: 0 }, { x: 1, y: 1 / 3 }], [{ x: 0, y: 2 / 3 }, { x: 1 / 3, y: 1 }]]));
    // with the mean below the level the other two corners are cut off
    const below = isoLines(xs, ys, [[0.5, -1], [-1, 0.5]], 0);
    expect(asSet(below)).toEqual(asSet([[{ x: 0, y: 1 / 3 }, { x: 1 / 3, y: 0 }], [{ x: 2 / 3, y: 1 }, { x: 1, y: 2 / 3 }]]));
  });

  it('finds nothing outside the range and skips cells with a non-finite corner', () => {
    const xs = [0, 1, 2];
    expect(isoLines(xs, xs, grid(xs, xs, (x, y) => x + y), 10)).toEqual([]);
    const holed = grid(xs, xs, (x) => x);
    holed[0][0] = Number.NaN;
    const lines = isoLines(xs, xs, holed, 0.5);
    expect(lines.flat().every((p) => p.y >= 1)).toBe(true);
    expect(lines.flat()).toHaveLength(2);
  });

  it('rejects a malformed grid', () => {
    expect(() => isoLines([0, 1], [0, 1], [[0, 1]], 0)).toThrow(/2 rows|rows/);
    expect(() => isoLines([0, 1], [0, 1], [[0, 1], [0]], 0)).toThrow(/values\[1\]/);
    expect(() => isoLines([0, 0], [0, 1], [[0, 1], [0, 1]], 0)).toThrow(/strictly increasing/);
    expect(() => isoLines([0], [0, 1], [[0], [0]], 0)).toThrow(/at least 2 xs/);
  });
});

describe('contourPlotSpec', () => {
  const xs = linspace(-2, 2, 21);
  const ys = linspace(-1, 1, 11);
  const f = (x: number, y: number) => x * x + 3 * y * y;
  const trajectory = [{ x: 1.8, y: 0.9 }, { x: 1, y: 0.2 }, { x: 0.4, y: 0 }, { x: 0.1, y: 0 }];
  const points = [{ x: 0, y: 0, label: 'minimum' }];
  const spec = json(contourPlotSpec({ xs, ys, values: grid(xs, ys, f), trajectory, points, title: 'Bowl', xTitle: 'w1', yTitle: 'w2', levels: 6 }));
  const layer = (i: number) => spec.layer[i];

  it('layers heatmap, iso-lines, trajectory line and markers, point markers and labels', () => {
    expect(spec.layer.map((l: Json) => l.mark.type)).toEqual(['rect', 'line', 'line', 'point', 'point', 'text', 'text']);
    expect(spec.title).toBe('Bowl');
    for (const l of spec.layer) {
      expect(l.encoding.x.title).toBe('w1');
      expect(l.encoding.y.title).toBe('w2');
    }
  });

  it('tiles every grid row with rectangles spanning the cells, the outer ones half a spacing past the grid', () => {
    const cells: Json[] = layer(0).data.values;
    expect(layer(0).encoding.x.scale.domain).toEqual([-2.1, 2.1]);
    expect(layer(0).encoding.y.scale.domain).toEqual([-1.1, 1.1]);
    for (const y0 of new Set(cells.map((c) => c.y0))) {
      const row = cells.filter((c) => c.y0 === y0).sort((a, b) => a.x0 - b.x0);
      expect(row[0].x0).toBeCloseTo(-2.1, 12);
      expect(row[row.length - 1].x1).toBeCloseTo(2.1, 12);
      for (let k = 1; k < row.length; k++) expect(row[k].x0).toBe(row[k - 1].x1);
    }
    expect(new Set(cells.map((c) => c.y0)).size).toBe(ys.length);
  });

  it('colours by quantile band, named by value range, low to high', () => {
    const thresholds = quantileLevels(grid(xs, ys, f).flat(), 6);
    const color = layer(0).encoding.color;
    expect(color).toMatchObject({ field: 'band', type: 'ordinal', title: 'f(x, y)' });
    expect(color.scale.domain).toHaveLength(thresholds.length + 1);
    expect(color.scale.domain[0]).toBe(`< ${Number(thresholds[0].toPrecision(3))}`);
    expect(color.scale.domain.at(-1)).toBe(`\u2265 ${Number(thresholds.at(-1)!.toPrecision(3))}`);
    // the minimum's cell lies in the lowest band and a corner in the highest
    const cells: Json[] = layer(0).data.values;
    const at = (x: number, y: number) => cells.find((c) => c.x0 <= x && x < c.x1 && c.y0 <= y && y < c.y1);
    expect(at(0, 0).band).toBe(color.scale.domain[0]);
    expect(at(-2, -1).band).toBe(color.scale.domain.at(-1));
  });

  it('names bands with a typographic minus and as many digits as keep them apart', () => {
    const signed = json(contourPlotSpec({ xs: [0, 1, 2, 3, 4], ys: [0, 1], values: [[-5, -4, -3, -2, -1], [-5, -4, -3, -2, -1]], levels: 2, title: 't', xTitle: 'x', yTitle: 'y' }));
    expect(signed.layer[0].encoding.color.scale.domain).toEqual(['< \u22123', '\u2265 \u22123']);
    const close = json(contourPlotSpec({ xs: [0, 1, 2, 3], ys: [0, 1], values: [[1, 1.0001, 1.0002, 1.0003], [1, 1.0001, 1.0002, 1.0003]], levels: 3, title: 't', xTitle: 'x', yTitle: 'y' }));
    const names: string[] = close.layer[0].encoding.color.scale.domain;
    expect(names).toHaveLength(3);
    expect(names[1]).toMatch(/^1\.000\d+ to 1\.000\d+$/);
  });

  it('merges a row of equal-band cells into one rectangle', () => {
    const flat = json(contourPlotSpec({ xs, ys, values: grid(xs, ys, () => 3), title: 't', xTitle: 'x', yTitle: 'y' }));
    expect(flat.layer[0].data.values).toHaveLength(ys.length);
    expect(flat.layer[0].encoding.color.scale.domain).toEqual(['3']);
    expect(flat.layer[1].data.values).toEqual([]);
  });

  it('draws an iso-line per band edge, each point tagged with its line and order', () => {
    const rows: Json[] = layer(1).data.values;
    const levels = [...new Set(rows.map((r) => r.level))];
    expect(levels).toEqual(quantileLevels(grid(xs, ys, f).flat(), 6));
    expect(layer(1).encoding.detail.field).toBe('line');
    expect(layer(1).encoding.order.field).toBe('order');
    // a level below 3 is an ellipse x^2 + 3y^2 = level inside the grid: one closed line
    const inside = levels.filter((level) => level < 3);
    expect(inside.length).toBeGreaterThan(2);
    for (const level of inside) {
      const line = rows.filter((r) => r.level === level);
      expect(new Set(line.map((r) => r.line)).size).toBe(1);
      expect([line[0].x, line[0].y]).toEqual([line.at(-1).x, line.at(-1).y]);
    }
  });

  it('draws the trajectory in order with a marker per iterate, and labels the points', () => {
    expect(layer(2).data.values).toEqual(trajectory.map((p, step) => ({ step, ...p })));
    expect(layer(2).encoding.order.field).toBe('step');
    expect(layer(3).data.values).toHaveLength(trajectory.length);
    expect(layer(4).mark.shape).toBe('diamond');
    expect(layer(6).data.values).toEqual(points);
    expect(layer(6).encoding.text.field).toBe('label');
  });

  it('leaves non-finite cells out of the heatmap', () => {
    const values = grid(xs, ys, f);
    values[5][10] = Number.POSITIVE_INFINITY;
    const holed = json(contourPlotSpec({ xs, ys, values, title: 't', xTitle: 'x', yTitle: 'y' }));
    const cells: Json[] = holed.layer[0].data.values;
    expect(cells.some((c) => c.x0 < xs[10] && xs[10] < c.x1 && c.y0 < ys[5] && ys[5] < c.y1)).toBe(false);
  });

  it('renders the axis titles, legend and point labels as SVG text, and rasterises', async () => {
    const { svg, texts } = await renderChecked(contourPlotSpec({ xs, ys, values: grid(xs, ys, f), trajectory, points, title: 'Bowl', xTitle: 'w1', yTitle: 'w2' }));
    expect(texts).toEqual(expect.arrayContaining(['Bowl', 'w1', 'w2', 'f(x, y)', 'minimum']));
    expect(texts.some((t) => t.startsWith('< '))).toBe(true);
    expect(svgToPng(svg, { scale: 1 }).length).toBeGreaterThan(1000);
  });
});
