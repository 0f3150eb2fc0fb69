// The wasm backend's kernels against the reference kernels, on odd shapes: sizes off multiples of 4, size 1, empty, batched.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectClose as expectCloseTo } from '../support/expect-close.js';
import { allocate, type DType, type TypedArray } from '../../src/core/dtype.js';
import type { Prim, PrimParams } from '../../src/core/primitives.js';
import { sizeOf } from '../../src/core/shape.js';
import type { Kernel } from '../../src/backend/backend.js';
import type { TensorData } from '../../src/core/tensor-data.js';
import { referenceKernels } from '../../src/backend/reference/index.js';
import { simdSupported, selectBackend, wasmBackend } from '../../src/backend/select.js';
import { wasmKernels } from '../../src/backend/wasm/index.js';
import { kernelArena, kernelFlavour } from '../../src/backend/wasm/module.js';
import { mayBeSparse, sparseProduct } from '../../src/backend/wasm/matmul.js';
import { Rng } from '../../src/index.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

const rng = new Rng(20240501);

function data(shape: number[], dtype: DType = 'float32', scale = 3): TensorData {
  const values = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = dtype === 'int32' ? Math.floor(rng.uniform() * 7) - 3 : scale * (2 * rng.uniform() - 1);
  return { data: values, shape, dtype };
}

/** Runs the wasm and reference kernels of `prim` on the same inputs. */
function both<P extends Prim>(prim: P, inputs: TensorData[], params: PrimParams[P], out: { shape: number[]; dtype: DType }): [TypedArray, TypedArray] {
  const wasm = (wasmKernels[prim] as Kernel<P>)(inputs, params, out);
  const reference = (referenceKernels[prim] as Kernel<P>)(inputs, params, out);
  return [wasm, reference];
}

/** |w − r| ≤ atol + rtol·|r| everywhere, same length and type, NaN where the reference has NaN. */
function expectClose(w: TypedArray, r: TypedArray, rtol = 2e-6, atol = 1e-7): void {
  expect(w.constructor).toBe(r.constructor);
  expectCloseTo(w, r, { rtol, atol, label: 'wasm vs reference' });
}

describe('selection', () => {
  it('probes SIMD, and auto picks wasm where it is supported', () => {
    expect(typeof simdSupported()).toBe('boolean');
    expect(selectBackend('auto').name).toBe(simdSupported() ? 'wasm' : 'reference');
    expect(selectBackend('reference').name).toBe('reference');
  });
  it('reads NABLA_BACKEND, and an explicit name overrides it', () => {
    expect(selectBackend(undefined, { NABLA_BACKEND: 'reference' }).name).toBe('reference');
    expect(selectBackend(undefined, { NABLA_BACKEND: 'wasm' }).name).toBe('wasm');
    expect(selectBackend('reference', { NABLA_BACKEND: 'wasm' }).name).toBe('reference');
    expect(selectBackend(undefined, {}).name).toBe(selectBackend('auto').name);
    expect(() => selectBackend(undefined, { NABLA_BACKEND: 'gpu' })).toThrow(/unknown backend 'gpu' \(from NABLA_BACKEND\): expected one of reference, wasm, auto/);
  });
  it('runs on SIMD in this Node', () => {
    expect(simdSupported()).toBe(true);
    expect(wasmBackend().name).toBe('wasm');
    expect(wasmBackend()).toBe(wasmBackend());
  });
});

