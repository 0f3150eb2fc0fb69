// The reference backend: every kernel in plain TypeScript, float32 and float64. It is the specification.

import type { Backend, KernelTable } from '../backend.js';
import { binaryKernels, cast, unaryKernels, where } from './elementwise.js';
import { matmul } from './matmul.js';
import { concat, expand, gather, pad, reshape, scatterAdd, slice, transpose } from './movement.js';
import { argmax, max, sum } from './reduce.js';

export const referenceKernels = {
  ...unaryKernels,
  ...binaryKernels,
  cast,
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
