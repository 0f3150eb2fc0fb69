// Elementwise primitives (unary, binary, where, cast) with their VJPs, and NumPy broadcasting.

import type { DType } from '../core/dtype.js';
import { binaryPrims, unaryPrims, type BinaryPrim, type Prim, type UnaryPrim } from '../core/primitives.js';
import { broadcastShapes, formatShape, shapesEqual } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import { assertFloat, resultDType, scalarTensor, toTensors, type TensorLike } from './convert.js';
import { broadcastTo } from './movement.js';
import type { PrimDef } from './prim-def.js';

/** An elementwise primitive's public function, carrying its definition for the primitive table. */
export type PrimOp<P extends Prim, F> = F & { readonly def: PrimDef<P> };
/** A unary primitive's function (annotated on each, since its VJP may call the op itself). */
export type UnaryPrimOp = PrimOp<UnaryPrim, (x: Tensor) => Tensor>;
/** A binary primitive's function, broadcasting its operands. */
export type BinaryPrimOp = PrimOp<BinaryPrim, (a: TensorLike, b: TensorLike) => Tensor>;

const sameAsInput = (op: UnaryPrim) => (inputs: readonly Tensor[]) => {
  if (unaryPrims[op].floatOnly) assertFloat(op, inputs[0]);
  return { shape: [...inputs[0].shape], dtype: inputs[0].dtype };
};

/** The public function of a unary primitive, given its VJP; the catalogue in core/ says which dtypes it takes. */
function unary(prim: UnaryPrim, vjp: PrimDef<UnaryPrim>['vjp']): UnaryPrimOp {
  const def: PrimDef<UnaryPrim> = { infer: sameAsInput(prim), vjp };
  return Object.assign((x: Tensor): Tensor => apply(prim, def, [x], {} as never), { def });
}

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/** −x */
export const neg: UnaryPrimOp = unary('neg', (g) => [neg(g)]); // d/dx (−x) = −1
/** eˣ */
export const exp: UnaryPrimOp = unary('exp', (g, _x, y) => [mul(g, y)]); // d/dx eˣ = eˣ
/** Natural logarithm. */
export const log: UnaryPrimOp = unary('log', (g, [x]) => [div(g, x)]); // d/dx log x = 1/x
/** Sine, in radians. */
export const sin: UnaryPrimOp = unary('sin', (g, [x]) => [mul(g, cos(x))]); // d/dx sin x = cos x
/** Cosine, in radians. */
export const cos: UnaryPrimOp = unary('cos', (g, [x]) => [neg(mul(g, sin(x)))]); // d/dx cos x = −sin x
/** √x (NaN below 0). */
export const sqrt: UnaryPrimOp = unary('sqrt', (g, _x, y) => [div(g, mul(y, 2))]); // d/dx √x = 1/(2√x)
/** Hyperbolic tangent. */
export const tanh: UnaryPrimOp = unary('tanh', (g, _x, y) => [mul(g, sub(1, mul(y, y)))]); // d/dx tanh x = 1 − tanh² x
/** The error function, to full float64 precision. */
// d/dx erf x = (2/√π) e^{−x²}
export const erf: UnaryPrimOp = unary('erf', (g, [x]) => [mul(g, mul(exp(neg(mul(x, x))), twoOverSqrtPi))]);
/** |x|; its derivative at 0 is taken as 0, as in PyTorch. */
export const abs: UnaryPrimOp = unary('abs', (g, [x]) => [mul(g, sign(x))]); // d/dx |x| = sign x
/** −1, 0 or 1 (not differentiable: no gradient flows through it). */
export const sign: UnaryPrimOp = unary('sign', undefined);
/** σ(x) = 1/(1+e^{−x}), finite and accurate for any input (±1000 included). */
// d/dx σ(x) = σ(1 − σ)  (the wasm plan runs g·y·(1 − y) as one kernel: backend/wasm/rewrite.ts)
export const sigmoid: UnaryPrimOp = unary('sigmoid', (g, _x, y) => [mul(g, mul(y, sub(1, y)))]);
/** log(1+eˣ), computed as max(x,0) + log1p(e^{−|x|}) so it never overflows. */
export const softplus: UnaryPrimOp = unary('softplus', (g, [x]) => [mul(g, sigmoid(x))]); // d/dx log(1 + eˣ) = σ(x)

const binaryInfer = (op: BinaryPrim) => (inputs: readonly Tensor[]) => {
  const [a, b] = inputs;
  if (!shapesEqual(a.shape, b.shape)) throw new Error(`${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ after broadcasting`);
  if (binaryPrims[op].floatOnly) assertFloat(op, a);
  return { shape: [...a.shape], dtype: resultDType(op, a.dtype, b.dtype) };
};

/**
 * The public function of a binary primitive, given its VJP: it broadcasts both operands to their
 * common shape (NumPy rules), then applies the primitive.
 */