describe('matmul in every form', () => {
  // [batch..., m, k, n]: tiles of 2×16 with ragged edges, k off the 4-step and across the 256-deep
  // k-block, m across the 64-row A block, n across the 1024-column B block
  const shapes: number[][] = [
    [1, 1, 1], [1, 5, 1], [3, 1, 2], [2, 3, 5], [4, 8, 8], [5, 7, 9], [7, 13, 3], [9, 17, 33], [13, 300, 11],
    [64, 784, 10], [65, 257, 130], [3, 7, 530], [70, 300, 1030], [3, 0, 4], [0, 3, 4], [3, 4, 0],
    [2, 5, 6, 7], [3, 2, 1, 9, 4], [0, 3, 3, 3],
  ];
  const forms = [
    { transA: false, transB: false },
    { transA: false, transB: true },
    { transA: true, transB: false },
    { transA: true, transB: true },
  ];
  for (const shape of shapes) {
    for (const params of forms) {
      const form = `${params.transA ? 'T' : 'N'}${params.transB ? 'T' : 'N'}`;
      it(`${form} ${JSON.stringify(shape)}`, () => {
        const [m, k, n] = shape.slice(-3);
        const batch = shape.slice(0, -3);
        const A = data([...batch, ...(params.transA ? [k, m] : [m, k])]);
        const B = data([...batch, ...(params.transB ? [n, k] : [k, n])]);
        const [w, r] = both('matmul', [A, B], params, { shape: [...batch, m, n], dtype: 'float32' });
        // float32 accumulation against the reference's float64 sums: error grows like k·ε·Σ|a||b|
        expectClose(w, r, 1e-5, 1e-6 * Math.max(1, k) * 9);
      });
    }
  }
  it('leaves float64 to the reference kernel, bit for bit', () => {
    const A = data([5, 6], 'float64');
    const B = data([6, 7], 'float64');
    const [w, r] = both('matmul', [A, B], { transA: false, transB: false }, { shape: [5, 7], dtype: 'float64' });
    expect(w).toEqual(r);
  });
  it('does not mutate its inputs, and reuses the arena across sizes', () => {
    const A = data([70, 40]);
    const B = data([40, 90]);
    const copyA = A.data.slice();
    const big = both('matmul', [data([300, 300]), data([300, 300])], { transA: false, transB: false }, { shape: [300, 300], dtype: 'float32' });
    expectClose(big[0], big[1], 1e-5, 1e-6 * 300 * 9);
    const [w, r] = both('matmul', [A, B], { transA: false, transB: false }, { shape: [70, 90], dtype: 'float32' });
    expectClose(w, r, 1e-5, 1e-6 * 40 * 9);
    expect(A.data).toEqual(copyA);
  });
});

describe('elementwise', () => {
  const sizes = [[0], [1], [3], [4], [5], [63], [64], [65], [7, 13], [2, 3, 37]];
  const special = new Float32Array([0, -0, 1, -1, 88, 88.8, 89, 100, -87, -88, -100, -104, -110, 1e-30, -1e-30, Infinity, -Infinity, NaN]);
  const unary = ['neg', 'abs', 'sqrt', 'exp', 'sigmoid'] as const;
  for (const prim of unary) {
    for (const shape of sizes) {
      it(`${prim} on ${JSON.stringify(shape)}`, () => {
        const x = data(shape, 'float32', prim === 'exp' ? 20 : 10);
        if (prim === 'sqrt') for (let i = 0; i < x.data.length; i++) x.data[i] = Math.abs(x.data[i]);
        const [w, r] = both(prim, [x], {} as never, { shape, dtype: 'float32' });
        // exp and σ are polynomial approximations: a few float32 ulps
        expectClose(w, r, prim === 'exp' || prim === 'sigmoid' ? 5e-7 : 0, 0);
      });
    }
    it(`${prim} on special values (±0, ±∞, NaN, overflow and subnormal range), padded past the wasm threshold`, () => {
      const values = new Float32Array(96);
      for (let i = 0; i < values.length; i++) values[i] = special[i % special.length];
      const x = { data: values, shape: [96], dtype: 'float32' as const };
      const [w, r] = both(prim, [x], {} as never, { shape: [96], dtype: 'float32' });
      // subnormal results of e^x (x < −87.3) may differ in their last bits
      expectClose(w, r, 5e-7, prim === 'exp' ? 1e-44 : 0);
      if (prim === 'neg' || prim === 'abs') expect(Array.from(w).map(Object.is.bind(null, -0))).toEqual(Array.from(r).map(Object.is.bind(null, -0)));
    });
  }
  it('exp stays within 2 ulps over [−87, 88] on a fine grid', () => {
    const n = 4096;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = -87 + (175 * i) / (n - 1);
    const [w, r] = both('exp', [{ data: values, shape: [n], dtype: 'float32' }], {}, { shape: [n], dtype: 'float32' });
    expectClose(w, r, 2.4e-7, 0);
  });
  const binary = ['add', 'sub', 'mul', 'div'] as const;
  for (const prim of binary) {
    for (const shape of sizes) {
      it(`${prim} on ${JSON.stringify(shape)}`, () => {
        const a = data(shape);
        const b = data(shape);
        const [w, r] = both(prim, [a, b], {} as never, { shape, dtype: 'float32' });
        // add, sub, mul and div are correctly rounded in both: identical bits
        expect(w).toEqual(r);
      });
    }
    it(`${prim} leaves float64 and int32 to the reference`, () => {
      for (const dtype of ['float64', 'int32'] as const) {
        const a = data([70], dtype);
        const b = data([70], dtype);
        if (prim === 'div') for (let i = 0; i < 70; i++) b.data[i] = b.data[i] === 0 ? 1 : b.data[i];
        const [w, r] = both(prim, [a, b], {} as never, { shape: [70], dtype });
        expect(w).toEqual(r);
      }
    });
  }
});

