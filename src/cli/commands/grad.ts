// `nabla grad`: the gradient of an expression at a point, by autodiff, with its symbolic form.

import type { Command } from 'commander';
import { formatPretty, gradientAt, parseFunction } from '../../calculus/index.js';
import { action } from '../errors.js';
import { num, pointOption, printJson, printLines, table, tuple, varsOption } from './calculus-output.js';

const examples = `
Examples:
  $ nabla grad "x^2*y + x*y^2 - 6*x*y" --at "x=3/2,y=3"
  $ nabla grad "relu(b + x*w)" --at "b=0.5,x=2,w=-1"
  $ nabla grad "max(0.1*x, x)" --at "x=-2" --json
  $ nabla grad "gelu(x)" --at "x=1"

Functions: exp log sqrt abs sin cos tanh sigmoid erf gelu softplus relu min max; constants pi, e.
Symbolic derivatives of relu, max, min and abs are piecewise and undefined on the boundary;
the numbers there follow autodiff's convention: relu'(0) = 0, |x|' = 0 at 0, and max or min
split a tie equally (∂max(x, y) = (1/2, 1/2) at x = y).
A derivative that is not finite at the point (√x at 0) is an error. A symbolic form longer
than 2000 characters is not shown (its value is).`;

export function registerGrad(program: Command): void {
  program
    .command('grad')
    .description('gradient of an expression at a point (autodiff), with the symbolic partial derivatives')
    .argument('<expr>', 'the expression, e.g. "x^2*y + x*y^2 - 6*x*y"')
    .requiredOption('--at <point>', 'the point, e.g. "x=1,y=2"')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('grad', (expr: string, flags: { at: string; vars?: string; json?: boolean }) => {
        const f = parseFunction(expr, varsOption(flags.vars));
        const r = gradientAt(f, pointOption('--at', flags.at));
        if (flags.json) {
          printJson({
            variables: r.variables, point: r.point, value: r.value, gradient: r.gradient,
            symbolic: r.symbolic.map((s) => s.text), latex: r.symbolic.map((s) => s.latex),
            ...(r.symbolic.some((s) => s.omitted) ? { omitted: r.symbolic.map((s) => s.omitted) } : {}),
          });
          return;
        }
        printLines([
          `f(${r.variables.join(', ')}) = ${formatPretty(f.expr)}`,
          `at (${r.variables.join(', ')}) = ${tuple(r.point)}:  f = ${num(r.value)}`,
          '',
          ...table(['', 'symbolic', 'value'], r.symbolic.map((s, i) => [`∂f/∂${s.variable}`, s.pretty ?? `(${s.omitted})`, num(r.gradient[i]!)])),
          '',
          `∇f = ${tuple(r.gradient)}`,
        ]);
      }),
    );
}
