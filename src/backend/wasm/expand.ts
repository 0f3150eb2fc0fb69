// A fast expand (broadcast copy) for every dtype: runs of contiguous or repeated values become TypedArray set/fill/copyWithin.

import { allocate, type TypedArray } from '../../core/dtype.js';
import type { TensorData } from '../../core/tensor-data.js';
import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';

/**
 * Merges the (input, output) dims into maximal groups that are all kept (input size = output
 * size) or all broadcast (input size 1), dropping size-1 output dims. [1,128] → [64,128] becomes
 * one broadcast group of 64 over one kept group of 128.
 */
function groups(inShape: readonly number[], outShape: readonly number[]): Array<{ size: number; broadcast: boolean }> {
  const offset = outShape.length - inShape.length;
  const result: Array<{ size: number; broadcast: boolean }> = [];
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d];
    if (size === 1) continue;
    const broadcast = d < offset || inShape[d - offset] === 1;
    const lastGroup = result[result.length - 1];
    if (lastGroup && lastGroup.broadcast === broadcast) lastGroup.size *= size;
    else result.push({ size, broadcast });
  }
  return result;
}

/** Runs shorter than this are copied by a plain loop (measured crossover of fill/set/copyWithin). */
const shortRun = 32;

/**
 * out[..] = x[..] with every size-1 (or missing leading) dim of x repeated. The innermost group
 * is a block copy (kept) or a fill (broadcast); each outer broadcast group repeats the block
 * just written with copyWithin, so no element is addressed one at a time.
 */
export const fastExpand: Kernel<'expand'> = ([x], _params, out) => expandInto(x, out.shape, allocate(out.dtype, sizeOf(out.shape)));

/** Writes x broadcast to `outShape` into `y` (of that size, e.g. a jit plan's slot) and returns it. */
export function expandInto(x: TensorData, outShape: readonly number[], y: TypedArray): TypedArray {
  if (y.length === 0) return y;
  const src = x.data;
  const gs = groups(x.shape, outShape);
  if (gs.length === 0) {
    y[0] = src[0];
    return y;
  }
  // fill writes the block of groups [g, end) for input offset s at output offset d; returns sizes
  const blockOut = new Array<number>(gs.length + 1);
  const blockIn = new Array<number>(gs.length + 1);
  blockOut[gs.length] = 1;
  blockIn[gs.length] = 1;
  for (let g = gs.length - 1; g >= 0; g--) {
    blockOut[g] = blockOut[g + 1] * gs[g].size;
    blockIn[g] = blockIn[g + 1] * (gs[g].broadcast ? 1 : gs[g].size);
  }
  const write = (g: number, s: number, d: number): void => {
    const { size, broadcast } = gs[g];
    if (g === gs.length - 1) {
      // fill and set cost about as much per call as a short loop costs in all
      if (size < shortRun) {
        if (broadcast) for (let i = 0; i < size; i++) y[d + i] = src[s];
        else for (let i = 0; i < size; i++) y[d + i] = src[s + i];
      } else if (broadcast) y.fill(src[s], d, d + size);
      else y.set(src.subarray(s, s + size), d);
      return;
    }
    const inner = blockOut[g + 1];
    if (broadcast && inner < shortRun) {
      write(g + 1, s, d);
      for (let i = inner; i < size * inner; i++) y[d + i] = y[d + i - inner];
    } else if (broadcast) {
      write(g + 1, s, d);
      // doubling copies: log2(size) calls
      let done = 1;
      while (done < size) {
        const count = Math.min(done, size - done);
        y.copyWithin(d + done * inner, d, d + count * inner);
        done += count;
      }
    } else {
      const step = blockIn[g + 1];
      for (let i = 0; i < size; i++) write(g + 1, s + i * step, d + i * inner);
    }
  };
  write(0, 0, 0);
  return y;
}