describe('sum', () => {
  const cases: Array<[number[], number[]]> = [
    [[64, 10], [1]], [[64, 10], [0]], [[64, 128], [0]], [[64], [0]], [[5, 7, 9], [1]], [[5, 7, 9], [0, 1]], [[5, 7, 9], [1, 2]],
    [[5, 7, 9], [0, 1, 2]], [[3, 5, 7], [0, 2]], [[1, 1, 65], [2]], [[65, 1], [1]], [[0, 5], [0]], [[5, 0], [1]], [[2, 3], []], [[130, 3], [0]],
  ];
  for (const [shape, axes] of cases) {
    it(`over axes ${JSON.stringify(axes)} of ${JSON.stringify(shape)}`, () => {
      const x = data(shape);
      const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const [w, r] = both('sum', [x], { axes }, { shape: outShape, dtype: 'float32' });
      // both accumulate in float64 and round once; only the order of the additions differs
      expectClose(w, r, 1e-7, 0);
    });
  }
});

describe('expand', () => {
  const cases: Array<[number[], number[], DType]> = [
    [[1, 128], [64, 128], 'float32'], [[64, 1], [64, 10], 'float32'], [[64, 1], [64, 10], 'int32'], [[1, 10], [64, 10], 'int32'],
    [[], [64, 3], 'float32'], [[1], [64], 'float64'], [[1, 1], [1, 1], 'float32'], [[3, 1, 5, 1], [3, 4, 5, 2], 'float32'],
    [[1, 3, 1], [2, 3, 4], 'float64'], [[5], [2, 3, 5], 'float32'], [[2, 1], [2, 0], 'float32'], [[1, 1, 1], [7, 1, 3], 'int32'],
  ];
  for (const [inShape, outShape, dtype] of cases) {
    it(`${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)} ${dtype}`, () => {
      const x = data(inShape, dtype);
      // the reference expects equal ranks: give it the input with leading 1s
      const padded = { ...x, shape: [...new Array<number>(outShape.length - inShape.length).fill(1), ...inShape] };
      const w = wasmKernels.expand([x], { shape: outShape }, { shape: outShape, dtype });
      const r = referenceKernels.expand([padded], { shape: outShape }, { shape: outShape, dtype });
      expect(w).toEqual(r);
    });
  }
});

