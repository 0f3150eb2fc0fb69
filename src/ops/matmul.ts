// Matrix product: the matmul primitive over [..., m, k] x [..., k, n] with transposed-operand forms.

import { broadcastShapes, formatShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import { assertFloat, resultDType } from './convert.js';
import { add } from './elementwise.js';
import { broadcastTo, reshape, squeeze, unsqueeze } from './movement.js';
import type { PrimDef } from './prim-def.js';

function rows(t: Tensor, trans: boolean): number {
  return t.shape[t.rank - (trans ? 1 : 2)];
}
function cols(t: Tensor, trans: boolean): number {
  return t.shape[t.rank - (trans ? 2 : 1)];
}

export const matmulDef: PrimDef<'matmul'> = {
  infer([a, b], { transA, transB }) {
    assertFloat('matmul', a);
    const dtype = resultDType('matmul', a.dtype, b.dtype, [a.shape, b.shape]);
    const k = cols(a, transA);
    if (a.rank !== b.rank || a.rank < 2 || k !== rows(b, transB) || a.shape.slice(0, -2).some((d, i) => d !== b.shape[i])) {
      throw new Error(
        `matmul: shapes ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} and ${formatShape(b.shape)}${transB ? 'ᵀ' : ''} are incompatible (inner dimensions ${k} != ${rows(b, transB)})`,
      );
    }
    return { shape: [...a.shape.slice(0, -2), rows(a, transA), cols(b, transB)], dtype };
  },
  // C = op(A) op(B): ∂L/∂op(A) = G op(B)ᵀ and ∂L/∂op(B) = op(A)ᵀ G, each written as one product
  // in the NN, NT or TN form so no transpose is ever materialised.
  vjp: (g, [a, b], _y, { transA, transB }) => [
    a.requiresGrad ? (transA ? mm(b, g, transB, true) : mm(g, b, false, !transB)) : null,
    b.requiresGrad ? (transB ? mm(g, a, true, transA) : mm(a, g, !transA, false)) : null,
  ],
};

function mm(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return apply('matmul', matmulDef, [a, b], { transA, transB });
}

/**
 * Matrix product with NumPy semantics: 2-D × 2-D, batched over leading axes with broadcasting,
 * and 1-D operands promoted to a row (left) or column (right) vector and then squeezed.
 * `transA`/`transB` multiply by the transpose of an operand without materialising it.
 * @example matmul(x, w)                      // [64,784] x [784,128] -> [64,128]
 * @example matmul(g, w, { transB: true })    // g wᵀ
 */
export function matmul(a: Tensor, b: Tensor, options: { transA?: boolean; transB?: boolean } = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  if (a.rank === 0 || b.rank === 0) throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}: operands must have at least one dimension`);
  const vecA = a.rank === 1;
  const vecB = b.rank === 1;
  const A = vecA ? unsqueeze(a, 0) : a;
  const B = vecB ? unsqueeze(b, 1) : b;
  const k = cols(A, transA && !vecA);
  if (k !== rows(B, transB && !vecB)) {
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are incompatible (inner dimensions ${k} != ${rows(B, transB && !vecB)})`);
  }
  const [ba, bb] = [A.shape.slice(0, -2), B.shape.slice(0, -2)];
  let batch: number[];
  try {
    batch = broadcastShapes('matmul', ba, bb);
  } catch {
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are incompatible (batch dimensions ${formatShape(ba)} and ${formatShape(bb)} do not broadcast)`);
  }
  const Ab = broadcastTo(A, [...batch, ...A.shape.slice(-2)]);
  const Bb = broadcastTo(B, [...batch, ...B.shape.slice(-2)]);
  let c = mm(Ab, Bb, transA && !vecA, transB && !vecB);
  if (vecA) c = squeeze(c, -2);
  if (vecB) c = squeeze(c, -1);
  return c;
}

/** Dot product of two vectors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1) throw new Error(`dot: expected two vectors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  return matmul(a, b);
}

/** Outer product of two vectors: [m] x [n] -> [m, n]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  return matmul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

/**
 * x·wᵀ + b for weight w [n,k] in PyTorch's layout and an optional bias b [n]: what nn.Linear
 * computes. The product runs in the NT form, so wᵀ is never materialised; under jit a backend
 * may run product, bias and a following activation as one kernel.
 * @example linear(x, layer.weight, layer.bias)   // [64,784] · [128,784]ᵀ + [128] -> [64,128]
 */
export function linear(x: Tensor, w: Tensor, b: Tensor | null = null): Tensor {
  const k = x.shape[x.rank - 1];
  if (x.rank < 1 || w.rank !== 2 || w.shape[1] !== k || (b !== null && (b.rank !== 1 || b.shape[0] !== w.shape[0]))) {
    const bias = b === null ? 'no bias' : `bias ${formatShape(b.shape)}`;
    throw new Error(`linear: input ${formatShape(x.shape)}, weight ${formatShape(w.shape)} and ${bias} do not fit (expected [..., k], [n, k], [n])`);
  }
  if (w.dtype !== x.dtype || (b !== null && b.dtype !== x.dtype)) {
    throw new Error(`linear: dtypes ${x.dtype}, ${w.dtype}${b === null ? '' : `, ${b.dtype}`} differ`);
  }
  const z = matmul(x, w, { transB: true });
  return b === null ? z : add(z, b);
}
