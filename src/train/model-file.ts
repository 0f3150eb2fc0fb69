// Model files: rebuilds a trained network from a safetensors file written by `nabla train`, and runs it.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSafetensors } from '../io/safetensors.js';
import { activationNames, type ActivationName } from '../nn/activations.js';
import type { Sequential } from '../nn/layers.js';
import { mlp } from '../nn/mlp.js';
import { noGrad, softmax } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';
import { runFiles } from './checkpoint.js';

/** The network's shape as recorded in the model file's `__metadata__.architecture`. */
export interface Architecture {
  input: number;
  hidden: number[];
  output: number;
  activation: ActivationName;
}

/** A model ready to run: the network (in eval mode), its architecture and the file's metadata. */
export interface LoadedModel {
  path: string;
  model: Sequential;
  architecture: Architecture;
  metadata: Record<string, string>;
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Reads and checks the `architecture` entry of a model file's metadata, a JSON text
 * `{"input":784,"hidden":[128,64],"output":10,"activation":"sigmoid"}`. Errors start with `path`.
 */
export function parseArchitecture(metadata: Record<string, string>, path: string): Architecture {
  const text = metadata.architecture;
  if (text === undefined) {
    throw new Error(`${path}: not a nabla model file: its safetensors metadata has no "architecture" (model files are written by nabla train)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${path}: the model's architecture metadata is not valid JSON: ${text.slice(0, 80)}`);
  }
  const a = value as Partial<Record<keyof Architecture, unknown>> | null;
  const ok =
    a !== null && typeof a === 'object' && isPositiveInt(a.input) && isPositiveInt(a.output) &&
    Array.isArray(a.hidden) && a.hidden.every(isPositiveInt) &&
    typeof a.activation === 'string' && (activationNames as readonly string[]).includes(a.activation);
  if (!ok) {
    throw new Error(
      `${path}: the model's architecture ${text.slice(0, 120)} is not {input, hidden: [widths], output, activation} ` +
        `with positive integer widths and an activation among ${activationNames.join(', ')}`,
    );
  }
  const arch = a as Architecture;
  return { input: arch.input, hidden: [...arch.hidden], output: arch.output, activation: arch.activation };
}

/**
 * Loads a model written by `nabla train`: `path` is the `.safetensors` file or a run directory
 * (whose `model.safetensors` is taken). The network is rebuilt from the architecture in the
 * metadata, its weights loaded by name (`0.weight`, `0.bias`, ...), and put in eval mode.
 * Every error is one line naming the file: missing, not safetensors, not a nabla model, or
 * weights that do not fit the architecture.
 * @example const { model, architecture } = loadModelFile('runs/small/model.safetensors');
 */
export function loadModelFile(path: string): LoadedModel {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, runFiles.model) : path;
  let contents: ReturnType<typeof loadSafetensors>;
  try {
    contents = loadSafetensors(file);
  } catch (error) {
    const message = (error as Error).message;
    if (!existsSync(file) || message.includes(': cannot read:')) throw error;
    // the decoder's message starts with the path; say first what the file is not
    throw new Error(`${file}: not a nabla model file (not valid safetensors: ${message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message})`);
  }
  const { tensors, metadata } = contents;
  const architecture = parseArchitecture(metadata, file);
  const dtype = tensors['0.weight']?.dtype === 'float64' ? 'float64' : 'float32';
  const model = mlp({ ...architecture, dtype });
  try {
    model.loadStateDict(tensors);
  } catch (error) {
    const widths = [architecture.input, ...architecture.hidden, architecture.output].join('-');
    throw new Error(`${file}: the weights do not fit the architecture ${widths}: ${(error as Error).message}`);
  }
  model.eval();
  return { path: file, model, architecture, metadata };
}

/**
 * Class probabilities (softmax of the logits) for `count` images of `input` pixels each,
 * row-major [count, output], computed `chunk` images at a time without recording a graph.
 */
export function predictProbabilities(loaded: Pick<LoadedModel, 'model' | 'architecture'>, images: Float32Array, count: number, chunk = 1000): Float32Array {
  const { input, output } = loaded.architecture;
  if (images.length < count * input) throw new Error(`predict: ${images.length} pixels do not hold ${count} images of ${input}`);
  const out = new Float32Array(count * output);
  noGrad(() => {
    for (let start = 0; start < count; start += chunk) {
      const size = Math.min(chunk, count - start);
      let x = Tensor.fromNode(images.slice(start * input, (start + size) * input), [size, input], 'float32', null);
      if (loaded.model.dtype === 'float64') x = x.cast('float64');
      out.set(softmax(loaded.model.forward(x), -1).data, start * output);
    }
  });
  return out;
}
