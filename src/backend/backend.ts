// The Backend interface: a table of kernels, one per primitive, over contiguous row-major buffers.

import type { DType, TypedArray } from '../core/dtype.js';
import type { Prim, PrimParams } from '../core/primitives.js';
import type { Shape } from '../core/shape.js';
import type { TensorData } from '../core/tensor-data.js';
import type { Executable, Graph } from './graph.js';

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

export interface Backend {
  readonly name: string;
  /** Which build or variant of the kernels runs, where a backend has several (shown after the name). */
  readonly detail?: string;
  readonly kernels: KernelTable;
  /**
   * Compiles a traced graph (jit) into a plan that runs it with no graph building; without it, jit
   * interprets the graph on `kernels` (backend/interpret.ts). A compiled plan must give the results
   * `interpret` gives, up to float rounding where it fuses steps.
   */
  compile?(graph: Graph): Executable;
}
