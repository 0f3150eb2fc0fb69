// `nabla hessian`: the Hessian at a point (autodiff of autodiff), its eigenvalues and definiteness.

import type { Command } from 'commander';
import { formatPretty, hessianAt, parseFunction } from '../../calculus/index.js';
import { action } from '../errors.js';
import { matrixLines, num, pointOption, printJson, printLines, tuple, varsOption } from './calculus-output.js';

const examples = `
Examples:
  $ nabla hessian "x^2 + y^2 + z^2 - x*y*z" --at "x=2,y=2,z=2"
  $ nabla hessian "x^2*y + x*y^2 - 6*x*y" --at "x=2,y=2" --json
  $ nabla hessian "x^3 - 3*x*y^2" --at "x=0,y=0"      # the monkey saddle: H = 0`;

export function registerHessian(program: Command): void {
  program
    .command('hessian')
    .description('Hessian of an expression at a point, with eigenvalues and definiteness')
    .argument('<expr>', 'the expression')
    .requiredOption('--at <point>', 'the point, e.g. "x=1,y=2"')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('hessian', (expr: string, flags: { at: string; vars?: string; json?: boolean }) => {
        const f = parseFunction(expr, varsOption(flags.vars));
        const r = hessianAt(f, pointOption('--at', flags.at));
        if (flags.json) {
          printJson({ variables: r.variables, point: r.point, hessian: r.hessian, eigenvalues: r.eigenvalues, definiteness: r.definiteness });
          return;
        }
        printLines([
          `f(${r.variables.join(', ')}) = ${formatPretty(f.expr)}`,
          `at (${r.variables.join(', ')}) = ${tuple(r.point)}:  f = ${num(r.value)}`,
          '',
          'H =',
          ...matrixLines(r.hessian),
          '',
          `eigenvalues: ${r.eigenvalues.map(num).join(', ')}`,
          `H is ${r.definiteness}`,
        ]);
      }),
    );
}
