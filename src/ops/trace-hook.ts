// The hook through which jit watches ops run: every primitive application and every assign, while a function is traced.

import type { Prim, PrimParams } from '../core/primitives.js';
import type { Tensor } from '../tensor/tensor.js';

/** What a tracer (jit/trace.ts) is told as a traced function runs eagerly. */
export interface Tracer {
  /** A primitive ran: `output = prim(inputs; params)`. */
  primitive(prim: Prim, params: PrimParams[Prim], inputs: readonly Tensor[], output: Tensor): void;
  /** `target`'s values are about to be replaced by `value`'s (an optimizer's in-place update). */
  assign(target: Tensor, value: Tensor): void;
  /** The steps until the matching `leaveRegion` compute the composite `name` of `inputs` (a backend may fuse them). */
  enterRegion(name: string, inputs: readonly Tensor[]): void;
  /** Closes the innermost region; `output` is the composite's result. */
  leaveRegion(output: Tensor): void;
  /** Runs a kernel, during which reading `.data` is the kernel's business, not the traced function's. */
  insideKernel<T>(run: () => T): T;
}

let tracer: Tracer | null = null;

/** The active tracer, or null when no function is being traced. */
export function activeTracer(): Tracer | null {
  return tracer;
}

/** Makes `next` the active tracer (null to stop) and returns the previous one. */
export function setTracer(next: Tracer | null): Tracer | null {
  const previous = tracer;
  tracer = next;
  return previous;
}

/**
 * Reads a tensor's values for validation only (label ranges): allowed while tracing, where the
 * check then runs once, when the function is traced, and not on each call of the compiled plan.
 */
export function peekData(t: Tensor): Tensor['data'] {
  return tracer === null ? t.data : tracer.insideKernel(() => t.data);
}
