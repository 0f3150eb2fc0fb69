// `nabla linear perceptron|adaline|logistic`: trains a linear rule online on 2-D data, and checks a claimed loss against its update.

import type { Command } from 'commander';
import { formatNumber, formatPretty, parseExpression } from '../../calculus/index.js';
import {
  boundarySpec, checkLoss, linearDataKinds, linearDataset, linearHistorySpec, linearRuleNames, linearRules, maxLinearEpochs, maxLinearPoints,
  parseLabelledCsv, trainLinearRule, writeChart,
} from '../../labs/index.js';
import type { LabelledPoints, LinearDataKind, LinearRuleName, LossCheck } from '../../labs/index.js';
import { action, UsageError } from '../errors.js';
import { printJson, printLines, table } from './calculus-output.js';
import { dec, intOption, numberOption, percent, readBoundedText } from './lab-output.js';

const examples = `
Examples:
  $ nabla linear perceptron                                   # separable data: stops making mistakes
  $ nabla linear perceptron --data overlapping --epochs 30    # never converges, and says so
  $ nabla linear adaline --lr 0.01 --out charts/              # boundary over epochs and loss per epoch, SVG and PNG
  $ nabla linear logistic --check-loss "log(1 + exp(-2*y*s))" # consistent, c = 1
  $ nabla linear logistic --check-loss "-2*log(1 + exp(-y*s))" --json
  $ nabla linear perceptron --data points.csv                 # rows x1,x2,y with y = -1 or 1

Every rule updates w ← w + η(y − ỹ(s))x and b ← b + η(y − ỹ(s)) after each point, with s = b + w·x and
y ∈ {−1, +1}. A loss L(s, y) fits the rule when −∂L/∂s = c·(y − ỹ(s)) for one c > 0; --check-loss
tests that at s = −5, −4.9, …, 5 and y = ±1 with nabla's autodiff and prints a counterexample otherwise.`;

/** The largest CSV file --data reads. */
const maxCsvBytes = 10 * 1024 * 1024;

interface LinearFlags {
  data: string;
  n?: string;
  seed?: string;
  lr?: string;
  epochs?: string;
  checkLoss?: string;
  out?: string;
  json?: boolean;
}

function loadData(flags: LinearFlags): { data: LabelledPoints; source: string } {
  if ((linearDataKinds as readonly string[]).includes(flags.data)) {
    const n = intOption('--n', flags.n, 100, 1, maxLinearPoints);
    const seed = intOption('--seed', flags.seed, 1, 0, 2 ** 31 - 1);
    return { data: linearDataset(flags.data as LinearDataKind, { n, seed }), source: `${flags.data} data (${n} points, seed ${seed})` };
  }
  if (!flags.data.toLowerCase().endsWith('.csv')) {
    throw new UsageError(`--data: expected ${linearDataKinds.join(', ')} or a .csv file of x1,x2,y rows, got '${flags.data}'`);
  }
  const text = readBoundedText('--data', flags.data, maxCsvBytes);
  try {
    const data = parseLabelledCsv(text);
    return { data, source: `${flags.data} (${data.x.length} points)` };
  } catch (error) {
    throw new UsageError(`--data ${flags.data}: ${(error as Error).message}`);
  }
}

function checkJson(c: LossCheck) {
  return { loss: c.loss, consistent: c.consistent, ...(c.factor !== undefined ? { factor: c.factor } : {}), ...(c.counterexample ? { counterexample: c.counterexample, reason: c.reason } : {}), samples: c.samples };
}

/** "consistent: −∂L/∂s = 1/2·(y − ỹ(s))" or the counterexample. */
export function checkLines(c: LossCheck): string[] {
  const head = `check-loss L = ${formatPretty(parseExpression(c.loss))} against the ${c.rule} update (${c.samples} points (s, y)):`;
  if (c.consistent) return [head, `  consistent: −∂L/∂s = c·(y − ỹ(s)) with c = ${formatNumber(c.factor!)}`];
  const k = c.counterexample!;
  return [
    head,
    `  not consistent: ${c.reason}`,
    `  counterexample: s = ${dec(k.s)}, y = ${dec(k.y)}: expected −∂L/∂s = c·(y − ỹ(s)) = ${dec(k.expected)} (c = ${formatNumber(k.c)}), got ${dec(k.got)}`,
  ];
}

