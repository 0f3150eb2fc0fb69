// The wasm kernels come from a loader the host sets: synchronous (Node's files) or awaited once (a browser's fetch).

import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WasmModuleName } from '../../src/backend/wasm/module.js';

type Module = typeof import('../../src/backend/wasm/module.js');
type Select = typeof import('../../src/backend/select.js');

const bytesOf = (name: WasmModuleName) => new Uint8Array(readFileSync(new URL(`../../src/backend/wasm/${name}.wasm`, import.meta.url)));

// each test gets fresh module state: the kernels are instantiated at most once per module instance
let module: Module;
let select: Select;
beforeEach(async () => {
  vi.resetModules();
  module = await import('../../src/backend/wasm/module.js');
  select = await import('../../src/backend/select.js');
});

describe('wasm bytes loader', () => {
  it('without a loader: auto picks the reference, and asking for wasm says what is missing', () => {
    expect(select.selectBackend('auto', {}).name).toBe('reference');
    expect(() => select.selectBackend('wasm', {})).toThrow(/no bytes loader set/);
  });

  it('runs the plain build when the loader has no relaxed one', () => {
    const asked: WasmModuleName[] = [];
    module.setWasmBytesLoader((name) => {
      asked.push(name);
      return name === 'kernels' ? bytesOf('kernels') : null;
    });
    expect(select.selectBackend('auto', {}).name).toBe('wasm');
    expect(module.kernelFlavour()).toBe('simd128');
    expect(asked).toEqual(['kernels-relaxed', 'kernels']);
  });

  it('treats a loader that throws for the relaxed build as "no relaxed build"', () => {
    module.setWasmBytesLoader((name) => {
      if (name === 'kernels-relaxed') throw new Error('not here');
      return bytesOf('kernels');
    });
    expect(module.kernelFlavour()).toBe('simd128');
  });

  it('falls back to the plain build when the relaxed bytes do not validate', () => {
    module.setWasmBytesLoader((name) => (name === 'kernels' ? bytesOf('kernels') : new Uint8Array([0, 1, 2, 3])));
    expect(module.kernelFlavour()).toBe('simd128');
  });

  it('an asynchronous loader must be awaited first; then the backend runs, and the kernels compute', async () => {
    const fetchLike = async (name: WasmModuleName) => (name === 'kernels' ? bytesOf('kernels') : null);
    module.setWasmBytesLoader(fetchLike);
    expect(() => module.kernelArena()).toThrow(/await loadWasmKernels\(\)/);
    expect(await module.loadWasmKernels()).toBe('simd128');
    const wasm = select.selectBackend('wasm', {});
    const n = 100; // above the size where the reference loop takes over
    const a = Float32Array.from({ length: n }, (_, i) => i);
    const b = Float32Array.from({ length: n }, (_, i) => 1000 * i);
    const sum = wasm.kernels.add([{ data: a, shape: [n], dtype: 'float32' }, { data: b, shape: [n], dtype: 'float32' }], {}, { shape: [n], dtype: 'float32' });
    expect(Array.from(sum)).toEqual(Array.from({ length: n }, (_, i) => 1001 * i));
  });

  it('says so when the loader gives no bytes for the plain build', async () => {
    await expect(module.loadWasmKernels(() => null)).rejects.toThrow(/no bytes for 'kernels'/);
    await expect(module.loadWasmKernels(null)).rejects.toThrow(/no bytes loader/);
  });
});
