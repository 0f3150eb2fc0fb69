// The backend layer's entry, loadable in any JavaScript host: choose a backend, and give the wasm kernels their bytes.

export type { TensorData } from '../core/tensor-data.js';
export type { Backend, Kernel, KernelTable, OutputSpec } from './backend.js';
export { getBackend, setBackend } from './registry.js';
export { referenceBackend } from './reference/index.js';
export {
  backendNames, isBackendName, loadWasmKernels, selectBackend, setWasmBytesLoader, simdSupported, wasmBackend,
  type BackendName, type WasmBytesLoader, type WasmModuleName,
} from './select.js';
