// `nabla newton`: Newton's method for minimisation from a starting point, showing each iterate.

import type { Command } from 'commander';
import { formatPretty, newton, parseFunction } from '../../calculus/index.js';
import type { OptimizationResult } from '../../calculus/index.js';
import { action } from '../errors.js';
import { num, pointOption, positiveIntOption, printJson, printLines, table, tuple, varsOption } from './calculus-output.js';

const examples = `
Examples:
  $ nabla newton "x^2 + y^2 + z^2" --from "x=3,y=-1,z=2"      # a quadratic: one step to the minimum
  $ nabla newton "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" --from "x=4,y=4" --steps 20
  $ nabla newton "x^4" --from "x=1" --json
  $ nabla newton "x^2 + y" --from "x=1,y=0"                   # singular Hessian: reported, no crash`;

/** The trajectory table shared by newton and descent. */
export function trajectoryLines(r: OptimizationResult, every = 1): string[] {
  const rows = r.trajectory
    .map((s, k) => ({ s, k }))
    .filter(({ k }) => k % every === 0 || k === r.trajectory.length - 1)
    .map(({ s, k }) => [String(k), tuple(s.point), num(s.value), num(s.gradientNorm)]);
  const verdict = r.converged
    ? `converged after ${r.trajectory.length - 1} step${r.trajectory.length === 2 ? '' : 's'} to ${tuple(r.point)}, f = ${num(r.value)}`
    : r.reason === 'singular Hessian'
      ? `stopped: the Hessian is singular at ${tuple(r.point)} (Newton's step is undefined there)`
      : r.reason === 'diverged'
        ? `stopped: the iterates diverged (non-finite values) after ${r.trajectory.length - 1} steps`
        : `not converged after ${r.trajectory.length - 1} steps; last point ${tuple(r.point)}, f = ${num(r.value)}`;
  return [...table(['step', `(${r.variables.join(', ')})`, 'f', '‖∇f‖'], rows), '', verdict];
}

export function optimizationJson(r: OptimizationResult) {
  return {
    variables: r.variables,
    trajectory: r.trajectory.map((s) => ({ point: s.point, value: s.value, gradientNorm: s.gradientNorm })),
    converged: r.converged,
    point: r.point,
    value: r.value,
    reason: r.reason,
  };
}

export function registerNewton(program: Command): void {
  program
    .command('newton')
    .description("Newton's method for minimisation: x ← x − H⁻¹∇f")
    .argument('<expr>', 'the expression to minimise')
    .requiredOption('--from <point>', 'the starting point, e.g. "x=1,y=2"')
    .option('--steps <n>', 'maximum number of steps (default 50)')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('newton', (expr: string, flags: { from: string; steps?: string; vars?: string; json?: boolean }) => {
        const f = parseFunction(expr, varsOption(flags.vars));
        const r = newton(f, pointOption('--from', flags.from), { steps: positiveIntOption('--steps', flags.steps, 50) });
        if (flags.json) return printJson(optimizationJson(r));
        printLines([`f(${r.variables.join(', ')}) = ${formatPretty(f.expr)}`, '', ...trajectoryLines(r)]);
      }),
    );
}
