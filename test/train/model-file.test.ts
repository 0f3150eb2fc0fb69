// Specification of model files: rebuilding a network from safetensors metadata, clear errors, and prediction.

import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeSafetensors, saveSafetensors, type NamedArray } from '../../src/io/safetensors.js';
import { mlp } from '../../src/nn/mlp.js';
import { noGrad, softmax } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import { modelMetadata } from '../../src/train/checkpoint.js';
import { defaultConfig } from '../../src/train/config.js';
import { loadModelFile, parseArchitecture, predictProbabilities } from '../../src/train/model-file.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-model-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const arch = { input: 6, hidden: [5, 4], output: 3, activation: 'tanh' as const };

/** Saves a seeded network as `nabla train` does, returning its path and the network. */
function saveModel(name: string, options: { dtype?: 'float32' | 'float64'; metadata?: Record<string, string> } = {}) {
  const net = mlp({ ...arch, seed: 9, dtype: options.dtype });
  const path = join(root, name);
  const config = { ...defaultConfig, ...arch, hidden: [...arch.hidden] };
  const arrays = Object.fromEntries(Object.entries(net.stateDict()).map(([k, t]) => [k, { dtype: t.dtype, shape: [...t.shape], data: t.data }]));
  saveSafetensors(path, arrays, options.metadata ?? modelMetadata(config, 'autograd'));
  return { path, net };
}

const x = tensor([[0.1, 0.9, 0.3, 0, 1, 0.5], [1, 0, 0.2, 0.7, 0.4, 0.6]]);

