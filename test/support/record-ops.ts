// A tracer for tests: runs a function with a recording tracer installed and returns what the ops told it (primitives, regions, assigns, kernels).

import type { Tensor } from '../../src/index.js';
import { setTracer, type Tracer } from '../../src/ops/trace-hook.js';

/** One thing an op told the tracer, in order. */
export type OpEvent =
  | { kind: 'primitive'; prim: string; inputs: readonly Tensor[]; output: Tensor; inKernel: boolean }
  | { kind: 'assign'; target: Tensor; value: Tensor; targetValues: number[]; inKernel: boolean }
  | { kind: 'enter'; name: string; inputs: readonly Tensor[] }
  | { kind: 'leave'; output: Tensor }
  | { kind: 'kernel' };

/**
 * Runs `fn` with a tracer that records every event (as jit's tracer would see them), then restores
 * the previous tracer. `kernel` events count the `insideKernel` calls; `inKernel` says whether an
 * event arrived inside one.
 */
export function recordOps<T>(fn: () => T): { result: T; events: OpEvent[] } {
  const events: OpEvent[] = [];
  let depth = 0;
  const tracer: Tracer = {
    primitive: (prim, _params, inputs, output) => events.push({ kind: 'primitive', prim, inputs, output, inKernel: depth > 0 }),
    assign: (target, value) => events.push({ kind: 'assign', target, value, targetValues: Array.from(target.unguardedData), inKernel: depth > 0 }),
    enterRegion: (name, inputs) => events.push({ kind: 'enter', name, inputs }),
    leaveRegion: (output) => events.push({ kind: 'leave', output }),
    insideKernel: <R>(run: () => R): R => {
      events.push({ kind: 'kernel' });
      depth++;
      try {
        return run();
      } finally {
        depth--;
      }
    },
  };
  const previous = setTracer(tracer);
  try {
    return { result: fn(), events };
  } finally {
    setTracer(previous);
  }
}

/** The names of the primitives `fn` runs, in order. */
export function primitivesOf(fn: () => unknown): string[] {
  return recordOps(fn).events.flatMap((e) => (e.kind === 'primitive' ? [e.prim] : []));
}
