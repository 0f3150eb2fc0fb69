// The Node entry of the wasm backend: reads the committed binaries beside this file (the only backend module that imports node:).

import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { setWasmBytesLoader, wasmBytesAvailable, webAssemblyApi, type WasmBytesLoader } from './module.js';

function readBinary(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${file}`, import.meta.url)));
}

/**
 * Reads kernels.wasm or kernels-relaxed.wasm from this folder (src/ in a clone, dist/ when
 * installed). Relaxed SIMD is in V8 from 11.4; Node 20's V8 (11.3) has it behind a flag, which
 * can be set while running, before a module using it is compiled (the GEMM is about 1.5× faster
 * with fused multiply-adds). NABLA_RELAXED_SIMD=0 keeps the plain build (multiply and add rounded
 * separately) and leaves V8's flags alone; so does a missing or invalid relaxed binary.
 */
export const nodeWasmBytesLoader: WasmBytesLoader = (name) => {
  if (name === 'kernels') return readBinary('kernels.wasm');
  if (process.env.NABLA_RELAXED_SIMD === '0') return null;
  const bytes = readBinary('kernels-relaxed.wasm');
  // the flag only gates which wasm opcodes validate; it is set only where this V8 needs it
  if (webAssemblyApi()?.validate(bytes) === false) setFlagsFromString('--experimental-wasm-relaxed-simd');
  return bytes;
};

/** Makes the wasm backend read its bytes from disk, unless a loader is already set. Node entry points call it. */
export function installNodeWasmLoader(): void {
  if (!wasmBytesAvailable()) setWasmBytesLoader(nodeWasmBytesLoader);
}