describe('loadModelFile', () => {
  it('rebuilds the architecture from the metadata and computes what the saved network computed', () => {
    const { path, net } = saveModel('model.safetensors');
    const loaded = loadModelFile(path);
    expect(loaded.architecture).toEqual(arch);
    expect(loaded.path).toBe(path);
    expect(loaded.metadata.format).toBe('nabla-mlp');
    expect(loaded.model.training).toBe(false);
    expect(Array.from(loaded.model.forward(x).data)).toEqual(Array.from(net.forward(x).data));
  });

  it('takes a run directory and reads its model.safetensors', () => {
    const dir = join(root, 'run');
    mkdirSync(dir);
    const { net } = saveModel('run/model.safetensors');
    expect(Array.from(loadModelFile(dir).model.forward(x).data)).toEqual(Array.from(net.forward(x).data));
  });

  it('keeps float64 weights in float64', () => {
    const { path } = saveModel('model64.safetensors', { dtype: 'float64' });
    expect(loadModelFile(path).model.dtype).toBe('float64');
  });

  it('says so when the file is missing', () => {
    expect(() => loadModelFile(join(root, 'nope.safetensors'))).toThrow(/nope\.safetensors: no such file/);
  });

  it('says a file that is not safetensors is not a nabla model', () => {
    const path = join(root, 'notes.txt');
    writeFileSync(path, 'hello, this is not a model at all');
    expect(() => loadModelFile(path)).toThrow(/notes\.txt: not a nabla model file \(not valid safetensors: /);
  });

  it('says a safetensors file without an architecture is not a nabla model', () => {
    const { path } = saveModel('plain.safetensors', { metadata: { format: 'pt' } });
    expect(() => loadModelFile(path)).toThrow(/plain\.safetensors: not a nabla model file: its safetensors metadata has no "architecture"/);
  });

  it('rejects weights that do not fit the architecture, naming the widths', () => {
    const { path } = saveModel('mismatch.safetensors', { metadata: { architecture: JSON.stringify({ ...arch, hidden: [7, 4] }) } });
    expect(() => loadModelFile(path)).toThrow(/mismatch\.safetensors: the weights do not fit the architecture 6-7-4-3: 0\.weight is \[5, 6\], the architecture needs \[7, 6\]$/);
  });
});

/** Writes a safetensors file with the given tensors and architecture metadata, as a hostile user could. */
function craft(name: string, architecture: object, tensors: Record<string, NamedArray>): string {
  const path = join(root, name);
  writeFileSync(path, encodeSafetensors(tensors, { architecture: JSON.stringify(architecture) }));
  return path;
}

/** The state of `mlp(arch)` with its dtype changed, or one entry replaced. */
function stateOf(dtype: 'float32' | 'float64', replace: Record<string, NamedArray> = {}): Record<string, NamedArray> {
  const net = mlp({ ...arch, seed: 9, dtype });
  const arrays = Object.fromEntries(Object.entries(net.stateDict()).map(([k, t]): [string, NamedArray] => [k, { dtype: t.dtype, shape: [...t.shape], data: t.data }]));
  return { ...arrays, ...replace };
}

describe('loadModelFile checks the file against the architecture before building anything', () => {
  const one: NamedArray = { dtype: 'float32', shape: [1, 1], data: Float32Array.of(0.5) };

  it('refuses an architecture with more parameters than the limit (a 200-byte file declaring 3 billion)', () => {
    const path = craft('huge.safetensors', { input: 1e7, hidden: [], output: 300, activation: 'sigmoid' }, { '0.weight': one });
    const started = performance.now();
    expect(() => loadModelFile(path)).toThrow(
      /huge\.safetensors: the architecture 10000000-300 declares 3,000,000,300 parameters, more than the limit of 100,000,000$/,
    );
    expect(performance.now() - started).toBeLessThan(1000); // nothing was allocated for them
    expect(() => loadModelFile(saveModel('limit.safetensors').path, { maxParameters: 73 })).toThrow(
      /limit\.safetensors: the architecture 6-5-4-3 declares 74 parameters, more than the limit of 73$/,
    );
    expect(loadModelFile(saveModel('at-limit.safetensors').path, { maxParameters: 74 }).model.parameterCount()).toBe(74);
  });

  it('compares every tensor shape with the architecture, and names missing and unexpected tensors', () => {
    const small = craft('small.safetensors', { input: 1000, hidden: [], output: 300, activation: 'sigmoid' }, { '0.weight': one, '0.bias': one });
    expect(() => loadModelFile(small)).toThrow(/small\.safetensors: the weights do not fit the architecture 1000-300: 0\.weight is \[1, 1\], the architecture needs \[300, 1000\]$/);
    const { '2.bias': _dropped, ...missing } = stateOf('float32');
    expect(() => loadModelFile(craft('missing.safetensors', arch, missing))).toThrow(/missing\.safetensors: the weights do not fit the architecture 6-5-4-3: no tensor 2\.bias \(\[4\]\)$/);
    const extra = stateOf('float32', { 'extra.weight': one });
    expect(() => loadModelFile(craft('extra.safetensors', arch, extra))).toThrow(/extra\.safetensors: the weights do not fit the architecture 6-5-4-3: unexpected tensor extra\.weight$/);
  });

  it('rejects integer weights and mixed dtypes in one line', () => {
    const ints = stateOf('float32', { '0.bias': { dtype: 'int32', shape: [5], data: new Int32Array(5) } });
    expect(() => loadModelFile(craft('ints.safetensors', arch, ints))).toThrow(/ints\.safetensors: tensor 0\.bias is I32: model weights must be F32 or F64$/);
    const mixed = stateOf('float32', { '2.weight': { dtype: 'float64', shape: [4, 5], data: new Float64Array(20) } });
    expect(() => loadModelFile(craft('mixed.safetensors', arch, mixed))).toThrow(/mixed\.safetensors: mixed dtypes: 0\.weight is F32 but 2\.weight is F64; model weights must all be F32 or all F64$/);
  });

  it.each([
    ['NaN', Number.NaN, 'float32'],
    ['Infinity', Number.POSITIVE_INFINITY, 'float32'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'float64'],
  ] as const)('rejects a weight that is %s, naming the tensor and the index', (text, value, dtype) => {
    const state = stateOf(dtype);
    state['2.weight'].data[7] = value;
    const path = craft(`bad-${text}.safetensors`, arch, state);
    expect(() => loadModelFile(path)).toThrow(new RegExp(`bad-${text}\\.safetensors: tensor 2\\.weight holds ${text} at index 7 \\(\\[1, 2\\]\\): the weights are not finite$`));
  });

  it('refuses a file larger than the byte limit before reading it', () => {
    const { path } = saveModel('bytes.safetensors');
    const size = statSync(path).size;
    expect(() => loadModelFile(path, { maxBytes: 100 })).toThrow(new RegExp(`bytes\\.safetensors: the file is ${size.toLocaleString('en-US')} bytes, more than the limit of 100 bytes$`));
    expect(loadModelFile(path, { maxBytes: size }).architecture).toEqual(arch);
  });
});

describe('parseArchitecture', () => {
  it.each([
    ['not JSON', '{input: 784', /is not valid JSON/],
    ['a missing field', JSON.stringify({ input: 784, hidden: [] }), /is not \{input, hidden: \[widths\], output, activation\}/],
    ['a zero width', JSON.stringify({ ...arch, hidden: [0] }), /positive integer widths/],
    ['an unknown activation', JSON.stringify({ ...arch, activation: 'swish' }), /an activation among sigmoid, relu/],
    ['null', 'null', /is not \{input/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseArchitecture({ architecture: text }, 'm.safetensors')).toThrow(message);
    expect(() => parseArchitecture({ architecture: text }, 'm.safetensors')).toThrow(/^m\.safetensors: /);
  });
});

describe('predictProbabilities', () => {
  it('gives softmax(logits) per row, rows summing to 1', () => {
    const { path, net } = saveModel('predict.safetensors');
    const loaded = loadModelFile(path);
    const p = predictProbabilities(loaded, x.data as Float32Array, 2);
    const expected = noGrad(() => softmax(net.forward(x), -1)).data;
    expect(p.length).toBe(6);
    Array.from(p).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 6);
  });

  it('gives the same answer in chunks of any size', () => {
    const loaded = loadModelFile(saveModel('chunks.safetensors').path);
    const images = Float32Array.from({ length: 7 * 6 }, (_, i) => (i * 37) % 11 / 10);
    expect(Array.from(predictProbabilities(loaded, images, 7, 3))).toEqual(Array.from(predictProbabilities(loaded, images, 7)));
  });

  it('runs float64 models on float32 pixels', () => {
    const loaded = loadModelFile(saveModel('p64.safetensors', { dtype: 'float64' }).path);
    const p = predictProbabilities(loaded, x.data as Float32Array, 2);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 6);
  });

  it('rejects too few pixels', () => {
    const loaded = loadModelFile(saveModel('few.safetensors').path);
    expect(() => predictProbabilities(loaded, new Float32Array(5), 1)).toThrow(/5 pixels do not hold 1 images of 6/);
  });
});
