// The backend that ops dispatch to: chosen on the first kernel call (the fastest this host has) until another is set.

import type { Backend } from './backend.js';
import { referenceBackend } from './reference/index.js';
import { selectBackend } from './select.js';

let current: Backend | null = null;

/**
 * The backend kernels currently run on. Unless `setBackend` chose one, the first call picks it as
 * the CLI does, with `selectBackend()`: NABLA_BACKEND if set, else wasm where this host validates
 * SIMD and a bytes loader is set (the package root installs Node's), else the reference. Choosing
 * on first use keeps importing the library free of compiling the kernels.
 */
export function getBackend(): Backend {
  current ??= selectBackend();
  return current;
}

/**
 * Makes `backend` the one every op dispatches to. Returns the previous backend: the default one
 * if none was chosen yet (the reference where the default cannot be had, e.g. NABLA_BACKEND
 * names no backend: choosing one explicitly never fails on that).
 */
export function setBackend(backend: Backend): Backend {
  let previous: Backend;
  try {
    previous = getBackend();
  } catch {
    previous = referenceBackend;
  }
  current = backend;
  return previous;
}
