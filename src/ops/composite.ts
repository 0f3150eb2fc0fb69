// Composites a backend may fuse: a named region of primitives in a trace, optionally with its own VJP (JAX's custom_vjp).

import type { Prim } from '../core/primitives.js';
import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import type { PrimDef } from './prim-def.js';
import { activeTracer } from './trace-hook.js';

/**
 * Runs `compute` (a composition of primitives: its meaning) as the named composite of `inputs`,
 * so a jit trace marks its steps as one region a backend may replace with a fused kernel
 * (backend/wasm/rewrite.ts). Eagerly it is exactly `compute()`.
 */
export function region(name: string, inputs: readonly Tensor[], compute: () => Tensor): Tensor {
  const tracer = activeTracer();
  if (tracer === null) return compute();
  tracer.enterRegion(name, inputs);
  let out: Tensor | null = null;
  try {
    out = compute();
    return out;
  } finally {
    tracer.leaveRegion(out as Tensor);
  }
}

/**
 * The composite `name` of `inputs` computed by `forward` (primitives, run without recording), with
 * the derivative given by `vjp` (cotangents of the inputs from the output's cotangent `g`, written
 * with ops so it is differentiable again) instead of autodiff through the composition: a
 * numerically direct rule, and one region each way for a backend to fuse.
 */
export function withVjp(
  name: string,
  inputs: readonly Tensor[],
  forward: () => Tensor,
  vjp: (g: Tensor, out: Tensor) => (Tensor | null)[],
): Tensor {
  const out = region(name, inputs, () => noGrad(forward));
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return out;
  const def: PrimDef<Prim> = {
    infer: () => ({ shape: [...out.shape], dtype: out.dtype }),
    vjp: (g, _inputs, y) => vjp(g, y),
  };
  return out.withHistory({ prim: name, def, inputs, params: {} as never });
}
