// The reference backend: every kernel in plain TypeScript, float32 and float64. It is the specification.

import type { Backend, KernelTable } from '../backend.js';
import { binaryKernel, cast, unaryKernel, where } from './elementwise.js';
import { matmul } from './matmul.js';
import { concat, expand, gather, pad, reshape, scatterAdd, slice, transpose } from './movement.js';
import { argmax, max, sum } from './reduce.js';

export const referenceKernels = {
  neg: unaryKernel('neg'),
  exp: unaryKernel('exp'),
  log: unaryKernel('log'),
  sin: unaryKernel('sin'),
  cos: unaryKernel('cos'),
  sqrt: unaryKernel('sqrt'),
  tanh: unaryKernel('tanh'),
  erf: unaryKernel('erf'),
  abs: unaryKernel('abs'),
  sign: unaryKernel('sign'),
  sigmoid: unaryKernel('sigmoid'),
  softplus: unaryKernel('softplus'),
  cast,
  add: binaryKernel('add'),
  sub: binaryKernel('sub'),
  mul: binaryKernel('mul'),
  div: binaryKernel('div'),
  pow: binaryKernel('pow'),
  maximum: binaryKernel('maximum'),
  less: binaryKernel('less'),
  equal: binaryKernel('equal'),
  where,
  sum,
  max,
  argmax,
  reshape,
  transpose,
  expand,
  slice,
  pad,
  concat,
  gather,
  scatterAdd,
  matmul,
} satisfies KernelTable;

export const referenceBackend: Backend = { name: 'reference', kernels: referenceKernels };
