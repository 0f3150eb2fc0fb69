// assign: replaces a leaf tensor's values in place, the one mutation ops offer (an optimizer's update).

import { formatShape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { activeTracer } from './trace-hook.js';

/**
 * Writes `value`'s values into `target` (a leaf, such as a parameter or an optimizer buffer) and
 * returns `target`. Optimizers update through it, so a jitted training step records the update
 * as part of its graph and the compiled plan performs it in place. Not differentiable: no graph
 * is recorded through it, and a target that other recorded ops read keeps no history of its old values.
 * @example assign(w, sub(w, mul(g, lr)))   // w ← w − lr·g
 */
export function assign(target: Tensor, value: Tensor): Tensor {
  if (target.node !== null) throw new Error('assign: the target must be a leaf tensor (a parameter or a buffer), not the result of an op');
  if (!shapesEqual(target.shape, value.shape) || target.dtype !== value.dtype) {
    throw new Error(`assign: value ${formatShape(value.shape)} ${value.dtype} does not match target ${formatShape(target.shape)} ${target.dtype}`);
  }
  const tracer = activeTracer();
  if (tracer === null) target.data.set(value.data);
  else {
    tracer.assign(target, value); // first, so a tracer can keep the values it overwrites
    tracer.insideKernel(() => target.data.set(value.data));
  }
  return target;
}
