// Elementwise primitives (unary, binary, where, cast) with their VJPs, and NumPy broadcasting.

import type { DType } from '../core/dtype.js';
import type { BinaryPrim, UnaryPrim } from '../core/primitives.js';
import { broadcastShapes, formatShape, shapesEqual } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import { assertFloat, resultDType, scalarTensor, toTensors, type TensorLike } from './convert.js';
import { broadcastTo } from './movement.js';
import type { PrimDef } from './prim-def.js';

const sameAsInput = (op: string, float: boolean) => (inputs: readonly Tensor[]) => {
  if (float) assertFloat(op, inputs[0]);
  return { shape: [...inputs[0].shape], dtype: inputs[0].dtype };
};

function unaryDef<P extends UnaryPrim>(prim: P, float: boolean, vjp: PrimDef<P>['vjp']): PrimDef<P> {
  return { infer: sameAsInput(prim, float), vjp };
}

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

export const unaryDefs = {
  neg: unaryDef('neg', false, (g) => [neg(g)]),
  // d/dx eˣ = eˣ
  exp: unaryDef('exp', true, (g, _x, y) => [mul(g, y)]),
  // d/dx log x = 1/x
  log: unaryDef('log', true, (g, [x]) => [div(g, x)]),
  // d/dx sin x = cos x
  sin: unaryDef('sin', true, (g, [x]) => [mul(g, cos(x))]),
  // d/dx cos x = −sin x
  cos: unaryDef('cos', true, (g, [x]) => [neg(mul(g, sin(x)))]),
  // d/dx √x = 1/(2√x)
  sqrt: unaryDef('sqrt', true, (g, _x, y) => [div(g, mul(y, 2))]),
  // d/dx tanh x = 1 − tanh² x
  tanh: unaryDef('tanh', true, (g, _x, y) => [mul(g, sub(1, mul(y, y)))]),
  // d/dx erf x = (2/√π) e^{−x²}
  erf: unaryDef('erf', true, (g, [x]) => [mul(g, mul(exp(neg(mul(x, x))), twoOverSqrtPi))]),
  // d/dx |x| = sign x, and 0 at 0 as in PyTorch
  abs: unaryDef('abs', false, (g, [x]) => [mul(g, sign(x))]),
  sign: unaryDef('sign', false, undefined),
  // d/dx σ(x) = σ(1 − σ)  (a backend may run g·y·(1 − y) as one kernel: see backend/wasm/rewrite.ts)
  sigmoid: unaryDef('sigmoid', true, (g, _x, y) => [mul(g, mul(y, sub(1, y)))]),
  // d/dx log(1 + eˣ) = σ(x)
  softplus: unaryDef('softplus', true, (g, [x]) => [mul(g, sigmoid(x))]),
} satisfies { [P in UnaryPrim]: PrimDef<P> };

function unary<P extends UnaryPrim>(prim: P) {
  return (x: Tensor): Tensor => apply(prim, unaryDefs[prim] as PrimDef<P>, [x], {} as never);
}

/** −x */
export const neg = unary('neg');
/** eˣ */
export const exp = unary('exp');
/** Natural logarithm. */
export const log = unary('log');
export const sin = unary('sin');
export const cos = unary('cos');
export const sqrt = unary('sqrt');
export const tanh = unary('tanh');
/** The error function, to full float64 precision. */
export const erf = unary('erf');
/** |x|; its derivative at 0 is taken as 0, as in PyTorch. */
export const abs = unary('abs');
/** −1, 0 or 1 (not differentiable: no gradient flows through it). */
export const sign = unary('sign');
/** σ(x) = 1/(1+e^{−x}), finite and accurate for any input (±1000 included). */
export const sigmoid = unary('sigmoid');
/** log(1+eˣ), computed as max(x,0) + log1p(e^{−|x|}) so it never overflows. */
export const softplus = unary('softplus');

const binaryInfer = (op: string, float: boolean) => (inputs: readonly Tensor[]) => {
  const [a, b] = inputs;
  if (!shapesEqual(a.shape, b.shape)) throw new Error(`${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ after broadcasting`);
  if (float) assertFloat(op, a);
  return { shape: [...a.shape], dtype: resultDType(op, a.dtype, b.dtype) };
};

function binaryDef<P extends BinaryPrim>(prim: P, float: boolean, vjp: PrimDef<P>['vjp']): PrimDef<P> {
  return { infer: binaryInfer(prim, float), vjp };
}

export const binaryDefs = {
  add: binaryDef('add', false, (g) => [g, g]),
  sub: binaryDef('sub', false, (g) => [g, neg(g)]),
  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
  mul: binaryDef('mul', false, (g, [a, b]) => [mul(g, b), mul(g, a)]),
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b
  div: binaryDef('div', false, (g, [, b], y) => [div(g, b), neg(div(mul(g, y), b))]),
  // ∂(aᵇ)/∂a = b·a^{b−1}, ∂(aᵇ)/∂b = aᵇ·log a (taken as 0 where a ≤ 0, as PyTorch does at a = 0)
  pow: binaryDef('pow', true, (g, [a, b], y) => [
    // where b = 0 the term is 0 outright, as in PyTorch: b·a^{b−1} would give 0·∞ = NaN at a = 0
    a.requiresGrad ? mul(g, where(equal(b, 0), 0, mul(b, pow(a, sub(b, 1))))) : null,
    b.requiresGrad ? mul(g, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), 0)) : null,
  ]),
  // ties split the gradient evenly, as torch.maximum does
  maximum: binaryDef('maximum', false, (g, [a, b]) => {
    const share = where(greater(a, b), 1, where(equal(a, b), 0.5, 0));
    return [mul(g, share), mul(g, sub(1, share))];
  }),
  less: binaryDef('less', false, undefined),
  equal: binaryDef('equal', false, undefined),
} satisfies { [P in BinaryPrim]: PrimDef<P> };

/** Broadcasts both operands to their common shape (NumPy rules), then applies the primitive. */
function binary<P extends BinaryPrim>(prim: P) {
  return (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = toTensors(prim, a, b);
    const shape = broadcastShapes(prim, x.shape, y.shape);
    return apply(prim, binaryDefs[prim] as PrimDef<P>, [broadcastTo(x, shape), broadcastTo(y, shape)], {} as never);
  };
}

/** a + b, broadcasting. */
export const add = binary('add');
/** a − b, broadcasting. */
export const sub = binary('sub');
/** a · b elementwise, broadcasting. */
export const mul = binary('mul');
/** a / b elementwise, broadcasting. */
export const div = binary('div');
/** aᵇ elementwise, broadcasting. */
export const pow = binary('pow');
/** Elementwise maximum; NaN propagates; at ties each side gets half the gradient. */
export const maximum = binary('maximum');
/** 1 where a < b, else 0, in the operands' dtype. */
export const less = binary('less');
/** 1 where a = b, else 0, in the operands' dtype. */
export const equal = binary('equal');

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

export const whereDef: PrimDef<'where'> = {
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

export const castDef: PrimDef<'cast'> = {
  infer: ([x], { dtype }) => ({ shape: [...x.shape], dtype }),
  vjp: (g, [x], _y, { dtype }) => (dtype === 'int32' || x.dtype === 'int32' ? [null] : [cast(g, x.dtype)]),
};

/** Converts to `dtype`. float -> int32 truncates toward zero. Gradients flow between float dtypes. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply('cast', castDef, [x], { dtype });
}
