// The Backend interface: a table of kernels, one per primitive, over contiguous row-major buffers.

import type { DType, TypedArray } from '../core/dtype.js';
import type { Prim, PrimParams } from '../core/primitives.js';
import type { Shape } from '../core/shape.js';

/** A contiguous row-major buffer with its shape and dtype: what a kernel reads. */
export interface TensorData {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** What a kernel must produce: the output's shape and dtype, already checked by the op. */
export interface OutputSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A kernel computes a primitive's output buffer from its inputs. It never mutates its inputs. */
export type Kernel<P extends Prim> = (inputs: readonly TensorData[], params: PrimParams[P], out: OutputSpec) => TypedArray;

/** One kernel for every primitive; a missing one is a compile error. */
export type KernelTable = { [P in Prim]: Kernel<P> };

export interface Backend {
  readonly name: string;
  readonly kernels: KernelTable;
}
