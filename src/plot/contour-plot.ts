// Contour-plot specs: a banded heatmap of f(x, y) with iso-lines, a descent trajectory and labelled points.

import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteSchema } from './line-chart.js';

/** A point in the plane. */
export interface PlanePoint {
  x: number;
  y: number;
}

/** Options of `contourPlotSpec`. */
export interface ContourPlotOptions {
  /** Grid abscissae, strictly increasing. */
  xs: readonly number[];
  /** Grid ordinates, strictly increasing. */
  ys: readonly number[];
  /** `values[j][i] = f(xs[i], ys[j])`; non-finite cells are left blank. */
  values: ReadonlyArray<readonly number[]>;
  /** Iterates of a descent method, drawn in order as a line with a marker on each. */
  trajectory?: readonly PlanePoint[];
  /** Marked and labelled points, such as critical points. */
  points?: ReadonlyArray<PlanePoint & { label: string }>;
  title: string;
  xTitle: string;
  yTitle: string;
  /** Number of colour bands; iso-lines are drawn between them. Default 10. */
  levels?: number;
  width?: number;
  height?: number;
}

const trajectoryColor = '#e8173c';

/**
 * A heatmap of f over a grid, banded at quantiles of its values so the low region around a minimum
 * gets as many colours as the steep walls, with iso-lines on the band edges, the trajectory on top
 * and each point marked with a white diamond and its label. Everything is clipped to the grid.
 * Neighbouring cells of a row that fall in one band are drawn as one rectangle, which keeps the
 * SVG small (a 100 x 100 grid stays in the hundreds of kilobytes).
 *
 * @example
 * const xs = linspace(-2, 2, 60), ys = linspace(-1, 3, 60);
 * const values = ys.map((y) => xs.map((x) => (1 - x) ** 2 + 100 * (y - x * x) ** 2));
 * const spec = contourPlotSpec({
 *   xs, ys, values, title: 'Rosenbrock', xTitle: 'x', yTitle: 'y',
 *   trajectory: iterates, points: [{ x: 1, y: 1, label: 'minimum (1, 1)' }],
 * });
 */
export function contourPlotSpec(options: ContourPlotOptions): TopLevelSpec {
  const { xs, ys, values, trajectory = [], points = [], title, xTitle, yTitle } = options;
  const { levels: bandCount = 10, width = 440, height = 360 } = options;
  checkGrid(xs, ys, values);
  const thresholds = quantileLevels(values.flat(), bandCount);
  const xEdges = cellEdges(xs);
  const yEdges = cellEdges(ys);
  const bandNames = bandLabels(thresholds, values.flat());
  const cells = bandRuns(values, thresholds).map((run) => ({
    x0: xEdges[run.i0],
    x1: xEdges[run.i1 + 1],
    y0: yEdges[run.j],
    y1: yEdges[run.j + 1],
    value: run.value,
    band: bandNames[run.band],
  }));
  const contours = thresholds.flatMap((level, k) =>
    isoLines(xs, ys, values, level).flatMap((line, n) => line.map((p, order) => ({ line: `${k} ${n}`, order, level, x: p.x, y: p.y }))),
  );
  const path = trajectory.map((p, step) => ({ step, x: p.x, y: p.y }));
  const labelled = points.map((p) => ({ x: p.x, y: p.y, label: p.label }));
  const xScale = { domain: [xEdges[0], xEdges[xs.length]], nice: false, zero: false };
  const yScale = { domain: [yEdges[0], yEdges[ys.length]], nice: false, zero: false };
  const at = (xField: string, yField: string) => ({
    x: { field: xField, type: 'quantitative', title: xTitle, scale: xScale },
    y: { field: yField, type: 'quantitative', title: yTitle, scale: yScale },
  }) as const;
  const labelText = { type: 'text', dy: -13, fontSize: 12, fontWeight: 'bold', clip: true } as const;
  return {
    $schema: vegaLiteSchema,
    title,
    width,
    height,
    layer: [
      {
        data: { values: cells },
        // a rectangle reaches half a pixel into the next one drawn, so no antialiased seams show;
        // no ARIA label per rectangle, which would triple the SVG
        mark: { type: 'rect', stroke: null, x2Offset: 0.5, y2Offset: -0.5, clip: true, aria: false },
        encoding: {
          ...at('x0', 'y0'),
          x2: { field: 'x1' },
          y2: { field: 'y1' },
          // bands are named by their value ranges, so the legend lists them evenly spaced, low first
          color: {
            field: 'band',
            type: 'ordinal',
            title: 'f(x, y)',
            scale: { domain: bandNames, scheme: { name: 'viridis', count: bandNames.length } },
            legend: { symbolType: 'square', symbolSize: 160, symbolOpacity: 1 },
          },
        },
      },
      {
        data: { values: contours },
        mark: { type: 'line', color: 'white', opacity: 0.55, strokeWidth: 0.8, clip: true, aria: false },
        encoding: { ...at('x', 'y'), detail: { field: 'line' }, order: { field: 'order', type: 'quantitative' } },
      },
      {
        data: { values: path },
        mark: { type: 'line', color: trajectoryColor, strokeWidth: 2, clip: true },
        encoding: { ...at('x', 'y'), order: { field: 'step', type: 'quantitative' } },
      },
      {
        data: { values: path },
        mark: { type: 'point', filled: true, color: trajectoryColor, stroke: 'white', strokeWidth: 0.8, size: 28, opacity: 1, clip: true },
        encoding: at('x', 'y'),
      },
      {
        data: { values: labelled },
        mark: { type: 'point', shape: 'diamond', filled: true, color: 'white', stroke: 'black', strokeWidth: 1.2, size: 110, opacity: 1, clip: true },
        encoding: at('x', 'y'),
      },
      // the same label twice: a thick white outline underneath keeps it legible on any band colour
      {
        data: { values: labelled },
        mark: { ...labelText, stroke: 'white', strokeWidth: 3, strokeJoin: 'round' },
        encoding: { ...at('x', 'y'), text: { field: 'label' } },
      },
      {
        data: { values: labelled },
        mark: { ...labelText, color: 'black' },
        encoding: { ...at('x', 'y'), text: { field: 'label' } },
      },
    ],
  };
}

