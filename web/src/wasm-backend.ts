// Readies nabla's wasm backend in a browser: the kernels' bytes are fetched from the bundle, then the backend is selected.

import kernelsUrl from '../../src/backend/wasm/kernels.wasm?url';
import relaxedUrl from '../../src/backend/wasm/kernels-relaxed.wasm?url';
import { loadWasmKernels, selectBackend, setBackend, type WasmModuleName } from '../../src/backend/index.js';

const urls: Record<WasmModuleName, string> = { kernels: kernelsUrl, 'kernels-relaxed': relaxedUrl };

async function fetchBytes(name: WasmModuleName): Promise<Uint8Array | null> {
  const response = await fetch(urls[name]);
  if (!response.ok) {
    if (name === 'kernels-relaxed') return null; // the plain build is enough
    throw new Error(`wasm backend: ${urls[name]}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Loads the kernels (relaxed SIMD where this browser validates it, plain SIMD otherwise) and
 * makes wasm the backend; returns the flavour that runs, e.g. 'relaxed'.
 */
export async function useWasmBackend(): Promise<string> {
  const flavour = await loadWasmKernels(fetchBytes);
  setBackend(selectBackend('wasm'));
  return flavour;
}
