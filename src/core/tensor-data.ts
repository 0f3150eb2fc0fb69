// TensorData: a contiguous row-major buffer with its shape and dtype, the value kernels read and layers above exchange.

import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** A contiguous row-major buffer with its shape and dtype: what a kernel reads. */
export interface TensorData {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}