/**
 * `count - 1` thresholds that split the finite `values` into `count` equally populated bands
 * (linear interpolation between order statistics, as d3 and R type 7); repeats, and levels equal
 * to the least value, are dropped, so no band is empty.
 *
 * @example
 * quantileLevels([0, 1, 2, 3, 4], 2); // [2]
 * quantileLevels([0, 1, 2, 3, 4], 4); // [1, 2, 3]
 */
export function quantileLevels(values: readonly number[], count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`band count must be a positive integer, got ${count}`);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const levels: number[] = [];
  for (let k = 1; k < count; k++) {
    const h = ((sorted.length - 1) * k) / count;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    const level = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    // a level at the minimum would leave its lower band empty
    if (level > (levels.length === 0 ? sorted[0] : levels[levels.length - 1])) levels.push(level);
  }
  return levels;
}

/**
 * The iso-line f = `level` of a gridded function, by marching squares: in each grid cell the
 * crossings are placed on the cell's edges by linear interpolation and joined; a saddle cell (four
 * crossings) is resolved by the cell's mean. Cells with a non-finite corner are skipped. The
 * pieces are then chained through their shared edges into polylines; a closed curve repeats its
 * first point at the end.
 *
 * @example
 * const xs = [-1, 0, 1], ys = [-1, 0, 1];
 * const values = ys.map((y) => xs.map((x) => x * x + y * y));
 * isoLines(xs, ys, values, 0.5); // one closed diamond around the origin, 5 points
 */
export function isoLines(
  xs: readonly number[],
  ys: readonly number[],
  values: ReadonlyArray<readonly number[]>,
  level: number,
): PlanePoint[][] {
  checkGrid(xs, ys, values);
  // a crossing is named by its grid edge: `h i j` from node (i, j) to (i+1, j), `v i j` to (i, j+1)
  const points = new Map<string, PlanePoint>();
  const links = new Map<string, string[]>();
  const crossingOn = (key: string, a: Corner, b: Corner): string | null => {
    const p = crossing(a, b, level);
    if (p === null) return null;
    points.set(key, p);
    return key;
  };
  const link = (a: string | null, b: string | null) => {
    if (a === null || b === null) return;
    links.set(a, [...(links.get(a) ?? []), b]);
    links.set(b, [...(links.get(b) ?? []), a]);
  };
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const v00 = values[j][i];
      const v10 = values[j][i + 1];
      const v01 = values[j + 1][i];
      const v11 = values[j + 1][i + 1];
      if (!(Number.isFinite(v00) && Number.isFinite(v10) && Number.isFinite(v01) && Number.isFinite(v11))) continue;
      const c00: Corner = [xs[i], ys[j], v00];
      const c10: Corner = [xs[i + 1], ys[j], v10];
      const c01: Corner = [xs[i], ys[j + 1], v01];
      const c11: Corner = [xs[i + 1], ys[j + 1], v11];
      const bottom = crossingOn(`h ${i} ${j}`, c00, c10);
      const right = crossingOn(`v ${i + 1} ${j}`, c10, c11);
      const top = crossingOn(`h ${i} ${j + 1}`, c01, c11);
      const left = crossingOn(`v ${i} ${j}`, c00, c01);
      const hits = [bottom, right, top, left].filter((k) => k !== null);
      if (hits.length === 2) {
        link(hits[0], hits[1]);
      } else if (hits.length === 4) {
        // the pieces cut off the two corners on the other side of the level from the cell's mean
        const centreAbove = (v00 + v10 + v01 + v11) / 4 >= level;
        if (centreAbove === v00 >= level) {
          link(bottom, right);
          link(top, left);
        } else {
          link(left, bottom);
          link(right, top);
        }
      }
    }
  }
  // every crossing has one or two neighbours: walk open chains from their ends, then the cycles
  const visited = new Set<string>();
  const lines: PlanePoint[][] = [];
  const walk = (start: string) => {
    const keys = [start];
    visited.add(start);
    for (;;) {
      const next = (links.get(keys[keys.length - 1]) ?? []).find((k) => !visited.has(k));
      if (next === undefined) break;
      visited.add(next);
      keys.push(next);
    }
    const closed = keys.length > 2 && (links.get(keys[keys.length - 1]) ?? []).includes(start);
    if (closed) keys.push(start);
    lines.push(keys.map((k) => points.get(k) as PlanePoint));
  };
  for (const [key, neighbours] of links) if (neighbours.length === 1 && !visited.has(key)) walk(key);
  for (const key of links.keys()) if (!visited.has(key)) walk(key);
  return lines;
}

