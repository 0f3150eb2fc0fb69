// Fused primitives for the training step: a Linear layer's product and bias, the sigmoid's backward, and softmax cross-entropy with its gradient.
//
// Each computes in one kernel what a composite computes in several (and, on the wasm backend,
// with one copy into linear memory instead of one per op). Their VJPs are written with ops like
// any other primitive's, so their derivatives are differentiable again.

import { formatShape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { oneHot, softmax } from './activations.js';
import { apply } from './apply.js';
import { assertFloat } from './convert.js';
import { mul, sub } from './elementwise.js';
import { matmulDef } from './matmul.js';
import { unsqueeze } from './movement.js';
import type { PrimDef } from './prim-def.js';
import { sum } from './reduce.js';

export const sigmoidGradDef: PrimDef<'sigmoidGrad'> = {
  infer([y, g]) {
    assertFloat('sigmoidGrad', y);
    if (!shapesEqual(y.shape, g.shape) || y.dtype !== g.dtype) {
      throw new Error(`sigmoidGrad: output ${formatShape(y.shape)} ${y.dtype} and cotangent ${formatShape(g.shape)} ${g.dtype} differ`);
    }
    return { shape: [...y.shape], dtype: y.dtype };
  },
  // d = g·y(1 − y): ∂d/∂y = g·(1 − 2y), ∂d/∂g = y(1 − y)
  vjp: (h, [y, g]) => [
    y.requiresGrad ? mul(mul(h, g), sub(1, mul(y, 2))) : null,
    g.requiresGrad ? sigmoidGrad(y, h) : null,
  ],
};

/**
 * g·y·(1 − y) for y = σ(x): the sigmoid's VJP (σ' = σ(1 − σ)) as one primitive instead of a
 * subtraction and two products.
 */
export function sigmoidGrad(y: Tensor, g: Tensor): Tensor {
  return apply('sigmoidGrad', sigmoidGradDef, [y, g], {});
}

export const linearDef: PrimDef<'linear'> = {
  infer([x, w, b]) {
    assertFloat('linear', x);
    if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1 || x.shape[1] !== w.shape[1] || b.shape[0] !== w.shape[0]) {
      throw new Error(`linear: input ${formatShape(x.shape)}, weight ${formatShape(w.shape)} and bias ${formatShape(b.shape)} do not fit (expected [m,k], [n,k], [n])`);
    }
    if (w.dtype !== x.dtype || b.dtype !== x.dtype) throw new Error(`linear: dtypes ${x.dtype}, ${w.dtype}, ${b.dtype} differ`);
    return { shape: [x.shape[0], w.shape[0]], dtype: x.dtype };
  },
  // y = act(z), z = x wᵀ + b: G_z = G (or G·y(1 − y) for the sigmoid), then ∂L/∂x = G_z w (NN),
  // ∂L/∂w = G_zᵀ x (TN), ∂L/∂b = Σ_rows G_z
  vjp: (g, [x, w, b], y, { activation }) => {
    const gz = activation === 'sigmoid' ? sigmoidGrad(y, g) : g;
    return [
      x.requiresGrad ? apply('matmul', matmulDef, [gz, w], { transA: false, transB: false }) : null,
      w.requiresGrad ? apply('matmul', matmulDef, [gz, x], { transA: true, transB: false }) : null,
      b.requiresGrad ? sum(gz, 0) : null,
    ];
  },
};

/**
 * x·wᵀ + b for x [m,k], weight w [n,k] (PyTorch's layout) and bias b [n]: what nn.Linear
 * computes, as one primitive (the product and the bias add in one kernel). The bias is required
 * and x must be 2-D (nn.Linear composes matmul and add otherwise). With `activation:
 * 'sigmoid'` the kernel applies σ too, as nn.Sequential does for a Linear followed by a Sigmoid.
 * @example linear(x, layer.weight, layer.bias)                             // [64,784] · [128,784]ᵀ + [128] -> [64,128]
 * @example linear(x, layer.weight, layer.bias, { activation: 'sigmoid' })  // σ(x·wᵀ + b)
 */
