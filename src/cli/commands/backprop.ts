// `nabla backprop`: one data point through a small network, every forward value and backward gradient written out by the chain rule.

import type { Command } from 'commander';
import { backpropLimits, backpropLosses, backpropTrace, lossGradientText, lossText } from '../../labs/index.js';
import type { BackpropLoss, BackpropTrace, NamedParameters } from '../../labs/index.js';
import { action, UsageError } from '../errors.js';
import { printJson, printLines, table } from './calculus-output.js';
import { dec, intOption, matrixRows, numberList, numberOption, readBoundedText, vec } from './lab-output.js';

const examples = `
Examples:
  $ nabla backprop --sizes 2,3,2 --f "3*relu(z)" --g z --loss sse --x 1,2 --y 0,1
  $ nabla backprop --f "tanh(z)" --g "sigmoid(z)" --loss bce --x=-1,2 --y 1,0 --seed 3
  $ nabla backprop --sizes 2,3,3,2 --f "relu(z)" --g softmax --loss sse --x 1,2 --y 0,1 --lr 0.5
  $ nabla backprop --weights examples/backprop-weights.json --x 1,2 --y 0,1 --json

--weights FILE.json holds {"W1": [[…], …], "b1": […], "W2": …}, each Wₗ as [out, in] rows, so
sₗ = Wₗaₗ₋₁ + bₗ; without it the weights are uniform on [−1, 1] rounded to 2 decimals (--seed).
Negative values: write --x=-1,2 (or --x "-1,2"). Losses: sse = ‖ỹ − y‖², mse = sse/K,
bce = (1/K)Σ −[y log ỹ + (1 − y) log(1 − ỹ)], ce = −Σ y log ỹ.
Limits: at most ${backpropLimits.layers} layers, ${backpropLimits.width} units per layer, ${backpropLimits.parameters} parameters.`;

/** The largest --weights file read. */
const maxWeightsBytes = 1024 * 1024;

interface BackpropFlags {
  sizes?: string;
  f: string;
  g: string;
  loss: string;
  weights?: string;
  seed?: string;
  x: string;
  y: string;
  lr?: string;
  json?: boolean;
}

const subscripts = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number): string => [...String(n)].map((d) => subscripts[Number(d)]).join('');

