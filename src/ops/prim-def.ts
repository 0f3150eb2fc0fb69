// What defines a primitive: its shape rule and its VJP, written with differentiable ops.

import type { DType } from '../core/dtype.js';
import type { Prim, PrimParams } from '../core/primitives.js';
import type { Tensor } from '../tensor/tensor.js';

export interface PrimDef<P extends Prim> {
  /** Checks the inputs and returns the output's shape and dtype; errors name the op and the shapes. */
  infer(inputs: readonly Tensor[], params: PrimParams[P]): { shape: number[]; dtype: DType };
  /**
   * Cotangents of the inputs given the output's cotangent `g` (null where none flows), or
   * undefined for a primitive with no derivative (comparisons, argmax, sign). The rules use the
   * same ops as forward code, so their result is itself differentiable.
   */
  vjp: ((g: Tensor, inputs: readonly Tensor[], out: Tensor, params: PrimParams[P]) => (Tensor | null)[]) | undefined;
}

/** A recorded application of a primitive: one node of the graph, pointing at its definition. */
export interface Node {
  /** The primitive's name, or a composite's that has its own VJP (ops/composite.ts). */
  readonly prim: Prim | string;
  readonly def: PrimDef<Prim>;
  readonly inputs: readonly Tensor[];
  readonly params: PrimParams[Prim];
}
