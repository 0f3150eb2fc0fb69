// One expression analysed for the calculus page: its symbolic gradient and Hessian and its critical points, as plain data a worker can post.

import {
  criticalPoints, evaluateExpression, formatNumber, formatPretty, gradientDescent, newton, parseFunction, symbolicGradient,
  type CriticalPoint, type ScalarFunction, type SymbolicDerivative,
} from '../../../src/calculus/index.js';
import { contourPlotSpec } from '../../../src/plot/contour-plot.js';
import { tensor } from '../../../src/tensor/creation.js';
import type { TopLevelSpec } from 'vega-lite';

/** What the page shows: every number already formatted as the CLI formats it. */
export interface Analysis {
  variables: string[];
  pretty: string;
  /** ∂f/∂xᵢ, pretty, or why it is not shown. */
  gradient: string[];
  /** ∂²f/∂xᵢ∂xⱼ, pretty, row by row. */
  hessian: string[][];
  method: string;
  note: string | null;
  points: Array<{ point: string; value: string; eigenvalues: string; type: string }>;
  nonIsolated: string[];
  /** For a function of two variables: the contour plot with its critical points (and a path, if asked). */
  contour: TopLevelSpec | null;
  /** The descent or Newton path asked for, summed up in one line. */
  path: string | null;
}

/** A path to draw: gradient descent with a learning rate, or Newton's method, from a start. */
export interface PathRequest {
  method: 'newton' | 'descent';
  from: [number, number];
  lr: number;
  steps: number;
}

const shortType: Readonly<Record<string, string>> = { 'local minimum': 'min', 'local maximum': 'max', 'saddle point': 'saddle', degenerate: 'degenerate' };

/** f sampled on a grid covering the critical points and the path (at least [−3, 3]²), as a contour plot spec. */
function contourOf(f: ScalarFunction, critical: readonly CriticalPoint[], path: ReadonlyArray<readonly number[]>, title: string): TopLevelSpec {
  const near = (p: readonly number[]) => p.every((v) => Number.isFinite(v) && Math.abs(v) < 1e6);
  const shown = [...critical.map((p) => p.point), ...path].filter(near);
  const range = (k: number): [number, number] => {
    const vs = [-3, 3, ...shown.map((p) => p[k])];
    const [lo, hi] = [Math.min(...vs), Math.max(...vs)];
    const pad = 0.1 * (hi - lo);
    return [lo - pad, hi + pad];
  };
  const [[x0, x1], [y0, y1]] = [range(0), range(1)];
  const size = 80;
  const xs = Array.from({ length: size }, (_, i) => x0 + ((x1 - x0) * i) / (size - 1));
  const ys = Array.from({ length: size }, (_, j) => y0 + ((y1 - y0) * j) / (size - 1));
  const gx = Float64Array.from({ length: size * size }, (_, k) => xs[k % size]);
  const gy = Float64Array.from({ length: size * size }, (_, k) => ys[Math.floor(k / size)]);
  const [vx, vy] = f.variables;
  const grid = evaluateExpression(f.expr, new Map([[vx, tensor(gx, { dtype: 'float64' })], [vy, tensor(gy, { dtype: 'float64' })]]));
  const values = ys.map((_, j) => xs.map((_, i) => grid.data[j * size + i]));
  return contourPlotSpec({
    xs, ys, values, title, xTitle: vx, yTitle: vy, width: 420, height: 360,
    trajectory: path.filter(near).map((p) => ({ x: p[0], y: p[1] })),
    points: critical.filter((p) => near(p.point)).map((p) => ({
      x: p.point[0], y: p.point[1], label: `${shortType[p.type] ?? p.type} (${p.point.map((v, i) => p.exact[i] ?? v.toFixed(2)).join(', ')})`,
    })),
  });
}

const num = (x: number) => formatNumber(x).replace(/^-/, '−');

function shown(d: SymbolicDerivative): string {
  return d.pretty ?? `(${d.omitted})`;
}

/** ∂f/∂xᵢ for each variable, as functions of the same variables (to differentiate again). */
function partials(f: ScalarFunction): Array<{ d: SymbolicDerivative; f: ScalarFunction | null }> {
  return symbolicGradient(f).map((d) => ({ d, f: d.text === null ? null : parseFunction(d.text, f.variables) }));
}

/**
 * Parses `source` (variables in `vars` order, alphabetical by default), differentiates it twice
 * symbolically and finds its critical points as `nabla critical` does; throws the library's
 * one-line errors for a bad expression.
 */
export function analyse(source: string, vars?: string[], pathRequest?: PathRequest): Analysis {
  const f = parseFunction(source, vars);
  const first = partials(f);
  const hessian = first.map(({ f: fi }) => (fi === null ? f.variables.map(() => '(not shown)') : symbolicGradient(fi).map(shown)));
  const r = criticalPoints(f);
  const how = r.method === 'homotopy continuation'
    ? `homotopy continuation, ${r.paths} path${r.paths === 1 ? '' : 's'}; complete: every isolated critical point is listed`
    : `multi-start Newton with deflation, ${r.paths} starts in [${r.box![0]}, ${r.box![1]}]^${r.variables.length}; not complete: points outside the box or missed by all starts are not listed`;
  let contour: TopLevelSpec | null = null;
  let path: string | null = null;
  if (f.variables.length === 2) {
    let steps: number[][] = [];
    if (pathRequest) {
      const { method, from, lr } = pathRequest;
      const run = method === 'newton' ? newton(f, from, { steps: pathRequest.steps }) : gradientDescent(f, from, { lr, steps: pathRequest.steps });
      steps = run.trajectory.map((t) => t.point);
      const name = method === 'newton' ? "Newton's method" : `gradient descent (lr ${lr})`;
      path = `${name} from (${from.map(num).join(', ')}): ${run.reason} after ${run.trajectory.length - 1} step${run.trajectory.length === 2 ? '' : 's'} at (${run.point.map(num).join(', ')}), f = ${num(run.value)}`;
    }
    contour = contourOf(f, r.points, steps, `f(${f.variables.join(', ')}) = ${formatPretty(f.expr)}`);
  }
  return {
    contour,
    path,
    variables: [...f.variables],
    pretty: formatPretty(f.expr),
    gradient: first.map(({ d }) => shown(d)),
    hessian,
    method: how,
    note: r.note ?? null,
    points: r.points.map((p) => ({
      point: `(${p.point.map((x, i) => p.exact[i]?.replace(/^-/, '−') ?? num(x)).join(', ')})`,
      value: num(p.value),
      eigenvalues: p.eigenvalues.map(num).join(', '),
      type: p.type,
    })),
    nonIsolated: r.nonIsolated.map((s) => s.description),
  };
}