function binary(prim: BinaryPrim, vjp: PrimDef<BinaryPrim>['vjp']): BinaryPrimOp {
  const def: PrimDef<BinaryPrim> = { infer: binaryInfer(prim), vjp };
  const op = (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = toTensors(prim, a, b);
    const shape = broadcastShapes(prim, x.shape, y.shape);
    return apply(prim, def, [broadcastTo(x, shape), broadcastTo(y, shape)], {} as never);
  };
  return Object.assign(op, { def });
}

/** a + b, broadcasting. */
export const add: BinaryPrimOp = binary('add', (g) => [g, g]);
/** a − b, broadcasting. */
export const sub: BinaryPrimOp = binary('sub', (g) => [g, neg(g)]);
/** a · b elementwise, broadcasting. */
// ∂(ab)/∂a = b, ∂(ab)/∂b = a
export const mul: BinaryPrimOp = binary('mul', (g, [a, b]) => [mul(g, b), mul(g, a)]);
/** a / b elementwise, broadcasting. */
// ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b
export const div: BinaryPrimOp = binary('div', (g, [, b], y) => [div(g, b), neg(div(mul(g, y), b))]);
/** aᵇ elementwise, broadcasting. */
// ∂(aᵇ)/∂a = b·a^{b−1}, ∂(aᵇ)/∂b = aᵇ·log a (taken as 0 where a ≤ 0, as PyTorch does at a = 0)
export const pow: BinaryPrimOp = binary('pow', (g, [a, b], y) => [
  // where b = 0 the term is 0 outright, as in PyTorch: b·a^{b−1} would give 0·∞ = NaN at a = 0
  a.requiresGrad ? mul(g, where(equal(b, 0), 0, mul(b, pow(a, sub(b, 1))))) : null,
  b.requiresGrad ? mul(g, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), 0)) : null,
]);
/** Elementwise maximum; NaN propagates; at ties each side gets half the gradient. */
// ties split the gradient evenly, as torch.maximum does
export const maximum: BinaryPrimOp = binary('maximum', (g, [a, b]) => {
  const share = where(greater(a, b), 1, where(equal(a, b), 0.5, 0));
  return [mul(g, share), mul(g, sub(1, share))];
});
/** 1 where a < b, else 0, in the operands' dtype. */
export const less: BinaryPrimOp = binary('less', undefined);
/** 1 where a = b, else 0, in the operands' dtype. */
export const equal: BinaryPrimOp = binary('equal', undefined);

/** Elementwise minimum: min(a, b) = −max(−a, −b). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = operands('minimum', a, b);
  return neg(maximum(neg(x), neg(y)));
};
/** 1 where a > b, else 0. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = operands('greater', a, b);
  return less(y, x);
};
/** 1 where a ≤ b, else 0. */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = operands('lessEqual', a, b);
  return add(less(x, y), equal(x, y)); // not 1 − (b < a), which would call NaN ≤ x true
};
/** 1 where a ≥ b, else 0. */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = operands('greaterEqual', a, b);
  return add(less(y, x), equal(x, y));
};
/** 1 where a ≠ b, else 0. */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = operands('notEqual', a, b);
  return sub(1, equal(x, y));
};

/** Operands of a composed binary op, checked under its own name (dtypes and broadcasting). */
function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const [x, y] = toTensors(op, a, b);
  broadcastShapes(op, x.shape, y.shape);
  return [x, y];
}

const whereDef: PrimDef<'where'> = {
  infer(inputs) {
    const [c, a, b] = inputs;
    if (!shapesEqual(c.shape, a.shape) || !shapesEqual(a.shape, b.shape)) {
      throw new Error(`where: shapes ${formatShape(c.shape)}, ${formatShape(a.shape)} and ${formatShape(b.shape)} differ after broadcasting`);
    }
    return { shape: [...a.shape], dtype: resultDType('where', a.dtype, b.dtype) };
  },
  vjp: (g, [c]) => {
    const zero = scalarTensor(0, g.dtype);
    return [null, where(c, g, zero), where(c, zero, g)];
  },
};

/**
 * Picks `a` where `cond` is nonzero and `b` elsewhere, broadcasting all three. The gradient
 * flows only into the branch that was picked.
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  let x: Tensor;
  let y: Tensor;
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    const dtype: DType = cond instanceof Tensor && cond.dtype !== 'int32' ? cond.dtype : 'float32';
    [x, y] = [scalarTensor(a, dtype), scalarTensor(b, dtype)];
  } else [x, y] = toTensors('where', a, b);
  const c = cond instanceof Tensor ? cond : scalarTensor(cond, x.dtype);
  const shape = broadcastShapes('where', c.shape, x.shape, y.shape);
  return apply('where', whereDef, [broadcastTo(c, shape), broadcastTo(x, shape), broadcastTo(y, shape)], {});
}

const castDef: PrimDef<'cast'> = {
  infer: ([x], { dtype }) => ({ shape: [...x.shape], dtype }),
  vjp: (g, [x], _y, { dtype }) => (dtype === 'int32' || x.dtype === 'int32' ? [null] : [cast(g, x.dtype)]),
};

/** Converts to `dtype`. float -> int32 truncates toward zero. Gradients flow between float dtypes. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply('cast', castDef, [x], { dtype });
}

where.def = whereDef;
cast.def = castDef;
