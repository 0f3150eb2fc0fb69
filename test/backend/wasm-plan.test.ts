// The wasm plan's fused ops (linear, the sigmoid backward, the SGD update) give what the interpreter gives on the steps they replace.

import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { TypedArray } from '../../src/core/dtype.js';
import { interpret } from '../../src/backend/interpret.js';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { referenceBackend } from '../../src/backend/reference/index.js';
import { wasmBackend } from '../../src/backend/select.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';
import { compilePlan } from '../../src/backend/wasm/plan.js';
import { rewrite } from '../../src/backend/wasm/rewrite.js';
import { trace } from '../../src/jit/trace.js';
import { Rng, SGD, Tensor, gradients, jit, linear, sigmoid, softmaxCrossEntropy, sum, tensor } from '../../src/index.js';

installNodeWasmLoader();
const previous = getBackend();
afterEach(() => setBackend(previous));
const rng = new Rng(77);

function random(shape: number[], scale = 3, density = 1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const values = Float32Array.from({ length: n }, () => (rng.uniform() < density ? scale * (2 * rng.uniform() - 1) : 0));
  return Tensor.fromNode(values, shape, 'float32', null);
}

function expectClose(actual: TypedArray, expected: TypedArray, rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    if (Number.isNaN(e)) expect(a, `index ${i}`).toBeNaN();
    else if (!Number.isFinite(e)) expect(a, `index ${i}`).toBe(e);
    else expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e));
  }
}

/**
 * Traces f on the arguments, checks the plan fused `kind`, and compares its outputs with the
 * interpreter's on the wasm backend's own eager kernels, so only the fusion differs.
 */
function comparePlan(f: (...xs: Tensor[]) => Tensor[], args: Tensor[], kind: string | null, tolerance: [number, number]): void {
  setBackend(wasmBackend());
  const { graph } = trace(() => f(...args), args, Tensor.nextSerial(), (r) => r);
  if (kind !== null) expect(rewrite(graph).ops.map((op) => op.kind)).toContain(kind);
  const want = interpret(graph, wasmBackend().kernels).run(args);
  const got = compilePlan(graph).run(args);
  got.forEach((g, i) => expectClose(g, want[i], ...tolerance));
}

describe('linear: act(x·wᵀ + b) as one op', () => {
  const cases: Array<[number, number, number, number]> = [
    [64, 784, 128, 0.19], [64, 784, 128, 1], [64, 128, 64, 1], [64, 64, 10, 1], [1, 1, 1, 1], [3, 5, 7, 1], [0, 5, 3, 1], [65, 70, 33, 0.1],
  ];
  for (const [m, k, n, density] of cases) {
    for (const act of ['none', 'sigmoid'] as const) {
      it(`[${m},${k}]·[${n},${k}]ᵀ + [${n}], ${density * 100}% of x nonzero, ${act}`, () => {
        const f = (x: Tensor, w: Tensor, b: Tensor) => [act === 'sigmoid' ? sigmoid(linear(x, w, b)) : linear(x, w, b)];
        // a [1,1] output needs no broadcast of its bias, so there is nothing to fuse; it must still agree
        comparePlan(f, [random([m, k], 3, density), random([n, k]), random([n])], m * n === 1 ? null : 'linear', [1e-6, 1e-7]);
      });
    }
  }
  it('keeps ±1000, ±∞ and NaN as the unfused steps do', () => {
    const x = tensor([[1000, -1000, NaN, 0], [Infinity, 1, 2, 3]]);
    const f = (a: Tensor, w: Tensor, b: Tensor) => [sigmoid(linear(a, w, b))];
    comparePlan(f, [x, random([3, 4]), tensor([1000, -1000, 0])], 'linear', [1e-6, 1e-7]);
  });
});

describe('sigmoidGrad: g·y·(1 − y) as one op', () => {
  for (const n of [1, 3, 63, 64, 65, 8192 + 3]) {
    it(`on ${n} floats, with inputs at 0, ±1000 and NaN`, () => {
      const x = random([n], 6);
      [0, 1000, -1000, NaN, -0].forEach((v, i) => { if (i < n) x.data[(i * 7) % n] = v; });
      const f = (t: Tensor, g: Tensor) => gradients(sum(sigmoid(t).mul(g)), [t]);
      // below 64 floats the eager kernels are the reference's, whose σ may differ from wasm's by an
      // ulp of 1: 1 − y then differs by 6e-8 absolute, times |g| ≤ 3
      comparePlan(f, [x.requireGrad(), random([n])], 'sigmoidGrad', [4e-7, 2e-7]);
    });
  }
});

