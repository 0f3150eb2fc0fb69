// TensorData: a contiguous row-major buffer with its shape and dtype, the value kernels read and layers above exchange.

import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** A contiguous row-major buffer with its shape and dtype: what a kernel reads. */
export interface TensorData {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * Where a tensor's values live when a backend keeps them in its own memory (a compiled plan's
 * parameters and optimizer state in wasm linear memory). `view()` returns the current typed
 * array over them; it is re-taken whenever the memory has grown, so a reader never sees a
 * detached buffer.
 */
export interface TensorHome {
  view(): TypedArray;
}

/** A tensor a compiled plan keeps across calls (a parameter, an optimizer buffer): its values may move to the backend's memory. */
export interface StateData extends TensorData {
  relocate(home: TensorHome): void;
  readonly isRelocated: boolean;
  /** Shared by the tensor and its detached copies: alive while any of them is. */
  readonly storageKey: object;
}
