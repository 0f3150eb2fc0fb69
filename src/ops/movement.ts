// Movement primitives (reshape, transpose, expand, slice, pad, concat, gather, scatterAdd) and their VJPs.

import { assertShape, formatShape, normalizeAxis, shapesEqual, sizeOf, type Shape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimDef } from './prim-def.js';
import { sum } from './reduce.js';

export const reshapeDef: PrimDef<'reshape'> = {
  infer([x], { shape }) {
    assertShape('reshape', shape);
    if (sizeOf(shape) !== x.size) {
      throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    return { shape: [...shape], dtype: x.dtype };
  },
  vjp: (g, [x]) => [reshape(g, x.shape)],
};

/** Same elements, new shape. One dimension may be −1 and is then inferred. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const resolved = resolveShape(x, shape);
  if (shapesEqual(resolved, x.shape)) return x;
  return apply('reshape', reshapeDef, [x], { shape: resolved });
}

function resolveShape(x: Tensor, shape: Shape): number[] {
  const unknown = shape.indexOf(-1);
  if (unknown < 0 || shape.indexOf(-1, unknown + 1) >= 0) return [...shape];
  const known = sizeOf(shape.filter((_, i) => i !== unknown));
  if (known === 0 || x.size % known !== 0) {
    throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  return shape.map((d, i) => (i === unknown ? x.size / known : d));
}

export const transposeDef: PrimDef<'transpose'> = {
  infer([x], { perm }) {
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) {
      throw new Error(`transpose: [${perm.join(',')}] is not a permutation of the axes of a tensor of shape ${formatShape(x.shape)}`);
    }
    return { shape: perm.map((p) => x.shape[p]), dtype: x.dtype };
  },
  vjp: (g, _x, _y, { perm }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [permute(g, inverse)];
  },
};

/** Reorders the axes: output axis i is input axis perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const axes = perm.map((p) => normalizeAxis('permute', p, x.shape));
  if (axes.every((p, i) => p === i) && axes.length === x.rank) return x;
  return apply('transpose', transposeDef, [x], { perm: axes });
}

/** Swaps two axes; by default the last two (the matrix transpose). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.rank < 2) return x;
  const a = normalizeAxis('transpose', axis0, x.shape);
  const b = normalizeAxis('transpose', axis1, x.shape);
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return permute(x, perm);
}

export const expandDef: PrimDef<'expand'> = {
  infer([x], { shape }) {
    const ok = shape.length === x.rank && x.shape.every((d, i) => d === shape[i] || d === 1);
    if (!ok) throw new Error(`expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}`);
    return { shape: [...shape], dtype: x.dtype };
  },
  // the adjoint of copying along an axis is summing along it
  vjp: (g, [x]) => {
    const axes = x.shape.flatMap((d, i) => (d === 1 && g.shape[i] !== 1 ? [i] : []));
    return [reshape(sum(g, axes), x.shape)];
  },
};

/** Broadcasts `x` to `shape` (NumPy rules: prepend 1s, then stretch dimensions of size 1). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  if (shape.length < x.rank) throw new Error(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  const padded = [...new Array<number>(shape.length - x.rank).fill(1), ...x.shape];
  const r = reshape(x, padded);
  if (shapesEqual(padded, shape)) return r;
  return apply('expand', expandDef, [r], { shape: [...shape] });
}

export const sliceDef: PrimDef<'slice'> = {
  infer([x], { starts, ends }) {
    const ok = starts.length === x.rank && ends.length === x.rank && starts.every((s, i) => s >= 0 && s <= ends[i] && ends[i] <= x.shape[i]);
    if (!ok) throw new Error(`slice: range [${starts.join(',')}]..[${ends.join(',')}] is out of bounds for shape ${formatShape(x.shape)}`);
    return { shape: starts.map((s, i) => ends[i] - s), dtype: x.dtype };
  },
  vjp: (g, [x], _y, { starts, ends }) => [pad(g, starts, ends.map((e, i) => x.shape[i] - e))],
};

/**
 * Elements from `start` (inclusive) to `end` (exclusive) on each axis, as x[s0:e0, s1:e1, ...].
 * Negative indices count from the end; missing trailing axes are taken whole.
 * @example slice(x, [0, 1], [2, 3]) // x[0:2, 1:3]
 */
export function slice(x: Tensor, start: readonly number[], end?: readonly (number | undefined)[]): Tensor {
  if (start.length > x.rank) throw new Error(`slice: ${start.length} start indices for a tensor of rank ${x.rank}`);
  const starts = x.shape.map((d, i) => clampIndex(start[i] ?? 0, d));
  const ends = x.shape.map((d, i) => clampIndex(end?.[i] ?? d, d));
  for (let i = 0; i < x.rank; i++) {
    if (starts[i] > ends[i]) throw new Error(`slice: start ${start[i]} is after end ${end?.[i]} on axis ${i} of shape ${formatShape(x.shape)}`);
  }
  if (starts.every((s) => s === 0) && ends.every((e, i) => e === x.shape[i])) return x;
  return apply('slice', sliceDef, [x], { starts, ends });
}

function clampIndex(i: number, size: number): number {
  if (!Number.isInteger(i)) throw new Error(`slice: index ${i} is not an integer`);
  const j = i < 0 ? i + size : i;
  return Math.min(Math.max(j, 0), size);
}

export const padDef: PrimDef<'pad'> = {
  infer([x], { before, after }) {
    if (before.length !== x.rank || after.length !== x.rank || [...before, ...after].some((p) => !Number.isInteger(p) || p < 0)) {
      throw new Error(`pad: widths [${before.join(',')}] / [${after.join(',')}] do not fit shape ${formatShape(x.shape)}`);
    }
    return { shape: x.shape.map((d, i) => d + before[i] + after[i]), dtype: x.dtype };
  },
  vjp: (g, [x], _y, { before }) => [slice(g, before, before.map((b, i) => b + x.shape[i]))],
};

/** Zero padding: `before[i]` zeros before and `after[i]` zeros after axis i. */
export function pad(x: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  return apply('pad', padDef, [x], { before: [...before], after: [...after] });
}

export const concatDef: PrimDef<'concat'> = {
  infer(inputs, { axis }) {
    const first = inputs[0];
    for (const t of inputs) {
      const ok = t.rank === first.rank && t.shape.every((d, i) => i === axis || d === first.shape[i]) && t.dtype === first.dtype;
      if (!ok) throw new Error(`concat: shapes ${inputs.map((u) => `${formatShape(u.shape)} ${u.dtype}`).join(', ')} do not match outside axis ${axis}`);
    }
    const shape = [...first.shape];
    shape[axis] = inputs.reduce((n, t) => n + t.shape[axis], 0);
    return { shape, dtype: first.dtype };
  },
  vjp: (g, inputs, _y, { axis }) => {
    let start = 0;
    return inputs.map((t) => {
      const starts = g.shape.map((_, i) => (i === axis ? start : 0));
      const ends = g.shape.map((d, i) => (i === axis ? start + t.shape[axis] : d));
      start += t.shape[axis];
      return slice(g, starts, ends);
    });
  },
};

/** Joins tensors along an existing axis. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('concat: needs at least one tensor');
  const a = normalizeAxis('concat', axis, tensors[0].shape);
  if (tensors.length === 1) return tensors[0];
  return apply('concat', concatDef, tensors, { axis: a });
}

/** Joins tensors of one shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: needs at least one tensor');
  const a = insertionAxis('stack', axis, tensors[0].shape);
  for (const t of tensors) {
    if (!shapesEqual(t.shape, tensors[0].shape)) throw new Error(`stack: shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ`);
  }
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

/** Where a new axis goes in a tensor of `shape`: 0..rank, negative counting from the end. */
function insertionAxis(op: string, axis: number, shape: Shape): number {
  const rank = shape.length + 1;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} is out of range for inserting into a tensor of shape ${formatShape(shape)} (valid: ${-rank}..${rank - 1})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Inserts a dimension of size 1 at `axis`. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = insertionAxis('unsqueeze', axis, x.shape);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes dimensions of size 1 (all of them, or the given axis). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis('squeeze', axis, x.shape);
  if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${axis} of shape ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`);
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Collapses the axes from `startAxis` on into one. */
export function flatten(x: Tensor, startAxis = 0): Tensor {
  const a = x.rank === 0 ? 0 : normalizeAxis('flatten', startAxis, x.shape);
  return reshape(x, [...x.shape.slice(0, a), sizeOf(x.shape.slice(a))]);
}

export const gatherDef: PrimDef<'gather'> = {
  infer([x, idx], { axis }) {
    if (idx.dtype !== 'int32') throw new Error(`gather: indices must be int32, got ${idx.dtype}`);
    return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype };
  },
  vjp: (g, [x, idx], _y, { axis }) => [scatterAdd(g, idx, axis, x.shape[axis]), null],
};

/**
 * Picks entries along `axis` at the integer `indices` (numpy.take / torch.index_select). The
 * output's shape is x.shape[:axis] + indices.shape + x.shape[axis+1:].
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('gather', axis, x.shape);
  return apply('gather', gatherDef, [x, indices], { axis: a });
}

export const scatterAddDef: PrimDef<'scatterAdd'> = {
  infer([g, idx], { axis, size }) {
    if (idx.dtype !== 'int32') throw new Error(`scatterAdd: indices must be int32, got ${idx.dtype}`);
    const after = g.shape.slice(axis + idx.rank);
    return { shape: [...g.shape.slice(0, axis), size, ...after], dtype: g.dtype };
  },
  vjp: (g, [, idx], _y, { axis }) => [gather(g, idx, axis), null],
};

/** The adjoint of gather: sums the slices of `g` into a tensor with `size` entries on `axis`. */
export function scatterAdd(g: Tensor, indices: Tensor, axis: number, size: number): Tensor {
  return apply('scatterAdd', scatterAddDef, [g, indices], { axis, size });
}

/**
 * A recorded copy of `x`: a new node in the graph whose gradient is the identity. The
 * transforms use it to mark an input they differentiate with respect to.
 */
export function identity(x: Tensor): Tensor {
  return apply('reshape', reshapeDef, [x], { shape: [...x.shape] });
}
