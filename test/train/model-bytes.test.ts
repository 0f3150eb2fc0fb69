// Specification of model files read from bytes: the same network and the same one-line errors as from a path.

import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../src/io/safetensors.js';
import { mlp } from '../../src/nn/mlp.js';
import { noGrad } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import { modelMetadata } from '../../src/train/checkpoint.js';
import { defaultConfig } from '../../src/train/config.js';
import { loadModelBytes } from '../../src/train/model-bytes.js';

const arch = { input: 6, hidden: [5], output: 3, activation: 'tanh' as const };

function modelBytes(seed: number, transform: (arrays: Record<string, { dtype: 'float32' | 'float64'; shape: number[]; data: Float32Array | Float64Array }>) => void = () => {}) {
  const net = mlp({ ...arch, seed });
  const arrays = Object.fromEntries(
    Object.entries(net.stateDict()).map(([k, t]) => [k, { dtype: t.dtype as 'float32', shape: [...t.shape], data: (t.data as Float32Array).slice() }]),
  );
  transform(arrays);
  return { net, bytes: encodeSafetensors(arrays, modelMetadata({ ...defaultConfig, ...arch, hidden: [...arch.hidden] }, 'autograd')) };
}

describe('loadModelBytes', () => {
  it('rebuilds the saved network: same outputs on the same input', () => {
    const { net, bytes } = modelBytes(3);
    const loaded = loadModelBytes(bytes, 'drop.safetensors');
    expect(loaded.architecture).toEqual({ input: 6, hidden: [5], output: 3, activation: 'tanh' });
    const x = tensor([[0.1, 0.9, 0.3, 0, 1, 0.5]]);
    const [a, b] = noGrad(() => [net.forward(x).toArray(), loaded.model.forward(x).toArray()]);
    expect(b).toEqual(a);
  });

  it('names the file and says it is not a model when the bytes are not safetensors', () => {
    expect(() => loadModelBytes(Uint8Array.of(1, 2, 3), 'photo.png')).toThrow(/^photo\.png: not a nabla model file \(not valid safetensors: /);
  });

  it('refuses a file over the byte limit before decoding it', () => {
    const { bytes } = modelBytes(1);
    expect(() => loadModelBytes(bytes, 'm.safetensors', { maxBytes: 10 })).toThrow(/^m\.safetensors: the file is [\d,]+ bytes, more than the limit of 10 bytes$/);
  });

  it('refuses non-finite weights, naming the tensor and index', () => {
    const { bytes } = modelBytes(1, (arrays) => {
      arrays['0.bias'].data[2] = NaN;
    });
    expect(() => loadModelBytes(bytes, 'nan.safetensors')).toThrow(/^nan\.safetensors: tensor 0\.bias holds NaN at index 2/);
  });

  it('refuses safetensors without the architecture metadata', () => {
    const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [1], data: Float32Array.of(1) } });
    expect(() => loadModelBytes(bytes, 'other.safetensors')).toThrow(/^other\.safetensors: not a nabla model file: .*no "architecture"/);
  });
});