type Corner = readonly [x: number, y: number, f: number];

// Where f = level on the edge from a to b, if the level separates their values (f >= level is "above").
function crossing(a: Corner, b: Corner, level: number): PlanePoint | null {
  if (a[2] >= level === b[2] >= level) return null;
  const t = (level - a[2]) / (b[2] - a[2]);
  return { x: a[0] + t * (b[0] - a[0]), y: a[1] + t * (b[1] - a[1]) };
}

// Cell i spans from the midpoint with its left neighbour to the midpoint with its right one; the
// outer cells extend by half their one spacing, so the heatmap covers the grid without gaps.
function cellEdges(coords: readonly number[]): number[] {
  const n = coords.length;
  const edges = [coords[0] - (coords[1] - coords[0]) / 2];
  for (let i = 0; i + 1 < n; i++) edges.push((coords[i] + coords[i + 1]) / 2);
  edges.push(coords[n - 1] + (coords[n - 1] - coords[n - 2]) / 2);
  return edges;
}

function checkGrid(xs: readonly number[], ys: readonly number[], values: ReadonlyArray<readonly number[]>): void {
  for (const [name, coords] of [['xs', xs], ['ys', ys]] as const) {
    if (coords.length < 2) throw new Error(`contour grid needs at least 2 ${name}, got ${coords.length}`);
    for (let i = 1; i < coords.length; i++) {
      if (!(coords[i] > coords[i - 1])) throw new Error(`contour grid ${name} must be strictly increasing (index ${i})`);
    }
  }
  if (values.length !== ys.length) throw new Error(`contour values has ${values.length} rows, expected ys.length = ${ys.length}`);
  values.forEach((row, j) => {
    if (row.length !== xs.length) throw new Error(`contour values[${j}] has ${row.length} entries, expected xs.length = ${xs.length}`);
  });
}

interface BandRun {
  j: number;
  i0: number;
  i1: number;
  band: number;
  value: number;
}

// Maximal runs i0..i1 of finite cells in row j that share a band; `value` is the run's least.
function bandRuns(values: ReadonlyArray<readonly number[]>, thresholds: readonly number[]): BandRun[] {
  // band of v = how many thresholds are <= v, so band b holds thresholds[b-1] <= v < thresholds[b]
  const bandOf = (v: number) => thresholds.filter((t) => t <= v).length;
  const runs: BandRun[] = [];
  values.forEach((row, j) => {
    let current: BandRun | null = null;
    row.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        current = null;
        return;
      }
      const band = bandOf(v);
      if (current !== null && current.band === band && current.i1 === i - 1) {
        current.i1 = i;
        current.value = Math.min(current.value, v);
      } else {
        current = { j, i0: i, i1: i, band, value: v };
        runs.push(current);
      }
    });
  });
  return runs;
}

// "< t0", "t0 to t1", ..., "≥ t(m-1)", with the fewest significant digits (3 at least) that keep
// every threshold distinct; with no threshold the single band is named by the value range.
function bandLabels(thresholds: readonly number[], values: readonly number[]): string[] {
  if (thresholds.length === 0) {
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) return ['no finite values'];
    const lo = formatNumber(finite.reduce((a, b) => Math.min(a, b)), 3);
    const hi = formatNumber(finite.reduce((a, b) => Math.max(a, b)), 3);
    return [lo === hi ? lo : `${lo} to ${hi}`];
  }
  let digits = 3;
  while (digits < 12 && new Set(thresholds.map((t) => formatNumber(t, digits))).size < thresholds.length) digits++;
  const t = thresholds.map((v) => formatNumber(v, digits));
  return [`< ${t[0]}`, ...t.slice(1).map((hi, k) => `${t[k]} to ${hi}`), `\u2265 ${t[t.length - 1]}`];
}

// Significant digits, without exponent notation for ordinary magnitudes (1234.5 -> "1230"), and a
// typographic minus (U+2212) as on vega's axes.
function formatNumber(v: number, digits: number): string {
  return String(Number(v.toPrecision(digits))).replace(/-/g, '\u2212');
}