describe('softmax cross-entropy and its gradient as one op each (the composite’s regions)', () => {
  const labelsFor = (rows: number, cols: number) => Tensor.fromNode(Int32Array.from({ length: rows }, (_, i) => (i * 7) % cols), [rows], 'int32', null);
  const f = (z: Tensor, y: Tensor, w: Tensor) => {
    const loss = softmaxCrossEntropy(z, y);
    return [loss, ...gradients(sum(loss.mul(w)), [z])];
  };
  for (const [rows, cols] of [[64, 10], [7, 3], [1, 1], [3, 5], [65, 13]]) {
    it(`on [${rows},${cols}]`, () => {
      const args = [random([rows, cols], 20).requireGrad(), labelsFor(rows, cols), random([rows])];
      comparePlan(f, args, 'crossEntropy', [2e-6, 2e-6]);
      // the fused kernel sums in float64 and rounds once; the composition rounds at each of its steps
      comparePlan(f, args, 'crossEntropyGrad', [2e-6, 5e-7]);
    });
  }
  it('at ±1000, ±∞ and NaN, as the unfused steps give', () => {
    const z = Tensor.fromNode(new Float32Array([1000, -1000, 0, -1000, -1000, -1000, Infinity, 0, 1, NaN, 0, 1, -Infinity, 0, 1, -Infinity, -Infinity, -Infinity]), [6, 3], 'float32', null);
    const y = Tensor.fromNode(new Int32Array([1, 2, 0, 1, 0, 2]), [6], 'int32', null);
    comparePlan(f, [z.requireGrad(), y, random([6])], 'crossEntropy', [2e-6, 2e-6]);
  });
});

describe('the SGD update in place, under jit, against the reference backend eagerly', () => {
  function run(jitted: boolean, options: ConstructorParameters<typeof SGD>[1], steps: number): Float32Array[] {
    setBackend(jitted ? wasmBackend() : referenceBackend);
    const local = new Rng(7);
    // sizes off the vector width, size 1, and empty
    const ps = [1, 3, 5, 8, 131, 0].map((n) => tensor(Float32Array.from({ length: n }, () => local.normal()), { requiresGrad: true }));
    const grads = ps.map((p) => tensor(Float32Array.from({ length: p.size }, () => local.normal())));
    ps.forEach((p, i) => { p.grad = grads[i]; });
    const opt = new SGD(ps, options);
    const step = jitted ? jit(() => { opt.step(); return []; }) : () => opt.step();
    for (let s = 0; s < steps; s++) {
      ps.forEach((p, i) => { p.grad = grads[i]; });
      step();
    }
    return ps.map((p) => Float32Array.from(p.data));
  }
  const cases: Array<[string, ConstructorParameters<typeof SGD>[1]]> = [
    ['plain', { lr: 0.1 }],
    ['weight decay', { lr: 0.05, weightDecay: 0.01 }],
    ['momentum', { lr: 0.1, momentum: 0.9 }],
    ['momentum with dampening', { lr: 0.1, momentum: 0.9, dampening: 0.3 }],
    ['Nesterov', { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }],
  ];
  for (const [name, options] of cases) {
    it(`matches: ${name}`, () => {
      const expected = run(false, options, 5);
      const actual = run(true, options, 5);
      expected.forEach((e, k) => expectClose(actual[k], e, 1e-5, 1e-5));
      expect(actual[4][0]).not.toBe(new Rng(7).normal()); // the update moved the weights
    });
  }
});

describe('memory', () => {
  it('a dropped plan and its resident parameters give their wasm memory back: twelve learners in turn reserve what one does', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/support/plan-memory-child.mts'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const reserved = JSON.parse(r.stdout.trim().split('\n').pop() as string) as number[];
    expect(reserved).toHaveLength(12);
    expect(reserved[0]).toBeGreaterThan(1e6); // the plans of one learner: not vacuous
    expect(Math.max(...reserved)).toBeLessThanOrEqual(reserved[0] * 1.5);
  }, 120_000);
});
