// Reference movement kernels: every one is a strided copy between row-major buffers.

import { allocate, type TypedArray } from '../../core/dtype.js';
import { formatShape, sizeOf, stridesOf, type Shape } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

/**
 * Copies the elements of a box of `shape` from `src` (start `srcOffset`, element strides
 * `srcStrides`, possibly 0) into `dst` (start `dstOffset`, strides `dstStrides`), visiting the
 * box in row-major order with an odometer over its index.
 */
export function stridedCopy(
  src: TypedArray, srcOffset: number, srcStrides: readonly number[],
  dst: TypedArray, dstOffset: number, dstStrides: readonly number[],
  shape: Shape,
): void {
  const count = sizeOf(shape);
  const index = new Array<number>(shape.length).fill(0);
  let s = srcOffset;
  let d = dstOffset;
  for (let e = 0; e < count; e++) {
    dst[d] = src[s];
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k]++;
      s += srcStrides[k];
      d += dstStrides[k];
      if (index[k] < shape[k]) break;
      s -= srcStrides[k] * shape[k];
      d -= dstStrides[k] * shape[k];
      index[k] = 0;
    }
  }
}

export const reshape: Kernel<'reshape'> = ([x]) => x.data.slice();

export const transpose: Kernel<'transpose'> = ([x], { perm }, out) => {
  const y = allocate(out.dtype, x.data.length);
  const inStrides = stridesOf(x.shape);
  stridedCopy(x.data, 0, perm.map((p) => inStrides[p]), y, 0, stridesOf(out.shape), out.shape);
  return y;
};

export const expand: Kernel<'expand'> = ([x], _params, out) => {
  const y = allocate(out.dtype, sizeOf(out.shape));
  const inStrides = stridesOf(x.shape).map((s, i) => (x.shape[i] === 1 ? 0 : s));
  stridedCopy(x.data, 0, inStrides, y, 0, stridesOf(out.shape), out.shape);
  return y;
};

export const slice: Kernel<'slice'> = ([x], { starts }, out) => {
  const y = allocate(out.dtype, sizeOf(out.shape));
  const strides = stridesOf(x.shape);
  const offset = starts.reduce((acc, s, i) => acc + s * strides[i], 0);
  stridedCopy(x.data, offset, strides, y, 0, stridesOf(out.shape), out.shape);
  return y;
};

export const pad: Kernel<'pad'> = ([x], { before }, out) => {
  const y = allocate(out.dtype, sizeOf(out.shape));
  const outStrides = stridesOf(out.shape);
  const offset = before.reduce((acc, b, i) => acc + b * outStrides[i], 0);
  stridedCopy(x.data, 0, stridesOf(x.shape), y, offset, outStrides, x.shape);
  return y;
};

export const concat: Kernel<'concat'> = (inputs, { axis }, out) => {
  const y = allocate(out.dtype, sizeOf(out.shape));
  const outStrides = stridesOf(out.shape);
  let start = 0;
  for (const x of inputs) {
    stridedCopy(x.data, 0, stridesOf(x.shape), y, start * outStrides[axis], outStrides, x.shape);
    start += x.shape[axis];
  }
  return y;
};

function checkIndex(op: string, index: number, size: number, axis: number, shape: Shape): void {
  if (!(index >= 0 && index < size)) {
    throw new Error(`${op}: index ${index} is out of range for axis ${axis} of size ${size} (shape ${formatShape(shape)})`);
  }
}

/** out[o, j..., i] = x[o, idx[j...], i]: numpy.take along one axis. */
export const gather: Kernel<'gather'> = ([x, idx], { axis }, out) => {
  const outer = sizeOf(x.shape.slice(0, axis));
  const size = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const indices = idx.data;
  const y = allocate(out.dtype, sizeOf(out.shape));
  const src = x.data;
  for (const i of indices) checkIndex('gather', i, size, axis, x.shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      const s = (o * size + indices[j]) * inner;
      const d = (o * indices.length + j) * inner;
      for (let i = 0; i < inner; i++) y[d + i] = src[s + i];
    }
  }
  return y;
};

/** The adjoint of gather: out[o, idx[j...], i] += g[o, j..., i]. */
export const scatterAdd: Kernel<'scatterAdd'> = ([g, idx], { axis, size }, out) => {
  const indices = idx.data;
  const outer = sizeOf(out.shape.slice(0, axis));
  const inner = sizeOf(out.shape.slice(axis + 1));
  const y = allocate(out.dtype, sizeOf(out.shape));
  const src = g.data;
  for (const i of indices) checkIndex('scatterAdd', i, size, axis, g.shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      const d = (o * size + indices[j]) * inner;
      const s = (o * indices.length + j) * inner;
      for (let i = 0; i < inner; i++) y[d + i] += src[s + i];
    }
  }
  return y;
};
