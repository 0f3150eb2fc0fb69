// Reverse mode: one walk back over the recorded graph, accumulating cotangents with differentiable ops.

import { formatShape, shapesEqual } from '../core/shape.js';
import { add, noGrad, enableGrad } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';
import { ones, zeros } from '../tensor/creation.js';

export interface GradientsOptions {
  /** Cotangent of the output (required unless the output has one element). */
  seed?: Tensor;
  /**
   * Record the backward computation itself, so the returned gradients can be differentiated
   * again (gradients of gradients). Off by default: the walk then runs without recording.
   */
  createGraph?: boolean;
}

/** The tensors the output depends on, inputs before the tensors made from them. */
function topologicalOrder(output: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[output, 0]];
  visited.add(output);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/**
 * ∂output/∂input for each input: the vector–Jacobian product of `seed` (1 for a scalar output)
 * with the Jacobian of `output`, summed over every path of the graph. An input the output does
 * not depend on gets zeros. Only the part of the graph between the inputs and the output is walked.
 * @example const [dx, dy] = gradients(f, [x, y]);
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: GradientsOptions = {}): Tensor[] {
  const seed = options.seed ?? defaultSeed(output);
  if (!shapesEqual(seed.shape, output.shape)) {
    throw new Error(`gradients: seed of shape ${formatShape(seed.shape)} does not match the output's shape ${formatShape(output.shape)}`);
  }
  const walk = (): Tensor[] => {
    const order = topologicalOrder(output);
    const wanted = new Set(inputs);
    // only tensors that depend on some input can pass a cotangent on to it
    const relevant = new Set<Tensor>();
    for (const t of order) {
      if (wanted.has(t) || (t.node?.inputs.some((u) => relevant.has(u)) ?? false)) relevant.add(t);
    }
    const cotangent = new Map<Tensor, Tensor>();
    if (relevant.has(output)) cotangent.set(output, seed.dtype === output.dtype ? seed : seed.cast(output.dtype));
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = cotangent.get(t);
      const node = t.node;
      if (g === undefined || node === null || node.def.vjp === undefined) continue;
      if (!node.inputs.some((u) => relevant.has(u))) continue;
      const parts = node.def.vjp(g, node.inputs, t, node.params);
      node.inputs.forEach((u, i) => {
        const part = parts[i];
        if (part === null || part === undefined || !relevant.has(u)) return;
        const previous = cotangent.get(u);
        cotangent.set(u, previous === undefined ? part : add(previous, part));
      });
      // a cotangent is no longer needed once its node has passed it on, unless it is an answer
      if (!wanted.has(t)) cotangent.delete(t);
    }
    return inputs.map((x) => cotangent.get(x) ?? zeros(x.shape, { dtype: x.dtype }));
  };
  return options.createGraph ? enableGrad(walk) : noGrad(walk);
}

function defaultSeed(output: Tensor): Tensor {
  if (output.size !== 1) {
    throw new Error(`backward: output of shape ${formatShape(output.shape)} is not a scalar; pass a seed gradient of that shape`);
  }
  return ones(output.shape, { dtype: output.dtype });
}

/** The leaves with requiresGrad that `output` depends on. */
function trackedLeaves(output: Tensor): Tensor[] {
  return topologicalOrder(output).filter((t) => t.node === null && t.requiresGrad);
}

/**
 * Accumulates ∂output/∂leaf into `leaf.grad` for every tracked leaf, as PyTorch's backward().
 * A non-scalar output needs a `seed` of its shape.
 */
export function backward(output: Tensor, seed?: Tensor, options: { createGraph?: boolean } = {}): void {
  if (!output.requiresGrad) throw new Error('backward: the output does not require a gradient (no input has requiresGrad, or it was computed inside noGrad)');
  const leaves = trackedLeaves(output);
  const grads = gradients(output, leaves, { seed, createGraph: options.createGraph });
  leaves.forEach((leaf, i) => {
    const g = options.createGraph ? grads[i] : grads[i].detach();
    leaf.grad = leaf.grad === null ? g : noGrad(() => add(leaf.grad as Tensor, g));
  });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    /**
     * Accumulates the gradient of this tensor into `.grad` of every leaf with requiresGrad it
     * depends on. A non-scalar tensor needs a seed gradient of its shape.
     */
    backward(seed?: Tensor, options?: { createGraph?: boolean }): void;
  }
}

Tensor.prototype.backward = function (this: Tensor, seed?: Tensor, options?: { createGraph?: boolean }): void {
  backward(this, seed, options);
};
