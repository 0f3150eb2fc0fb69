// The float32 sum kernel on WebAssembly: one contiguous block of axes, accumulated in float64 like the reference.

import { sizeOf } from '../../core/shape.js';
import type { Kernel } from '../backend.js';
import { sum as referenceSum } from '../reference/reduce.js';
import { minWasmElements } from './elementwise.js';
import { kernelArena } from './module.js';

/**
 * Σ over `axes` when they are one consecutive block: the input is then [outer, reduced, inner]
 * and the output [outer, inner]. Other axis sets and float64 go to the reference kernel.
 */
export const wasmSum: Kernel<'sum'> = (inputs, params, out) => {
  const [x] = inputs;
  const { axes } = params;
  const data = x.data;
  if (out.dtype !== 'float32' || !(data instanceof Float32Array) || data.length < minWasmElements || axes.length === 0) {
    return referenceSum(inputs, params, out);
  }
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return referenceSum(inputs, params, out);
  const first = axes[0];
  const last = axes[axes.length - 1];
  const outer = sizeOf(x.shape.slice(0, first));
  const reduced = sizeOf(x.shape.slice(first, last + 1));
  const inner = sizeOf(x.shape.slice(last + 1));
  const arena = kernelArena();
  arena.reset();
  const px = arena.allocF32(data.length, x);
  const py = arena.allocF32(outer * inner);
  const acc = arena.alloc(inner * 8);
  arena.exports.sumF32(px, py, outer, reduced, inner, acc);
  return arena.readF32(py, outer * inner);
};
