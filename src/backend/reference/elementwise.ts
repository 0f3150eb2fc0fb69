// Reference elementwise kernels: unary maps, same-shape binary maps, where and cast.

import { allocate, type TypedArray } from '../../core/dtype.js';
import type { BinaryPrim, UnaryPrim } from '../../core/primitives.js';
import type { TensorData } from '../../core/tensor-data.js';
import type { Kernel, OutputSpec } from '../backend.js';
import { erf, sigmoid, softplus } from './special.js';

const unaryFns: { [P in UnaryPrim]: (x: number) => number } = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  erf,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // sign(±0) = ±0, sign(NaN) = NaN
  sigmoid,
  softplus,
};

const binaryFns: { [P in BinaryPrim]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NaN propagates, as in torch.maximum
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  less: (a, b) => (a < b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
};

function mapUnary(f: (x: number) => number, x: TypedArray, out: OutputSpec): TypedArray {
  const y = allocate(out.dtype, x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
  return y;
}

export function unaryKernel<P extends UnaryPrim>(prim: P): Kernel<P> {
  const f = unaryFns[prim];
  return ([x], _params, out) => mapUnary(f, x.data, out);
}

export function binaryKernel<P extends BinaryPrim>(prim: P): Kernel<P> {
  const f = binaryFns[prim];
  if (prim === 'add') return ([a, b], _p, out) => addKernel(a, b, out);
  if (prim === 'mul') return ([a, b], _p, out) => mulKernel(a, b, out);
  return ([a, b], _params, out) => {
    const x = a.data;
    const y = b.data;
    const z = allocate(out.dtype, x.length);
    for (let i = 0; i < x.length; i++) z[i] = f(x[i], y[i]);
    return z;
  };
}

// The two hottest binary ops get loops without the indirect call.
function addKernel(a: TensorData, b: TensorData, out: OutputSpec): TypedArray {
  const x = a.data;
  const y = b.data;
  const z = allocate(out.dtype, x.length);
  for (let i = 0; i < x.length; i++) z[i] = x[i] + y[i];
  return z;
}

function mulKernel(a: TensorData, b: TensorData, out: OutputSpec): TypedArray {
  const x = a.data;
  const y = b.data;
  const z = allocate(out.dtype, x.length);
  for (let i = 0; i < x.length; i++) z[i] = x[i] * y[i];
  return z;
}

export const where: Kernel<'where'> = ([c, a, b], _params, out) => {
  const cond = c.data;
  const x = a.data;
  const y = b.data;
  const z = allocate(out.dtype, x.length);
  for (let i = 0; i < x.length; i++) z[i] = cond[i] !== 0 ? x[i] : y[i];
  return z;
};

export const cast: Kernel<'cast'> = ([x], { dtype }, out) => {
  const y = allocate(dtype, x.data.length);
  // float -> int32 truncates toward zero, as a C cast does
  if (dtype === 'int32') for (let i = 0; i < y.length; i++) y[i] = Math.trunc(x.data[i]);
  else y.set(x.data);
  void out;
  return y;
};