export function registerLinear(program: Command): void {
  program
    .command('linear')
    .description('the perceptron, Adaline and tanh-logistic rules on 2-D data: inference, loss, gradient, update, training charts; --check-loss tests a claimed loss')
    .argument('<rule>', `one of ${linearRuleNames.join(', ')}`)
    .option('--data <kind|file>', `${linearDataKinds.join(', ')} (seeded), or a CSV file of x1,x2,y`, 'separable')
    .option('--n <count>', `points to generate (default 100, at most ${maxLinearPoints})`)
    .option('--seed <n>', 'seed of the generated data (default 1)')
    .option('--lr <rate>', 'η (default 0.1)')
    .option('--epochs <n>', `passes over the data (default 20, at most ${maxLinearEpochs})`)
    .option('--check-loss <expr>', 'a claimed loss in s and y, e.g. "log(1 + exp(-2*y*s))"')
    .option('--out <dir>', 'write linear-<rule>-boundary and linear-<rule>-history charts (SVG and PNG) into this directory')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('linear', async (ruleName: string, flags: LinearFlags) => {
        if (!(linearRuleNames as readonly string[]).includes(ruleName)) throw new UsageError(`unknown rule '${ruleName}' (expected one of ${linearRuleNames.join(', ')})`);
        const name = ruleName as LinearRuleName;
        const rule = linearRules[name];
        const lr = numberOption('--lr', flags.lr, 0.1, (v) => v > 0 && v <= 1e3, 'a number in (0, 1000]');
        const epochs = intOption('--epochs', flags.epochs, 20, 1, maxLinearEpochs);
        let check: LossCheck | undefined;
        if (flags.checkLoss !== undefined) {
          try {
            check = checkLoss(name, flags.checkLoss);
          } catch (error) {
            throw new UsageError(`--check-loss: ${(error as Error).message}`);
          }
        }
        const { data, source } = loadData(flags);
        const training = trainLinearRule(name, data, { lr, epochs });
        const files: string[] = [];
        if (flags.out !== undefined) {
          const title = `${name} on ${source}, η = ${dec(lr)}`;
          files.push(...(await writeChart(flags.out, `linear-${name}-boundary`, boundarySpec(data, training, title))));
          files.push(...(await writeChart(flags.out, `linear-${name}-history`, linearHistorySpec(training, title))));
        }
        const lossPretty = `L = ${formatPretty(parseExpression(rule.loss))}`;
        if (flags.json) {
          printJson({
            rule: name, inference: rule.inference, loss: rule.loss, gradient: rule.gradient, update: rule.update,
            ...(check ? { check: checkJson(check) } : {}),
            data: source, lr, epochs,
            history: training.history.map(({ epoch, loss, mistakes, w, b }) => ({ epoch, loss, mistakes, w, b })),
            weights: training.weights, accuracy: training.accuracy, converged: training.converged, diverged: training.diverged,
            ...(files.length > 0 ? { files } : {}),
          });
          return;
        }
        const h = training.history;
        const every = Math.max(1, Math.ceil(h.length / 20));
        const shown = h.filter((e, i) => i % every === 0 || i === h.length - 1);
        const last = h[h.length - 1]!;
        const verdict = training.diverged
          ? `diverged after ${h.length} epochs: the weights blew up; try a smaller --lr`
          : name === 'perceptron'
            ? training.converged
              ? `converged: epoch ${h.length} made no mistake, so the weights no longer change (the data are linearly separable)`
              : `did not converge in ${epochs} epochs: ${last.mistakes} mistakes in the last epoch; the perceptron keeps updating on data no line separates`
            : `after ${h.length} epochs: ${last.mistakes} points misclassified when visited in the last epoch`;
        printLines([
          `${name} on ${source}, η = ${dec(lr)}`,
          '',
          `inference  ${rule.inference}`,
          `loss       ${lossPretty}`,
          `gradient   ${rule.gradient}`,
          `update     ${rule.update}`,
          '',
          ...table(['epoch', 'mean loss', 'mistakes', 'w', 'b'], shown.map((e) => [String(e.epoch), dec(e.loss, 4), String(e.mistakes), `(${e.w.map((v) => dec(v, 4)).join(', ')})`, dec(e.b, 4)])),
          '',
          `w = (${training.weights.w.map((v) => dec(v)).join(', ')}), b = ${dec(training.weights.b)}; accuracy ${percent(training.accuracy)}`,
          verdict,
          ...(check ? ['', ...checkLines(check)] : []),
          ...(files.length > 0 ? ['', `charts: ${files.join(', ')}`] : []),
        ]);
      }),
    );
}
