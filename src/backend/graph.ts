// The traced program a backend compiles: values, primitive steps and in-place assigns, in program order.

import type { DType, TypedArray } from '../core/dtype.js';
import type { Prim, PrimParams } from '../core/primitives.js';
import type { Shape } from '../core/shape.js';
import type { StateData, TensorData } from '../core/tensor-data.js';

/** Index of a value in `Graph.values`. */
export type ValueId = number;

/** Where a value comes from. */
export type ValueSource =
  /** The `index`-th tensor argument of the traced function, new on every call. */
  | { kind: 'argument'; index: number }
  /** A tensor that existed before the trace (a parameter, an optimizer buffer, a learning rate): read as it is at each call. */
  | { kind: 'state'; tensor: StateData }
  /** A tensor made while tracing from no argument (a literal such as 1 or 0.9): fixed. */
  | { kind: 'constant'; data: TensorData }
  /** The output of the step that computes it. */
  | { kind: 'step' };

export interface GraphValue {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly source: ValueSource;
}

/** `output = prim(inputs; params)`, or `target ← value` for an assign (target is a state). */
export type GraphStep =
  | {
    readonly kind: 'primitive'; readonly prim: Prim; readonly params: PrimParams[Prim]; readonly inputs: readonly ValueId[]; readonly output: ValueId;
    /** The outermost composite (index into `Graph.regions`) this step computes part of, if any. */
    readonly region?: number;
  }
  | { readonly kind: 'assign'; readonly target: ValueId; readonly value: ValueId };

/**
 * A traced function as data (jit/trace.ts builds it): every primitive it ran and every assign it
 * made, in the order they ran, with dead steps removed. A backend's `compile` turns it into an
 * Executable; `interpret` is the meaning every compiled form must reproduce.
 */
export interface Graph {
  readonly values: readonly GraphValue[];
  readonly steps: readonly GraphStep[];
  /** The values of the function's results, in order. */
  readonly outputs: readonly ValueId[];
  /** Composites the function called (ops/composite.ts): their name, inputs and result; their steps carry the index. */
  readonly regions: readonly GraphRegion[];
}

/** A named composite in a traced graph: a backend may replace its steps with one fused kernel. */
export interface GraphRegion {
  readonly name: string;
  readonly inputs: readonly ValueId[];
  /** The composite's result (-1 if it threw). */
  readonly output: ValueId;
}

/** A compiled graph: run it on the arguments' data; returns each output's values (fresh arrays the caller owns). */
export interface Executable {
  run(args: readonly TensorData[]): TypedArray[];
}

/** How many steps read each value (an output counts as a reader). */
export function useCounts(graph: Graph): number[] {
  const uses = new Array<number>(graph.values.length).fill(0);
  for (const step of graph.steps) {
    if (step.kind === 'primitive') for (const v of step.inputs) uses[v]++;
    else uses[step.value]++;
  }
  for (const v of graph.outputs) uses[v]++;
  return uses;
}
