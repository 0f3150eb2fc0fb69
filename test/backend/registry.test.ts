// Specification of the backend registry: with none set, the first kernel call picks the backend as the CLI does.

import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the backend modules, so each case starts with no backend chosen. */
async function freshModules() {
  vi.resetModules();
  const registry = await import('../../src/backend/registry.js');
  const select = await import('../../src/backend/select.js');
  const { referenceBackend } = await import('../../src/backend/reference/index.js');
  const { installNodeWasmLoader } = await import('../../src/backend/wasm/node-loader.js');
  return { ...registry, ...select, referenceBackend, installNodeWasmLoader };
}

const saved = process.env.NABLA_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.NABLA_BACKEND;
  else process.env.NABLA_BACKEND = saved;
});

describe('the default backend', () => {
  it('is the fastest this host has once the Node loader is installed: wasm where SIMD validates', async () => {
    delete process.env.NABLA_BACKEND;
    const m = await freshModules();
    m.installNodeWasmLoader();
    expect(m.getBackend().name).toBe(m.simdSupported() ? 'wasm' : 'reference');
    expect(m.getBackend()).toBe(m.getBackend()); // chosen once
  });

  it('is the reference where no wasm bytes loader is set (a host that has not provided one)', async () => {
    delete process.env.NABLA_BACKEND;
    const m = await freshModules();
    expect(m.getBackend()).toBe(m.referenceBackend);
  });

  it('follows NABLA_BACKEND, read on the first kernel call rather than at import', async () => {
    delete process.env.NABLA_BACKEND;
    const m = await freshModules();
    m.installNodeWasmLoader();
    process.env.NABLA_BACKEND = 'reference';
    expect(m.getBackend()).toBe(m.referenceBackend);
  });

  it('names a bad NABLA_BACKEND on first use, while an explicit setBackend still works', async () => {
    process.env.NABLA_BACKEND = 'fastest';
    const m = await freshModules();
    expect(() => m.getBackend()).toThrow(/^unknown backend 'fastest' \(from NABLA_BACKEND\): expected one of reference, wasm, auto$/);
    expect(m.setBackend(m.referenceBackend)).toBe(m.referenceBackend);
    expect(m.getBackend()).toBe(m.referenceBackend);
  });

  it('is what setBackend returns as the previous backend when none was chosen, so it can be restored', async () => {
    process.env.NABLA_BACKEND = 'reference';
    const m = await freshModules();
    const spy = { name: 'spy', kernels: m.referenceBackend.kernels };
    expect(m.setBackend(spy)).toBe(m.referenceBackend);
    expect(m.getBackend()).toBe(spy);
  });
});
