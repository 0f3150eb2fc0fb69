// The Backend interface: a table of kernels, one per primitive, over contiguous row-major buffers.

import type { DType, TypedArray } from '../core/dtype.js';
import type { Prim, PrimParams } from '../core/primitives.js';
import type { Shape } from '../core/shape.js';
import type { TensorData } from '../core/tensor-data.js';

export type { TensorData } from '../core/tensor-data.js'; // defined in core/; re-exported for existing importers

/** What a kernel must produce: the output's shape and dtype, already checked by the op. */
export interface OutputSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A kernel computes a primitive's output buffer from its inputs. It never mutates its inputs. */
export type Kernel<P extends Prim> = (inputs: readonly TensorData[], params: PrimParams[P], out: OutputSpec) => TypedArray;

/** One kernel for every primitive; a missing one is a compile error. */
export type KernelTable = { [P in Prim]: Kernel<P> };

/** One SGD step's settings, for a backend's in-place update kernel. */
export interface SgdStep {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  /** True on the first step, when the momentum buffer starts as the gradient itself. */
  first: boolean;
}

/**
 * In-place parameter updates a fast backend may offer (float32 only). The optimizer falls back
 * to its own loops when a backend has none: these are speed, never semantics.
 */
export interface UpdateKernels {
  /** w ← SGD step with gradient g and momentum buffer b (null when momentum is 0), all in place. */
  sgdF32?(w: Float32Array, g: Float32Array, b: Float32Array | null, step: SgdStep): void;
}

export interface Backend {
  readonly name: string;
  /** Which build or variant of the kernels runs, where a backend has several (shown after the name). */
  readonly detail?: string;
  readonly kernels: KernelTable;
  readonly updates?: UpdateKernels;
}
