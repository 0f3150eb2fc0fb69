// `nabla descent`: gradient descent from a starting point; for two variables, a contour plot of the trajectory.

import type { Command } from 'commander';
import { criticalPoints, evaluateExpression, formatPretty, gradientDescent, parseFunction } from '../../calculus/index.js';
import type { OptimizationResult, ScalarFunction } from '../../calculus/index.js';
import { chartFormatOf, contourPlotSpec, renderChart } from '../../plot/index.js';
import { tensor } from '../../tensor/index.js';
import { action, UsageError } from '../errors.js';
import { num, pointOption, positiveIntOption, printJson, printLines, tuple, varsOption } from './calculus-output.js';
import { optimizationJson, trajectoryLines } from './newton.js';

const examples = `
Examples:
  $ nabla descent "x^2 + 10*y^2" --from "x=5,y=1" --lr 0.05 --steps 100
  $ nabla descent "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" --from "x=0,y=0" --lr 0.01 --plot himmelblau.png
  $ nabla descent "x^2 + y^2" --from "x=1,y=1" --lr 1.1 --json      # too large a step: diverges`;

const shortType: Readonly<Record<string, string>> = { 'local minimum': 'min', 'local maximum': 'max', 'saddle point': 'saddle', degenerate: 'degenerate' };

/** Samples f on a grid covering the trajectory and critical points, and renders the contour plot. */
async function plotDescent(f: ScalarFunction, r: OptimizationResult, file: string): Promise<void> {
  const critical = (() => {
    try {
      return criticalPoints(f, { starts: 40 }).points;
    } catch {
      return [];
    }
  })();
  const finite = r.trajectory.filter((s) => s.point.every((v) => Number.isFinite(v) && Math.abs(v) < 1e6));
  const xsAll = [...finite.map((s) => s.point[0]!), ...critical.map((p) => p.point[0]!)];
  const ysAll = [...finite.map((s) => s.point[1]!), ...critical.map((p) => p.point[1]!)];
  const range = (vs: number[]): [number, number] => {
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    const pad = Math.max(0.5, 0.15 * (hi - lo));
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = range(xsAll);
  const [y0, y1] = range(ysAll);
  const size = 90;
  const xs = Array.from({ length: size }, (_, i) => x0 + ((x1 - x0) * i) / (size - 1));
  const ys = Array.from({ length: size }, (_, j) => y0 + ((y1 - y0) * j) / (size - 1));
  const gx = Float64Array.from({ length: size * size }, (_, k) => xs[k % size]!);
  const gy = Float64Array.from({ length: size * size }, (_, k) => ys[Math.floor(k / size)]!);
  const [vx, vy] = f.variables;
  const grid = evaluateExpression(f.expr, new Map([[vx!, tensor(gx, { dtype: 'float64' })], [vy!, tensor(gy, { dtype: 'float64' })]]));
  const values = ys.map((_, j) => xs.map((_, i) => grid.data[j * size + i]!));
  const inView = critical.filter((p) => p.point[0]! >= x0 && p.point[0]! <= x1 && p.point[1]! >= y0 && p.point[1]! <= y1);
  const spec = contourPlotSpec({
    xs, ys, values,
    title: `gradient descent on ${formatPretty(f.expr)}`,
    xTitle: vx!, yTitle: vy!,
    trajectory: finite.map((s) => ({ x: s.point[0]!, y: s.point[1]! })),
    points: inView.map((p) => ({ x: p.point[0]!, y: p.point[1]!, label: `${shortType[p.type]} (${p.point.map((v, i) => p.exact[i] ?? v.toFixed(2)).join(', ')})` })),
  });
  await renderChart(spec, file);
}

export function registerDescent(program: Command): void {
  program
    .command('descent')
    .description('gradient descent: x ← x − lr·∇f (with --plot, a contour plot for two variables)')
    .argument('<expr>', 'the expression to minimise')
    .requiredOption('--from <point>', 'the starting point, e.g. "x=1,y=2"')
    .requiredOption('--lr <rate>', 'learning rate')
    .option('--steps <n>', 'maximum number of steps (default 100)')
    .option('--plot <file>', 'write a contour plot with the trajectory (.svg or .png; two variables)')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('descent', async (expr: string, flags: { from: string; lr: string; steps?: string; plot?: string; vars?: string; json?: boolean }) => {
        const f = parseFunction(expr, varsOption(flags.vars));
        const lr = Number(flags.lr);
        if (!(lr > 0) || !Number.isFinite(lr)) throw new UsageError(`--lr: expected a positive number, got '${flags.lr}'`);
        if (flags.plot !== undefined) {
          chartFormatOf(flags.plot);
          if (f.variables.length !== 2) throw new UsageError(`--plot needs a function of two variables, this one has ${f.variables.length}`);
        }
        const r = gradientDescent(f, pointOption('--from', flags.from), { lr, steps: positiveIntOption('--steps', flags.steps, 100) });
        if (flags.plot !== undefined) await plotDescent(f, r, flags.plot);
        if (flags.json) return printJson({ ...optimizationJson(r), ...(flags.plot ? { plot: flags.plot } : {}) });
        const every = Math.max(1, Math.ceil(r.trajectory.length / 25));
        printLines([
          `f(${r.variables.join(', ')}) = ${formatPretty(f.expr)}, lr = ${num(lr)}`,
          '',
          ...trajectoryLines(r, every),
          ...(flags.plot ? [`contour plot written to ${flags.plot}`] : []),
        ]);
      }),
    );
}