function readWeights(path: string): NamedParameters {
  const text = readBoundedText('--weights', path, maxWeightsBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--weights ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--weights ${path}: expected an object {"W1": …, "b1": …}`);
  return value as NamedParameters;
}

/** The printed trace: parameters, forward table, backward per layer, update, autodiff check. */
export function traceLines(t: BackpropTrace): string[] {
  const L = t.sizes.length - 1;
  const a = (l: number) => (l === 0 ? 'x' : l === L ? 'ỹ' : `a${sub(l)}`);
  const dims = (m: readonly (readonly number[])[]) => `[${m.length}×${m[0]?.length ?? 0}]`;
  const params = (p: NamedParameters, title: string): string[] => [
    title,
    ...Array.from({ length: L }, (_, i) => i + 1).flatMap((l) => [
      `  W${sub(l)} ${dims(p[`W${l}`] as number[][])}`,
      ...matrixRows(p[`W${l}`] as number[][]),
      `  b${sub(l)} [${(p[`b${l}`] as number[]).length}] = ${vec(p[`b${l}`] as number[])}`,
    ]),
  ];
  const lines: string[] = [
    `network ${t.sizes.join(' → ')}: sₗ = Wₗaₗ₋₁ + bₗ; hidden aₗ = f(sₗ), f(z) = ${t.f}; output ỹ = g(s${sub(L)}), ${t.g === 'softmax' ? 'g = softmax' : `g(z) = ${t.g}`}`,
    `${lossText[t.lossName]}, x = ${vec(t.x)}, y = ${vec(t.y)}, η = ${dec(t.lr)}`,
    '',
    ...params(t.parameters, 'parameters'),
    '',
    'forward',
    ...table(
      ['layer', 'input', 's = W·input + b', 'output'],
      t.forward.map((r) => [String(r.layer), `${a(r.layer - 1)} = ${vec(r.input)}`, `s${sub(r.layer)} = ${vec(r.s)}`, `${a(r.layer)} = ${vec(r.a)}`]),
    ),
    `C = ${dec(t.loss, 8)}`,
    '',
    'backward (∂a/∂s has element [i][j] = ∂aᵢ/∂sⱼ)',
  ];
  for (const r of t.backward) {
    const l = r.layer;
    const out = l === L;
    const act = out ? (t.g === 'softmax' ? `diag(ỹ) − ỹỹᵀ (softmax: full)` : `diag(g′(s${sub(l)}))`) : `diag(f′(s${sub(l)}))`;
    lines.push(
      `layer ${l}${out ? ' (output)' : ''}`,
      out
        ? `  ∂C/∂ỹ = ${lossGradientText[t.lossName]} = ${vec(r.dC_da)}   [${r.dC_da.length}]`
        : `  ∂C/∂a${sub(l)} = W${sub(l + 1)}ᵀ δ${sub(l + 1)} = ${vec(r.dC_da)}   [${r.dC_da.length}]`,
      `  ∂${a(l)}/∂s${sub(l)} = ${act}   ${dims(r.da_ds)}`,
      ...matrixRows(r.da_ds),
      `  δ${sub(l)} = ∂C/∂s${sub(l)} = (∂${a(l)}/∂s${sub(l)})ᵀ ∂C/∂${a(l)} = ${vec(r.delta)}   [${r.delta.length}]`,
      `  ∂C/∂W${sub(l)} = δ${sub(l)} ${a(l - 1)}ᵀ   ${dims(r.dW)}`,
      ...matrixRows(r.dW),
      `  ∂C/∂b${sub(l)} = δ${sub(l)} = ${vec(r.db)}   [${r.db.length}]`,
    );
  }
  lines.push(
    '',
    ...params(t.updated, `after one step W ← W − η ∂C/∂W, b ← b − η ∂C/∂b (η = ${dec(t.lr)})`),
    '',
    `autodiff check (grad of the same network and cost): largest |chain rule − autodiff| = ${dec(t.autodiffMaxError, 3)}`,
  );
  return lines;
}

export function registerBackprop(program: Command): void {
  program
    .command('backprop')
    .description('a backprop trace for one data point: forward values, ∂C/∂ỹ, each ∂a/∂s, δ, ∂C/∂W and ∂C/∂b by the chain rule, checked against autodiff')
    .option('--sizes <widths>', 'layer widths, input first, e.g. 2,3,2 (default 2,3,2, or read from --weights)')
    .option('--f <expr>', 'hidden activation, an expression in z', 'relu(z)')
    .option('--g <expr>', 'output activation, an expression in z, or softmax', 'z')
    .option('--loss <name>', `cost: ${backpropLosses.join(', ')}`, 'sse')
    .option('--weights <file>', 'JSON file with W1, b1, W2, b2, … (Wₗ as [out, in] rows)')
    .option('--seed <n>', 'seed of the random weights when --weights is absent (default 1)')
    .option('--x <values>', 'the input, comma-separated (negative: --x=-1,2)', '1,2')
    .option('--y <values>', 'the target, comma-separated', '0,1')
    .option('--lr <rate>', 'η of the update step (default 0.1)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('backprop', (flags: BackpropFlags) => {
        if (!(backpropLosses as readonly string[]).includes(flags.loss)) throw new UsageError(`--loss: expected one of ${backpropLosses.join(', ')}, got '${flags.loss}'`);
        const sizes = flags.sizes === undefined ? undefined : numberList('--sizes', flags.sizes);
        const trace = backpropTrace({
          sizes: sizes ?? (flags.weights === undefined ? [2, 3, 2] : undefined),
          f: flags.f,
          g: flags.g,
          loss: flags.loss as BackpropLoss,
          weights: flags.weights === undefined ? undefined : readWeights(flags.weights),
          seed: intOption('--seed', flags.seed, 1, 0, 2 ** 31 - 1),
          x: numberList('--x', flags.x),
          y: numberList('--y', flags.y),
          lr: numberOption('--lr', flags.lr, 0.1, (v) => v >= 0 && v <= 1e3, 'a number in [0, 1000]'),
        });
        if (flags.json) {
          printJson({
            sizes: trace.sizes, f: trace.f, g: trace.g, lossName: trace.lossName, x: trace.x, y: trace.y, lr: trace.lr,
            parameters: trace.parameters,
            forward: trace.forward,
            backward: trace.backward.map((r) => ({ ...r, shapes: { dC_da: [r.dC_da.length], da_ds: [r.da_ds.length, r.da_ds[0]!.length], delta: [r.delta.length], dW: [r.dW.length, r.dW[0]!.length], db: [r.db.length] } })),
            loss: trace.loss,
            gradients: trace.gradients,
            updated: trace.updated,
            autodiffMaxError: trace.autodiffMaxError,
          });
          return;
        }
        printLines(traceLines(trace));
      }),
    );
}
