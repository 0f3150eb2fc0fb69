// The backend that ops dispatch to; the reference backend until another is chosen.

import type { Backend } from './backend.js';
import { referenceBackend } from './reference/index.js';

let current: Backend = referenceBackend;

/** The backend kernels currently run on. */
export function getBackend(): Backend {
  return current;
}

/** Makes `backend` the one every op dispatches to. Returns the previous backend. */
export function setBackend(backend: Backend): Backend {
  const previous = current;
  current = backend;
  return previous;
}
