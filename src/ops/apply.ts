// Applies a primitive: infer the output, run the backend kernel, record a graph node if needed.

import type { Prim, PrimParams } from '../core/primitives.js';
import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { Node, PrimDef } from './prim-def.js';

export function apply<P extends Prim>(prim: P, def: PrimDef<P>, inputs: readonly Tensor[], params: PrimParams[P]): Tensor {
  const spec = def.infer(inputs, params);
  const kernel = getBackend().kernels[prim];
  const data = kernel(inputs, params, spec);
  const record = def.vjp !== undefined && spec.dtype !== 'int32' && isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const node: Node | null = record ? { prim, def: def as unknown as PrimDef<Prim>, inputs, params } : null;
  return Tensor.fromNode(data, spec.shape, spec.dtype, node);
}