describe('sparse products (an operand mostly zeros, as MNIST pixels are)', () => {
  /** [rows, cols] float32 with about `density` of its entries nonzero. */
  function sparse(shape: number[], density: number): TensorData {
    const x = data(shape);
    for (let i = 0; i < x.data.length; i++) if (rng.uniform() >= density) x.data[i] = 0;
    return x;
  }
  const forms = [
    { transA: false, transB: false },
    { transA: false, transB: true },
    { transA: true, transB: false },
    { transA: true, transB: true },
  ];
  // sizes at and past the 4096-element test, off the 16-column block and the f32x4 width
  const shapes = [[64, 784, 128], [63, 785, 127], [1, 4096, 3], [128, 64, 784], [5, 1000, 33], [70, 64, 1]];
  for (const [m, k, n] of shapes) {
    for (const params of forms) {
      for (const [which, density] of [['A', 0.19], ['B', 0.19], ['A', 0], ['B', 0.05], ['A', 0.31]] as const) {
        const form = `${params.transA ? 'T' : 'N'}${params.transB ? 'T' : 'N'}`;
        it(`${form} [${m},${k},${n}] with ${which} ${density * 100}% nonzero`, () => {
          const aShape = params.transA ? [k, m] : [m, k];
          const bShape = params.transB ? [n, k] : [k, n];
          const A = which === 'A' ? sparse(aShape, density) : data(aShape);
          const B = which === 'B' ? sparse(bShape, density) : data(bShape);
          const [w, r] = both('matmul', [A, B], params, { shape: [m, n], dtype: 'float32' });
          expectClose(w, r, 1e-5, 1e-6 * k * 9);
        });
      }
    }
  }
  it('an infinity or NaN in the dense operand gives the dense result: 0·∞ is NaN', () => {
    for (const params of forms) {
      const [m, k, n] = [64, 100, 70];
      const A = sparse(params.transA ? [k, m] : [m, k], 0.1);
      const B = data(params.transB ? [n, k] : [k, n]);
      B.data[17] = Infinity;
      B.data[300] = NaN;
      const [w, r] = both('matmul', [A, B], params, { shape: [m, n], dtype: 'float32' });
      expect(r.some(Number.isNaN)).toBe(true);
      expectClose(w, r, 1e-5, 1e-6 * k * 9);
      // and the same with the roles swapped
      const [w2, r2] = both('matmul', [B, A], { transA: params.transB, transB: params.transA }, { shape: [n, m], dtype: 'float32' });
      expectClose(w2, r2, 1e-5, 1e-6 * k * 9);
    }
  });
  it('infinities and NaN in the sparse operand are kept, and −0 is skipped as +0 is: the dense result', () => {
    const A = sparse([64, 100], 0.1);
    A.data[5] = Infinity;
    A.data[250] = NaN;
    A.data[400] = -0;
    const B = data([100, 40]);
    const [w, r] = both('matmul', [A, B], { transA: false, transB: false }, { shape: [64, 40], dtype: 'float32' });
    expectClose(w, r, 1e-5, 1e-6 * 100 * 9);
  });
  it('takes the sparse path for a sparse operand and gives it up for a dense one or a non-finite partner', () => {
    const arena = kernelArena();
    const at = (x: TensorData) => arena.allocF32(x.data.length, x.data as Float32Array);
    const product = (A: TensorData, B: TensorData, m: number, n: number, k: number, transA: boolean, transB: boolean) => {
      arena.reset();
      const [a, b] = [at(A), at(B)];
      return sparseProduct(arena, a, b, arena.allocF32(m * n), m, n, k, transA, transB);
    };
    expect(product(sparse([64, 784], 0.19), data([128, 784]), 64, 128, 784, false, true)).toBe(true); // a Linear forward
    expect(product(data([64, 128]), sparse([64, 784], 0.19), 128, 784, 64, true, false)).toBe(true); // its weight gradient
    expect(product(data([64, 784]), data([128, 784]), 64, 128, 784, false, true)).toBe(false);
    const W = data([128, 784]);
    W.data[5] = NaN;
    expect(product(sparse([64, 784], 0.19), W, 64, 128, 784, false, true)).toBe(false);
  });
  it('screens operands by a sample before compressing: dense and small ones are turned away', () => {
    expect(mayBeSparse(data([64, 784]).data as Float32Array)).toBe(false);
    expect(mayBeSparse(sparse([64, 784], 0.19).data as Float32Array)).toBe(true);
    expect(mayBeSparse(new Float32Array(64 * 784))).toBe(true);
    expect(mayBeSparse(new Float32Array(100))).toBe(false);
  });
  it('an all-zero operand gives +0 everywhere, as the dense product does', () => {
    const A = sparse([64, 100], 0);
    const [w, r] = both('matmul', [A, data([100, 40])], { transA: false, transB: false }, { shape: [64, 40], dtype: 'float32' });
    expect(w).toEqual(r);
    expect(w.every((v) => Object.is(v, 0))).toBe(true);
  });
});

describe('kernel builds', () => {
  it('runs the relaxed-SIMD build where this Node can enable it, and the plain one under NABLA_RELAXED_SIMD=0', () => {
    // V8 has relaxed SIMD from 11.4, and behind a flag that can be set at run time before that
    const major = Number(process.versions.node.split('.')[0]);
    const run = (relaxed: boolean) => {
      const env = { ...process.env };
      if (relaxed) delete env.NABLA_RELAXED_SIMD;
      else env.NABLA_RELAXED_SIMD = '0';
      return spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/backend/wasm/node-loader.ts').then(async (l) => { l.installNodeWasmLoader(); console.log((await import('./src/backend/wasm/module.ts')).kernelFlavour()); })"], {
        encoding: 'utf8', env,
      }).stdout.trim();
    };
    expect(run(false)).toBe('simd128');
    // Node ≥ 20 (V8 ≥ 11.3) validates relaxed SIMD, with the flag or by default
    if (major >= 20) expect(run(true)).toBe('simd128+relaxed');
    if (process.env.NABLA_RELAXED_SIMD !== '0' && major >= 20) expect(kernelFlavour()).toBe('simd128+relaxed');
  });
});
