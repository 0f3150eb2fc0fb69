// Backend selection: 'reference', 'wasm' or 'auto' (wasm when this host validates a SIMD module), overridable by NABLA_BACKEND.

import type { Backend } from './backend.js';
import { referenceBackend } from './reference/index.js';
import { wasmBytesAvailable, webAssemblyApi } from './wasm/module.js';
import { wasmBackend } from './wasm/index.js';

export { wasmBackend } from './wasm/index.js';
export { loadWasmKernels, setWasmBytesLoader, type WasmBytesLoader, type WasmModuleName } from './wasm/module.js';

export const backendNames = ['reference', 'wasm', 'auto'] as const;
export type BackendName = (typeof backendNames)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (backendNames as readonly string[]).includes(value);
}

/**
 * The smallest module that needs SIMD: (func (result v128) (v128.const i32x4 0 0 0 0)).
 * A host without SIMD fails to validate it.
 */
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0; end
]);

let simd: boolean | null = null;

/** Whether this host runs WebAssembly with the fixed-width SIMD proposal (Node ≥ 16, current browsers). */
export function simdSupported(): boolean {
  if (simd === null) {
    const api = webAssemblyApi();
    try {
      simd = api !== undefined && api.validate(simdProbe);
    } catch {
      simd = false;
    }
  }
  return simd;
}

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * The backend to run on. `name` wins over the NABLA_BACKEND environment variable, which wins over
 * 'auto'; 'auto' picks wasm when SIMD is supported and the kernels' bytes can be had (a loader is
 * set: Node entry points install one, a browser awaits `loadWasmKernels`), the reference otherwise.
 * Asking for 'wasm' where SIMD or the loader is missing throws; an unknown name throws with the
 * list of valid ones.
 * @example setBackend(selectBackend())             // the best this host has
 * @example setBackend(selectBackend('reference'))  // the plain-TS specification
 */
export function selectBackend(name?: BackendName, env: Record<string, string | undefined> = processEnv()): Backend {
  const requested: string = name ?? (env.NABLA_BACKEND?.trim() || 'auto');
  if (!isBackendName(requested)) {
    throw new Error(`unknown backend '${requested}'${name === undefined ? ' (from NABLA_BACKEND)' : ''}: expected one of ${backendNames.join(', ')}`);
  }
  if (requested === 'reference') return referenceBackend;
  if (requested === 'wasm') {
    if (!simdSupported()) throw new Error('backend wasm: this host does not support WebAssembly SIMD (use --backend reference)');
    return wasmBackend();
  }
  return simdSupported() && wasmBytesAvailable() ? wasmBackend() : referenceBackend;
}