export function linear(x: Tensor, w: Tensor, b: Tensor, options: { activation?: 'none' | 'sigmoid' } = {}): Tensor {
  const activation = options.activation ?? 'none';
  if (activation !== 'none' && activation !== 'sigmoid') throw new Error(`linear: unknown activation '${String(activation)}' (expected none or sigmoid)`);
  return apply('linear', linearDef, [x, w, b], { activation });
}

/** Checks int32 class indices against logits [..., C]: dtype, shape and range, naming `op`. */
export function checkLabels(op: string, logits: Tensor, labels: Tensor): void {
  assertFloat(op, logits);
  if (labels.dtype !== 'int32') throw new Error(`${op}: labels must be int32 class indices, got ${labels.dtype}`);
  if (logits.rank < 1 || !shapesEqual(labels.shape, logits.shape.slice(0, -1))) {
    throw new Error(`${op}: class indices of shape ${formatShape(labels.shape)} do not match scores of shape ${formatShape(logits.shape)}`);
  }
  const classes = logits.shape[logits.rank - 1];
  for (let i = 0; i < labels.size; i++) {
    const v = labels.data[i];
    if (v < 0 || v >= classes) throw new Error(`${op}: label ${v} is out of range for ${classes} classes (index ${i} of labels of shape ${formatShape(labels.shape)})`);
  }
}

export const softmaxCrossEntropyDef: PrimDef<'softmaxCrossEntropy'> = {
  infer([logits, labels]) {
    checkLabels('softmaxCrossEntropy', logits, labels);
    return { shape: logits.shape.slice(0, -1), dtype: logits.dtype };
  },
  // ℓ = logsumexp(z) − z_y: ∂ℓ/∂z = softmax(z) − onehot(y), scaled by each row's cotangent
  vjp: (g, [logits, labels]) => [softmaxCrossEntropyGrad(logits, labels, g), null],
};

export const softmaxCrossEntropyGradDef: PrimDef<'softmaxCrossEntropyGrad'> = {
  infer([logits, labels, g]) {
    checkLabels('softmaxCrossEntropyGrad', logits, labels);
    if (!shapesEqual(g.shape, labels.shape) || g.dtype !== logits.dtype) {
      throw new Error(`softmaxCrossEntropyGrad: cotangent ${formatShape(g.shape)} ${g.dtype} does not match labels ${formatShape(labels.shape)} and logits ${logits.dtype}`);
    }
    return { shape: [...logits.shape], dtype: logits.dtype };
  },
  // out = g·(s − y) with s = softmax(z). For a cotangent h of out:
  // ∂/∂z = g·s ⊙ (h − Σ_c h⊙s) (the softmax Jacobian applied to g·h), ∂/∂g = Σ_c h ⊙ (s − y)
  vjp: (h, [logits, labels, g]) => {
    const s = softmax(logits, -1);
    const dz = logits.requiresGrad ? mul(mul(s, sub(h, sum(mul(h, s), -1, true))), unsqueeze(g, -1)) : null;
    const dg = g.requiresGrad ? sum(mul(h, sub(s, oneHot(labels, logits.shape[logits.rank - 1], logits.dtype))), -1) : null;
    return [dz, null, dg];
  },
};

/**
 * Cross-entropy of each row of logits against an int32 class index: −log softmax(z)[label] =
 * logsumexp(z) − z[label], computed stably in one kernel; shape logits.shape without its last
 * axis. Its gradient softmax(z) − onehot(label) is another fused kernel.
 * @example softmaxCrossEntropy(logits, labels).mean()   // the usual classification loss
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  return apply('softmaxCrossEntropy', softmaxCrossEntropyDef, [logits, labels], {});
}

/** g·(softmax(logits) − onehot(labels)), row by row: the VJP of softmaxCrossEntropy for cotangent g. */
export function softmaxCrossEntropyGrad(logits: Tensor, labels: Tensor, g: Tensor): Tensor {
  return apply('softmaxCrossEntropyGrad', softmaxCrossEntropyGradDef, [logits, labels, g], {});
}
