// Reference reductions: sum and max over a set of axes, argmax along one axis.

import { allocate, type TypedArray } from '../../core/dtype.js';
import { sizeOf, stridesOf, type Shape } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

/**
 * For each input element, in row-major order, the offset of the output element it reduces into:
 * kept axes keep their output stride and reduced axes get stride 0, so any axis set reduces in one pass.
 */
function outputOffsets(shape: Shape, axes: readonly number[]): Int32Array {
  const n = sizeOf(shape);
  const reduced = new Set(axes);
  const keptShape = shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const keptStrides = stridesOf(keptShape).map((s, i) => (reduced.has(i) ? 0 : s));
  const offsets = new Int32Array(n);
  const index = new Array<number>(shape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      offset += keptStrides[d];
      if (index[d] < shape[d]) break;
      offset -= keptStrides[d] * shape[d];
      index[d] = 0;
    }
  }
  return offsets;
}

export const sum: Kernel<'sum'> = ([x], { axes }, out) => {
  const acc = new Float64Array(sizeOf(out.shape)); // accumulate in float64 even for float32
  const offsets = outputOffsets(x.shape, axes);
  for (let i = 0; i < x.data.length; i++) acc[offsets[i]] += x.data[i];
  const y = allocate(out.dtype, acc.length);
  y.set(acc);
  return y;
};

export const max: Kernel<'max'> = ([x], { axes }, out) => {
  const y = allocate(out.dtype, sizeOf(out.shape)).fill(-Infinity);
  const data = x.data;
  const offsets = outputOffsets(x.shape, axes);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const o = offsets[i];
    // NaN wins, as in torch.amax: once y[o] is NaN no v compares greater
    if (v > y[o] || v !== v) y[o] = v;
  }
  return y;
};

export const argmax: Kernel<'argmax'> = ([x], { axis }, out) => {
  const shape = x.shape;
  const outer = sizeOf(shape.slice(0, axis));
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const y = allocate('int32', outer * inner) as Int32Array;
  const data: TypedArray = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = 0;
      let bestValue = data[base];
      for (let k = 1; k < n && bestValue === bestValue; k++) {
        const v = data[base + k * inner];
        if (v > bestValue || v !== v) {
          best = k;
          bestValue = v;
        }
      }
      y[o * inner + i] = best;
    }
  }
  void out;
  return y;
};
