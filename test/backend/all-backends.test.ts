// Every op, tensor and autodiff test file again on the wasm backend, plus float32 gradients of the MLP's ops held against the reference backend.

import { readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import type { Backend } from '../../src/backend/backend.js';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { referenceBackend } from '../../src/backend/reference/index.js';
import { wasmBackend } from '../../src/backend/select.js';
import {
  add, crossEntropy, exp, gradients, logSoftmax, matmul, mean, mul, Rng, sigmoid, softmax, sub, sum, tensor, type Tensor,
} from '../../src/index.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

const wasm = wasmBackend();

// The imported files register their tests in this file. Some set a backend themselves (and put
// the reference back afterwards), so the wasm backend is put back before every test.
beforeEach(() => {
  setBackend(wasm);
});

/** Every test file under these folders of test/ runs again here, new ones included. */
const suites = ['ops', 'autodiff', 'tensor'];

describe('the op, tensor and autodiff test files, on the wasm backend', async () => {
  for (const folder of suites) {
    const dir = new URL(`../${folder}/`, import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort()) {
      await import(new URL(file, dir).href);
    }
  }
});

/** Runs `f` with `backend` as the active one. */
function on<T>(backend: Backend, f: () => T): T {
  const previous = setBackend(backend);
  try {
    return f();
  } finally {
    setBackend(previous);
  }
}

function randomFloat32(rng: Rng, shape: number[], scale = 1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = scale * (2 * rng.uniform() - 1);
  return tensor(data, { shape, dtype: 'float32' });
}

function expectAllClose(w: Tensor, r: Tensor, rtol: number, atol: number): void {
  expect(w.shape).toEqual(r.shape);
  expect(w.dtype).toBe(r.dtype);
  expectClose(w.data, r.data, { rtol, atol, label: 'wasm vs reference' });
}

describe('float32 gradients on wasm match the reference backend', () => {
  // the functions whose kernels wasm replaces, on shapes off the 2×16 tile and the f32x4 width
  const cases: Record<string, { shapes: number[][]; f: (...xs: Tensor[]) => Tensor }> = {
    'matmul NN': { shapes: [[13, 37], [37, 9]], f: (a, b) => sum(mul(matmul(a, b), matmul(a, b))) },
    'matmul NT (Linear)': { shapes: [[13, 37], [9, 37]], f: (a, b) => sum(sigmoid(matmul(a, b, { transB: true }))) },
    'matmul TN': { shapes: [[37, 13], [37, 9]], f: (a, b) => sum(exp(matmul(a, b, { transA: true }))) },
    'batched matmul': { shapes: [[3, 5, 7], [3, 7, 6]], f: (a, b) => sum(mul(matmul(a, b), matmul(a, b))) },
    'sigmoid, exp, sub, div': { shapes: [[9, 23]], f: (x) => sum(sub(sigmoid(x), exp(mul(x, 0.5))).div(3)) },
    'bias add and broadcast': { shapes: [[65, 17], [17]], f: (x, b) => sum(mul(sigmoid(add(x, b)), x)) },
    'softmax and logSoftmax': { shapes: [[65, 10]], f: (x) => sum(mul(softmax(x), logSoftmax(x))) },
    'mean over rows': { shapes: [[130, 3]], f: (x) => sum(mul(mean(x, 0), mean(x, 0))) },
  };
  for (const [name, { shapes, f }] of Object.entries(cases)) {
    it(name, () => {
      const rng = new Rng(name.length * 31);
      const inputs = shapes.map((s) => randomFloat32(rng, s).requireGrad());
      const [wValue, ...wGrads] = on(wasm, () => {
        const y = f(...inputs);
        return [y, ...gradients(y, inputs)];
      });
      const [rValue, ...rGrads] = on(referenceBackend, () => {
        const y = f(...inputs);
        return [y, ...gradients(y, inputs)];
      });
      expectAllClose(wValue, rValue, 1e-5, 1e-5);
      wGrads.forEach((g, i) => expectAllClose(g, rGrads[i], 1e-4, 1e-5));
    });
  }

  it('one training step of the 784-128-64-10 sigmoid MLP: same loss and gradients', () => {
    const rng = new Rng(7);
    const x = randomFloat32(rng, [64, 784]);
    const labels = tensor(Array.from({ length: 64 }, (_, i) => (i * 7) % 10), { dtype: 'int32' });
    const params = [randomFloat32(rng, [128, 784], 0.08), randomFloat32(rng, [128], 0.1), randomFloat32(rng, [64, 128], 0.2), randomFloat32(rng, [64], 0.1), randomFloat32(rng, [10, 64], 0.3), randomFloat32(rng, [10], 0.1)].map((p) => p.requireGrad());
    const step = () => {
      const [w1, b1, w2, b2, w3, b3] = params;
      const h1 = sigmoid(add(matmul(x, w1, { transB: true }), b1));
      const h2 = sigmoid(add(matmul(h1, w2, { transB: true }), b2));
      const loss = crossEntropy(add(matmul(h2, w3, { transB: true }), b3), labels);
      return [loss, ...gradients(loss, params)];
    };
    const [wLoss, ...wGrads] = on(wasm, step);
    const [rLoss, ...rGrads] = on(referenceBackend, step);
    expect(wLoss.item()).toBeCloseTo(rLoss.item(), 5);
    wGrads.forEach((g, i) => expectAllClose(g, rGrads[i], 1e-4, 1e-6));
  });

  it('leaves the backend as it found it', () => {
    expect(getBackend()).toBe(wasm);
  });
});
