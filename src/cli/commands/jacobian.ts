// `nabla jacobian`: the Jacobian of a vector of expressions at a point, by autodiff.

import type { Command } from 'commander';
import { jacobianAt } from '../../calculus/index.js';
import { action } from '../errors.js';
import { matrixLines, num, pointOption, printJson, printLines, tuple, varsOption } from './calculus-output.js';

const examples = `
Examples:
  $ nabla jacobian "2*x + 3*y; x - y" --at "x=0,y=0"          # a linear map: J is its matrix
  $ nabla jacobian "x*y; x + y; sin(x)" --at "x=1,y=2" --json
  $ nabla jacobian "u^2; u*v" --at "u=1,v=2" --vars u,v`;

export function registerJacobian(program: Command): void {
  program
    .command('jacobian')
    .description('Jacobian of "E1; E2; ..." at a point, one row per expression')
    .argument('<exprs>', 'expressions separated by ";"')
    .requiredOption('--at <point>', 'the point, e.g. "x=1,y=2"')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('jacobian', (exprs: string, flags: { at: string; vars?: string; json?: boolean }) => {
        const r = jacobianAt(exprs, pointOption('--at', flags.at), varsOption(flags.vars));
        if (flags.json) {
          printJson({ variables: r.variables, point: r.point, values: r.values, jacobian: r.jacobian });
          return;
        }
        printLines([
          `at (${r.variables.join(', ')}) = ${tuple(r.point)}:  F = ${tuple(r.values)}`,
          '',
          `J = ∂(f₁…f${r.values.length})/∂(${r.variables.join(', ')}) =`,
          ...matrixLines(r.jacobian),
        ]);
      }),
    );
}
