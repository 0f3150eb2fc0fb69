// Model files: rebuilds a trained network from a safetensors file written by `nabla train`, and runs it.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSafetensors, safetensorsDTypes, type SafetensorsContents } from '../io/safetensors.js';
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

/** Limits on a model file, checked before anything is built from it. */
export interface ModelLimits {
  /** Most parameters the architecture may declare (weights and biases together). */
  maxParameters: number;
  /** Largest file, in bytes, that is read at all. */
  maxBytes: number;
}

/**
 * Default limits: 100 million parameters (400 MB of float32, a hundred thousand times the course
 * network), and a 1 GB file (100 million float64 parameters and their header fit).
 */
export const defaultModelLimits: ModelLimits = { maxParameters: 100_000_000, maxBytes: 1_000_000_000 };

const count = (n: number) => n.toLocaleString('en-US');
const formatDims = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * The name and shape of every parameter of `mlp(architecture)`, in its order: the Linear layers sit
 * at the even positions of the Sequential (activations between them), W as [out, in], b as [out].
 */
export function architectureShapes(architecture: Architecture): Array<[string, number[]]> {
  const widths = [architecture.input, ...architecture.hidden, architecture.output];
  const shapes: Array<[string, number[]]> = [];
  for (let k = 0; k + 1 < widths.length; k++) {
    shapes.push([`${2 * k}.weight`, [widths[k + 1], widths[k]]], [`${2 * k}.bias`, [widths[k + 1]]]);
  }
  return shapes;
}

/** Row-major index `i` of `shape` as coordinates: 7 in [4, 5] is [1, 2]. */
function coordinates(i: number, shape: readonly number[]): number[] {
  const at: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(i % shape[d]);
    i = Math.floor(i / shape[d]);
  }
  return at;
}

/**
 * Checks decoded tensors against the architecture, cheapest check first, so nothing is allocated
 * for a network the file cannot fill: the parameter count against the limit, then each tensor's
 * name and shape, one float dtype for all, and every weight finite. Errors are one line naming `file`.
 */
export function checkWeights(file: string, architecture: Architecture, tensors: SafetensorsContents['tensors'], limits: ModelLimits): void {
  const widths = [architecture.input, ...architecture.hidden, architecture.output].join('-');
  const expected = architectureShapes(architecture);
  const parameters = expected.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
  if (!(parameters <= limits.maxParameters)) {
    throw new Error(`${file}: the architecture ${widths} declares ${count(parameters)} parameters, more than the limit of ${count(limits.maxParameters)}`);
  }
  const misfit = (what: string): never => {
    throw new Error(`${file}: the weights do not fit the architecture ${widths}: ${what}`);
  };
  for (const [name, shape] of expected) {
    const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (t === undefined) misfit(`no tensor ${name} (${formatDims(shape)})`);
    else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      misfit(`${name} is ${formatDims(t.shape)}, the architecture needs ${formatDims(shape)}`);
    }
  }
  const names = new Set(expected.map(([name]) => name));
  const unexpected = Object.keys(tensors).filter((name) => !names.has(name));
  if (unexpected.length > 0) misfit(`unexpected tensor${unexpected.length > 1 ? 's' : ''} ${unexpected.join(', ')}`);

  const [first] = expected[0];
  for (const [name] of expected) {
    const { dtype } = tensors[name];
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new Error(`${file}: tensor ${name} is ${safetensorsDTypes[dtype]}: model weights must be F32 or F64`);
    }
    if (dtype !== tensors[first].dtype) {
      const [a, b] = [safetensorsDTypes[tensors[first].dtype], safetensorsDTypes[dtype]];
      throw new Error(`${file}: mixed dtypes: ${first} is ${a} but ${name} is ${b}; model weights must all be F32 or all F64`);
    }
  }
  for (const [name, shape] of expected) {
    const { data } = tensors[name];
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new Error(`${file}: tensor ${name} holds ${data[i]} at index ${i} (${formatDims(coordinates(i, shape))}): the weights are not finite`);
      }
    }
  }
}

/**
 * Loads a model written by `nabla train`: `path` is the `.safetensors` file or a run directory
 * (whose `model.safetensors` is taken). The file's size, the architecture's parameter count, every
 * tensor's name, shape and dtype, and the finiteness of every weight are checked before the
 * network is built (see {@link defaultModelLimits}; `limits` raises or lowers them); then the
 * network is rebuilt from the architecture in the metadata, its weights loaded by name (`0.weight`,
 * `0.bias`, ...), and put in eval mode. Every error is one line naming the file.
 * @example const { model, architecture } = loadModelFile('runs/small/model.safetensors');
 */
export function loadModelFile(path: string, limits: Partial<ModelLimits> = {}): LoadedModel {
  const { maxParameters, maxBytes } = { ...defaultModelLimits, ...limits };
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, runFiles.model) : path;
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size > maxBytes) throw new Error(`${file}: the file is ${count(size)} bytes, more than the limit of ${count(maxBytes)} bytes`);
  let contents: ReturnType<typeof loadSafetensors>;
  try {
    contents = loadSafetensors(file);
  } catch (error) {
    const message = (error as Error).message;
    if (!existsSync(file) || message.includes(': cannot read:')) throw error;
    // the decoder's message starts with the path; say first what the file is not
    throw new Error(`${file}: not a nabla model file (not valid safetensors: ${message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message})`);
  }
  return modelFromContents(contents, file, { maxParameters, maxBytes });
}

/**
 * The network a decoded model file describes: its architecture from the metadata, every tensor
 * checked, the weights loaded by name, in eval mode; `name` (the file) starts every error.
 * Shared by {@link loadModelFile} and loadModelBytes.
 */
export function modelFromContents(contents: SafetensorsContents, name: string, limits: ModelLimits): LoadedModel {
  const { tensors, metadata } = contents;
  const architecture = parseArchitecture(metadata, name);
  checkWeights(name, architecture, tensors, limits);
  const dtype = tensors['0.weight'].dtype === 'float64' ? 'float64' : 'float32';
  const model = mlp({ ...architecture, dtype });
  try {
    model.loadStateDict(tensors);
  } catch (error) {
    const widths = [architecture.input, ...architecture.hidden, architecture.output].join('-');
    throw new Error(`${name}: the weights do not fit the architecture ${widths}: ${(error as Error).message}`);
  }
  model.eval();
  return { path: name, model, architecture, metadata };
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
