// `nabla capacity`: the two-unit z² construction of logistic regression on β₀ + β₁x₁x₂, then the same architecture trained with square, identity and relu.

import type { Command } from 'commander';
import { capacityActivations, capacityConstruction, capacityRegionSpec, trainCapacity, writeChart } from '../../labs/index.js';
import type { CapacityWeights } from '../../labs/index.js';
import { action } from '../errors.js';
import { printJson, printLines, table } from './calculus-output.js';
import { dec, intOption, numberOption, percent } from './lab-output.js';

const examples = `
Examples:
  $ nabla capacity                                  # β₀ = 0.5, β₁ = 4
  $ nabla capacity --beta0=-1 --beta1 2.5 --json    # negative values as --flag=value
  $ nabla capacity --out charts/                    # decision-region charts as SVG and PNG
  $ nabla capacity --beta0 1 --beta1=-5 --seed 3 --restarts 3   # escape a local minimum

The construction: g(z) = z², hidden pre-activations x₁ + x₂ and x₁ − x₂, output weights
(β₁/4, −β₁/4), output bias β₀ and o = σ, since (x₁ + x₂)² − (x₁ − x₂)² = 4x₁x₂. With a linear g
the logit stays linear in x, and no weights give the product.`;

interface CapacityFlags {
  beta0?: string;
  beta1?: string;
  epochs?: string;
  lr?: string;
  trainSize?: string;
  testSize?: string;
  seed?: string;
  restarts?: string;
  out?: string;
  json?: boolean;
}

const weightLines = (w: CapacityWeights): string[] => [
  `  W1 = [${w.W1.map((r) => `[${r.map((v) => dec(v)).join(', ')}]`).join(', ')}]   b1 = [${w.b1.map((v) => dec(v)).join(', ')}]`,
  `  W2 = [${w.W2.map((r) => `[${r.map((v) => dec(v)).join(', ')}]`).join(', ')}]   b2 = [${w.b2.map((v) => dec(v)).join(', ')}]`,
];

export function registerCapacity(program: Command): void {
  program
    .command('capacity')
    .description('two hidden units with g(z) = z² give logistic regression on β₀ + β₁x₁x₂: the construction, then training with square, identity and relu')
    .option('--beta0 <b>', 'β₀ of the logistic model (default 0.5)')
    .option('--beta1 <b>', 'β₁ of the logistic model (default 4)')
    .option('--epochs <n>', 'full-batch Adam steps per network (default 400, at most 20000)')
    .option('--lr <rate>', 'Adam learning rate (default 0.1)')
    .option('--train-size <n>', 'training points drawn from the model (default 500)')
    .option('--test-size <n>', 'test points drawn from the model (default 2000)')
    .option('--seed <n>', 'seed of the data and of the initial weights (default 1)')
    .option('--restarts <n>', 'trainings from different random weights per activation, the best training loss kept (default 1, at most 10)')
    .option('--out <dir>', 'write capacity-<activation>.svg and .png decision-region charts into this directory')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('capacity', async (flags: CapacityFlags) => {
        const model = {
          beta0: numberOption('--beta0', flags.beta0, 0.5, (v) => Math.abs(v) <= 1e6, 'a number of magnitude at most 1e6'),
          beta1: numberOption('--beta1', flags.beta1, 4, (v) => Math.abs(v) <= 1e6, 'a number of magnitude at most 1e6'),
        };
        const options = {
          epochs: intOption('--epochs', flags.epochs, 400, 1, 20_000),
          lr: numberOption('--lr', flags.lr, 0.1, (v) => v > 0 && v <= 10, 'a number in (0, 10]'),
          trainSize: intOption('--train-size', flags.trainSize, 500, 1, 100_000),
          testSize: intOption('--test-size', flags.testSize, 2000, 1, 100_000),
          seed: intOption('--seed', flags.seed, 1, 0, 2 ** 31 - 1),
          restarts: intOption('--restarts', flags.restarts, 1, 1, 10),
        };
        const construction = capacityConstruction(model);
        const trained = trainCapacity(model, capacityActivations, options);
        const square = trained.find((r) => r.activation === 'square');
        const files: string[] = [];
        if (flags.out !== undefined) {
          for (const fit of trained) files.push(...(await writeChart(flags.out, `capacity-${fit.activation}`, capacityRegionSpec(model, fit, { seed: options.seed }))));
        }
        if (flags.json) {
          printJson({
            model,
            construction: { weights: construction.weights, maxError: construction.maxError, scale: construction.scale },
            training: options,
            trained: trained.map(({ activation, loss, trainLoss, accuracy, bayesAccuracy, weights }) => ({ activation, loss, trainLoss, accuracy, bayesAccuracy, weights })),
            ...(files.length > 0 ? { files } : {}),
          });
          return;
        }
        printLines([
          `logistic regression on β₀ + β₁·x₁x₂ with β₀ = ${dec(model.beta0)}, β₁ = ${dec(model.beta1)}`,
          '',
          'the construction: Linear 2→2, g(z) = z², Linear 2→1, o = σ',
          ...weightLines(construction.weights),
          `  s = (β₁/4)(x₁ + x₂)² − (β₁/4)(x₁ − x₂)² + β₀ = β₀ + β₁x₁x₂`,
          `  largest |s − (β₀ + β₁x₁x₂)| at 1000 random points of [−3, 3]²: ${dec(construction.maxError, 3)} (|β₀ + β₁x₁x₂| up to ${dec(construction.scale, 4)}: float64 rounding)`,
          '',
          `the same 2-2-1 architecture trained from random weights: ${options.trainSize} training points, full-batch Adam lr ${dec(options.lr)}, ${options.epochs} steps, seed ${options.seed}${options.restarts > 1 ? `, best of ${options.restarts} starts` : ''}; scored on ${options.testSize} test points`,
          ...table(
            ['g', 'test loss (BCE)', 'accuracy', 'Bayes accuracy'],
            trained.map((r) => [r.activation, dec(r.loss, 4), percent(r.accuracy), percent(r.bayesAccuracy)]),
          ),
          '',
          'square can represent the Bayes rule exactly; with identity the logit is linear in x and cannot contain x₁x₂.',
          ...(square !== undefined && square.accuracy < square.bayesAccuracy - 0.03
            ? ['square stopped short of the Bayes rate here: gradient descent reached a local minimum (try --restarts 3 or another --seed).']
            : []),
          ...(files.length > 0 ? ['', `charts: ${files.join(', ')}`] : []),
        ]);
      }),
    );
}
