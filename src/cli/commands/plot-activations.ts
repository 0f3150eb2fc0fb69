// `nabla plot activations`: each activation and its derivative (by autodiff), drawn with the chart stack to SVG and PNG.

import { join } from 'node:path';
import type { Command } from 'commander';
import { derivativesAt, parseExpression } from '../../calculus/index.js';
import { activationGridSpec, renderChart } from '../../plot/index.js';
import type { ActivationPanel } from '../../plot/index.js';
import { action } from '../errors.js';
import { printJson, printLines } from './calculus-output.js';

const examples = `
Examples:
  $ nabla plot activations                    # writes activations.svg and activations.png here
  $ nabla plot activations --out charts/
  $ nabla plot activations --out charts --json

Each derivative is computed by nabla's autodiff (relu'(0) = 0 and leaky-relu'(0) = 0.1, as PyTorch).`;

/** The course's activations as expressions in x. */
export const activationExpressions: readonly { name: string; expr: string }[] = [
  { name: 'relu', expr: 'relu(x)' },
  { name: 'leaky-relu (α = 0.1)', expr: 'max(0.1*x, x)' },
  { name: 'gelu', expr: 'gelu(x)' },
  { name: 'tanh', expr: 'tanh(x)' },
  { name: 'sigmoid', expr: 'sigmoid(x)' },
  { name: 'softplus', expr: 'softplus(x)' },
];

/** Samples each activation and its autodiff derivative on [−4, 4]. */
export function activationPanels(samples = 321): ActivationPanel[] {
  const xs = Array.from({ length: samples }, (_, i) => -4 + (8 * i) / (samples - 1));
  return activationExpressions.map(({ name, expr }) => {
    const d = derivativesAt(parseExpression(expr), ['x'], xs.map((x) => [x]), 1);
    return { name, xs, f: d.values, df: d.gradients.map((g) => g[0]!) };
  });
}

function plotCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'plot') ?? program.command('plot').description('draw charts');
}

export function registerPlotActivations(program: Command): void {
  plotCommand(program)
    .command('activations')
    .description('plot relu, leaky-relu, gelu, tanh, sigmoid and softplus with their derivatives (SVG and PNG)')
    .option('--out <dir>', 'output directory', '.')
    .option('--json', 'print one JSON document (files and sampled values)')
    .addHelpText('after', examples)
    .action(
      action('plot activations', async (flags: { out: string; json?: boolean }) => {
        const panels = activationPanels();
        const spec = activationGridSpec(panels);
        const files = [join(flags.out, 'activations.svg'), join(flags.out, 'activations.png')];
        for (const file of files) await renderChart(spec, file);
        if (flags.json) {
          printJson({ files, activations: panels.map((p) => ({ name: p.name, x: p.xs, f: p.f, df: p.df })) });
          return;
        }
        printLines([`activations and their derivatives written to ${files.join(' and ')}`]);
      }),
    );
}
