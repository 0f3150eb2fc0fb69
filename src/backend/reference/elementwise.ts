// Reference elementwise kernels: each unary and binary primitive as a scalar function mapped over its operands; where and cast.

import { allocate } from '../../core/dtype.js';
import type { BinaryPrim, UnaryPrim } from '../../core/primitives.js';
import type { Kernel } from '../backend.js';
import { erf, sigmoid, softplus } from './special.js';

/** What each unary primitive computes, on one float64 number. */
export const unaryFns = {
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
} satisfies { [P in UnaryPrim]: (x: number) => number };

/** What each binary primitive computes, on two float64 numbers. */
export const binaryFns = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NaN propagates, as in torch.maximum
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  less: (a, b) => (a < b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
} satisfies { [P in BinaryPrim]: (a: number, b: number) => number };

/** y_i = f(x_i). */
function unaryKernel(f: (x: number) => number): Kernel<UnaryPrim> {
  return ([x], _params, out) => {
    const y = allocate(out.dtype, x.data.length);
    for (let i = 0; i < y.length; i++) y[i] = f(x.data[i]);
    return y;
  };
}

/** z_i = f(x_i, y_i), operands of one shape. */
function binaryKernel(f: (a: number, b: number) => number): Kernel<BinaryPrim> {
  return ([a, b], _params, out) => {
    const z = allocate(out.dtype, a.data.length);
    for (let i = 0; i < z.length; i++) z[i] = f(a.data[i], b.data[i]);
    return z;
  };
}

/**
 * One kernel per entry of a table of scalar functions, so the kernel table has exactly the
 * table's primitives. (These primitives take no params, so each Kernel<P> is the same type.)
 */
function kernelsOf<K extends UnaryPrim | BinaryPrim, F>(fns: Record<K, F>, kernel: (f: F) => Kernel<K>): { [P in K]: Kernel<P> } {
  const entries = Object.entries(fns).map(([name, f]) => [name, kernel(f as F)]);
  return Object.fromEntries(entries) as unknown as { [P in K]: Kernel<P> };
}

export const unaryKernels = kernelsOf(unaryFns, unaryKernel);
export const binaryKernels = kernelsOf(binaryFns, binaryKernel);

export const where: Kernel<'where'> = ([c, a, b], _params, out) => {
  const z = allocate(out.dtype, a.data.length);
  for (let i = 0; i < z.length; i++) z[i] = c.data[i] !== 0 ? a.data[i] : b.data[i];
  return z;
};

export const cast: Kernel<'cast'> = ([x], { dtype }) => {
  const y = allocate(dtype, x.data.length);
  // a typed-array store converts: into int32 by ToInt32, which truncates toward zero as a C cast does
  // (NaN and ±∞ become 0); into float32 by rounding to nearest
  y.set(x.data);
  return y;
};
