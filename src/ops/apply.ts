// Applies a primitive: infer the output, run the backend kernel, record a graph node if needed.

import type { Prim, PrimParams } from '../core/primitives.js';
import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { Node, PrimDef } from './prim-def.js';
import { activeTracer } from './trace-hook.js';

export function apply<P extends Prim>(prim: P, def: PrimDef<P>, inputs: readonly Tensor[], params: PrimParams[P]): Tensor {
  const spec = def.infer(inputs, params);
  const kernel = getBackend().kernels[prim];
  const tracer = activeTracer();
  const data = tracer === null ? kernel(inputs, params, spec) : tracer.insideKernel(() => kernel(inputs, params, spec));
  const record = def.vjp !== undefined && spec.dtype !== 'int32' && isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const node: Node | null = record ? { prim, def: def as unknown as PrimDef<Prim>, inputs, params } : null;
  const out = Tensor.fromNode(data, spec.shape, spec.dtype, node);
  tracer?.primitive(prim, params as PrimParams[Prim], inputs, out);
  return out;
}
