// Specification of shape and indexing ops: reshape, transpose/permute, slice, gather/scatterAdd, concat, stack, squeeze/unsqueeze/flatten.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arange, broadcastTo, concat, flatten, gather, grad, oneHot, pad, permute, reshape, scatterAdd, slice, squeeze, stack, tensor, transpose, unsqueeze, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { primitivesOf, recordOps } from '../support/record-ops.js';

const int = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });
const grid = (shape: number[]) => arange(shape.reduce((n, d) => n * d, 1)).reshape(shape);

function size(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
function multiIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return index;
}
function flatIndex(index: readonly number[], shape: readonly number[]): number {
  return index.reduce((f, v, i) => f * shape[i] + v, 0);
}

describe('reshape', () => {
  it('keeps the row-major order of the elements', () => {
    expect(reshape(grid([2, 3]), [3, 2]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(reshape(grid([2, 3]), [6]).toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reshape(tensor([5]), []).shape).toEqual([]);
  });

  it('infers one −1 dimension', () => {
    expect(reshape(grid([2, 3, 4]), [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(grid([2, 3, 4]), [2, -1]).shape).toEqual([2, 12]);
    expect(reshape(grid([2, 3]), [-1]).shape).toEqual([6]);
    expect(reshape(zeros([0, 3]), [-1]).shape).toEqual([0]);
  });

  it('rejects sizes that do not match, naming both shapes', () => {
    expect(() => reshape(grid([2, 3]), [4])).toThrow(/reshape: cannot reshape \[2,3\] \(6 elements\) into \[4\] \(4 elements\)/);
    expect(() => reshape(grid([2, 3]), [4, -1])).toThrow(/reshape: cannot reshape \[2,3\] .*\[4,-1\]/);
  });

  it('to its own shape returns the input itself, running no primitive', () => {
    const x = grid([2, 3]);
    expect(reshape(x, [2, 3])).toBe(x);
    expect(reshape(x, [2, -1])).toBe(x);
    expect(primitivesOf(() => reshape(x, [2, 3]))).toEqual([]);
  });

  it('rejects two −1 dimensions', () => {
    expect(() => reshape(grid([2, 3]), [-1, -1])).toThrow(/reshape: .*\[-1,-1\]/);
  });

  it('is undone by reshaping back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (shape) => {
        const x = grid(shape);
        const y = reshape(reshape(x, [-1]), shape);
        expect(y.shape).toEqual(shape);
        expect(Array.from(y.data)).toEqual(Array.from(x.data));
      }),
      { numRuns: 50 },
    );
  });
});

describe('transpose and permute', () => {
  it('transposes a matrix by default', () => {
    expect(transpose(grid([2, 3])).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(grid([2, 3]).T.shape).toEqual([3, 2]);
  });

  it('swaps the given axes', () => {
    const t = transpose(grid([2, 3, 4]), 0, 2);
    expect(t.shape).toEqual([4, 3, 2]);
    expect(t.toArray()).toEqual(permute(grid([2, 3, 4]), [2, 1, 0]).toArray());
  });

  it('leaves vectors and scalars alone', () => {
    expect(transpose(tensor([1, 2])).toArray()).toEqual([1, 2]);
  });

  it('permutes axes so that output axis i is input axis perm[i] (property, against index arithmetic)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length })),
        ),
        ([shape, perm]) => {
          const x = grid(shape);
          const y = permute(x, perm);
          const outShape = perm.map((p) => shape[p]);
          expect(y.shape).toEqual(outShape);
          for (let k = 0; k < y.size; k++) {
            const j = multiIndex(k, outShape);
            const i = new Array<number>(shape.length);
            perm.forEach((p, axis) => (i[p] = j[axis]));
            expect(y.data[k]).toBe(x.data[flatIndex(i, shape)]);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('accepts negative axes', () => {
    expect(permute(grid([2, 3, 4]), [-1, 0, 1]).shape).toEqual([4, 2, 3]);
  });

  it('the identity permutation returns the input itself', () => {
    const x = grid([2, 3]);
    expect(permute(x, [0, 1])).toBe(x);
    expect(permute(x, [0, -1])).toBe(x);
    expect(transpose(grid([2, 2, 3]), 1, 1).shape).toEqual([2, 2, 3]);
  });

  it('transpose names itself for a bad first axis', () => {
    expect(() => transpose(grid([2, 3]), 5, 0)).toThrow(/^transpose: axis 5 /);
  });

  it('rejects a list that is not a permutation, naming the shape', () => {
    expect(() => permute(grid([2, 3]), [0, 0])).toThrow(/\[0,0\].*\[2,3\]/);
    expect(() => permute(grid([2, 3]), [0])).toThrow(/\[2,3\]/);
  });
});

describe('slice', () => {
  const x = grid([3, 4]);

  it('takes start (inclusive) to end (exclusive) on each axis', () => {
    expect(slice(x, [0, 1], [2, 3]).toArray()).toEqual([[1, 2], [5, 6]]);
  });

  it('takes missing trailing axes and missing ends whole', () => {
    expect(slice(x, [1]).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(slice(x, [0, 2], [undefined, undefined]).toArray()).toEqual([[2, 3], [6, 7], [10, 11]]);
  });

  it('counts negative indices from the end', () => {
    expect(slice(x, [-1]).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(slice(x, [0, -3], [-1, -1]).toArray()).toEqual([[1, 2], [5, 6]]);
    expect(slice(arange(5), [-2], [5]).toArray()).toEqual([3, 4]);
  });

  it('clamps out-of-range bounds like Python', () => {
    expect(slice(arange(5), [-10], [10]).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(slice(arange(5), [2], [2]).shape).toEqual([0]);
  });

  it('matches Python slicing on a range (property)', () => {
    const py = (n: number, s: number, e: number) => {
      const c = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
      return Array.from({ length: Math.max(0, c(e) - c(s)) }, (_, k) => c(s) + k);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 }), (n, s, e) => {
        const want = py(n, s, e);
        const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
        if (clamp(s) > clamp(e)) {
          expect(() => slice(arange(n), [s], [e])).toThrow(/slice: start/);
        } else {
          expect(slice(arange(n), [s], [e]).toArray()).toEqual(want);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('the whole tensor returns the input itself; any narrower range runs the primitive', () => {
    expect(slice(x, [0, 0], [3, 4])).toBe(x);
    expect(slice(x, [])).toBe(x);
    expect(slice(x, [1]).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(slice(x, [0], [2]).shape).toEqual([2, 4]);
    expect(slice(x, [0, 0], [3, 3]).shape).toEqual([3, 3]);
  });

  it('rejects more indices than axes and reversed ranges, naming the shape', () => {
    expect(() => slice(x, [0, 0, 0])).toThrow(/slice: 3 start indices for a tensor of rank 2/);
    expect(() => slice(x, [2], [1])).toThrow(/slice: start 2 is after end 1 on axis 0 of shape \[3,4\]/);
    expect(() => slice(x, [0.5])).toThrow(/slice: index 0.5 is not an integer/);
  });

  it('sends the gradient back into the sliced window (zero elsewhere)', () => {
    const g = grad((t: Tensor) => slice(t, [1, 1], [3, 3]).sum())(zeros([3, 4], { dtype: 'float64' }));
    expect(g.toArray()).toEqual([[0, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0]]);
  });
});

describe('pad', () => {
  it('adds zeros before and after each axis, and is undone by slice', () => {
    const p = pad(tensor([[1, 2]]), [1, 0], [0, 2]);
    expect(p.toArray()).toEqual([[0, 0, 0, 0], [1, 2, 0, 0]]);
    expect(slice(p, [1, 0], [2, 2]).toArray()).toEqual([[1, 2]]);
  });

  it('rejects widths of the wrong length, negative or fractional, naming the widths and the shape', () => {
    const x = zeros([2, 2]);
    expect(() => pad(x, [1], [0, 0])).toThrow(/^pad: widths \[1\] \/ \[0,0\] do not fit shape \[2,2\]$/);
    expect(() => pad(x, [0, 0], [1])).toThrow(/^pad: widths \[0,0\] \/ \[1\] do not fit shape \[2,2\]$/);
    expect(() => pad(x, [0, -1], [0, 0])).toThrow(/^pad: widths \[0,-1\] \/ \[0,0\]/);
    expect(() => pad(x, [0, 0], [0.5, 0])).toThrow(/^pad: widths \[0,0\] \/ \[0.5,0\]/);
  });
});

describe('broadcastTo', () => {
  it('that only adds leading axes is one reshape', () => {
    const x = tensor([1, 2, 3]);
    const { result, events } = recordOps(() => broadcastTo(x, [1, 1, 3]));
    expect(result.toArray()).toEqual([[[1, 2, 3]]]);
    expect(events.flatMap((e) => (e.kind === 'primitive' ? [e.prim] : []))).toEqual(['reshape']);
    expect(broadcastTo(x, [3])).toBe(x);
  });

  it('refuses a target whose axes do not match or are not stretched from 1', () => {
    expect(() => broadcastTo(zeros([2, 3]), [2, 4])).toThrow(/^expand: cannot expand \[2,3\] to \[2,4\]$/);
  });
});

describe('gather', () => {
  const x = grid([3, 4]);

  it('picks rows by index along axis 0, repeats allowed', () => {
    expect(gather(x, int([2, 0, 2])).toArray()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
  });

  it('picks along any axis, the output shape being x.shape[:axis] + indices.shape + x.shape[axis+1:]', () => {
    const g = gather(x, int([[3, 0], [1, 1]]), 1);
    expect(g.shape).toEqual([3, 2, 2]);
    expect(g.toArray()).toEqual([
      [[3, 0], [1, 1]],
      [[7, 4], [5, 5]],
      [[11, 8], [9, 9]],
    ]);
    expect(gather(x, int([1]), -1).toArray()).toEqual([[1], [5], [9]]);
  });

  it('accepts empty and 0-d indices', () => {
    expect(gather(x, int([])).shape).toEqual([0, 4]);
    expect(gather(x, tensor(1, { dtype: 'int32' })).toArray()).toEqual([4, 5, 6, 7]);
  });

  it('agrees with numpy.take written as index arithmetic (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
          fc.nat(shape.length - 1).chain((axis) =>
            fc.tuple(
              fc.constant(shape),
              fc.constant(axis),
              fc.array(fc.integer({ min: 0, max: shape[axis] - 1 }), { minLength: 0, maxLength: 5 }),
            ),
          ),
        ),
        ([shape, axis, idx]) => {
          const x = grid(shape);
          const y = gather(x, int(idx), axis);
          const outShape = [...shape.slice(0, axis), idx.length, ...shape.slice(axis + 1)];
          expect(y.shape).toEqual(outShape);
          for (let k = 0; k < y.size; k++) {
            const j = multiIndex(k, outShape);
            const i = [...j];
            i[axis] = idx[j[axis]];
            expect(y.data[k]).toBe(x.data[flatIndex(i, shape)]);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects out-of-range and non-int32 indices', () => {
    expect(() => gather(x, int([3]))).toThrow(/gather: index 3 is out of range for axis 0 of size 3/);
    expect(() => gather(x, int([-1]))).toThrow(/gather: index -1 is out of range/);
    expect(() => gather(x, tensor([0]))).toThrow(/gather: indices must be int32, got float32/);
  });

  it('sends gradients back by scatter-add, so repeated indices accumulate', () => {
    const g = grad((t: Tensor) => gather(t, int([2, 0, 2])).sum())(zeros([3, 2], { dtype: 'float64' }));
    expect(g.toArray()).toEqual([[1, 1], [0, 0], [2, 2]]);
  });
});

describe('scatterAdd', () => {
  it('sums slices into the indexed positions (the adjoint of gather)', () => {
    const g = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
    expect(scatterAdd(g, int([2, 0, 2]), 0, 4).toArray()).toEqual([[3, 4], [0, 0], [6, 8], [0, 0]]);
    expect(scatterAdd(g, int([1, 1]), 1, 3).toArray()).toEqual([[0, 3, 0], [0, 7, 0], [0, 11, 0]]);
  });

  it('is the adjoint of gather: ⟨gather(x), g⟩ = ⟨x, scatterAdd(g)⟩ (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, cols, raw, seed) => {
          const idx = raw.map((r) => r % n);
          const x = tensor(Float64Array.from({ length: n * cols }, (_, i) => Math.sin(i + seed)), { shape: [n, cols] });
          const g = tensor(Float64Array.from({ length: idx.length * cols }, (_, i) => Math.cos(i * seed)), { shape: [idx.length, cols] });
          const lhs = gather(x, int(idx)).mul(g).sum().item();
          const rhs = x.mul(scatterAdd(g, int(idx), 0, n)).sum().item();
          expect(lhs).toBeCloseTo(rhs, 10);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses float indices', () => {
    expect(() => scatterAdd(zeros([2, 4]), tensor([0, 1]), 0, 3)).toThrow(/^scatterAdd: indices must be int32, got float32$/);
  });

  it('rejects out-of-range indices', () => {
    expect(() => scatterAdd(zeros([2, 2]), int([0, 5]), 0, 3)).toThrow(/scatterAdd: index 5 is out of range for axis 0 of size 3/);
  });
});

describe('concat', () => {
  it('joins along an existing axis', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6]]);
    expect(concat([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([a, tensor([[7], [8]])], 1).toArray()).toEqual([[1, 2, 7], [3, 4, 8]]);
    expect(concat([a, tensor([[7], [8]])], -1).shape).toEqual([2, 3]);
  });

  it('accepts empty pieces and a single tensor', () => {
    const a = tensor([[1, 2]]);
    expect(concat([a, zeros([0, 2])]).toArray()).toEqual([[1, 2]]);
    expect(concat([a])).toBe(a);
  });

  it('splits the gradient back into the pieces', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => concat([a, b]).mul(tensor([1, 2, 3], { dtype: 'float64' })).sum(), { argnums: [0, 1] })(
      zeros([2], { dtype: 'float64' }),
      zeros([1], { dtype: 'float64' }),
    );
    expect(ga.toArray()).toEqual([1, 2]);
    expect(gb.toArray()).toEqual([3]);
  });

  it('rejects mismatched shapes off the axis, naming the op and the shapes', () => {
    expect(() => concat([zeros([2, 3]), zeros([3, 2])])).toThrow(/concat: shapes \[2,3\].*\[3,2\]/);
    expect(() => concat([])).toThrow(/concat: needs at least one tensor/);
    expect(() => concat([zeros([2, 3]), zeros([2])])).toThrow(/^concat: shapes \[2,3\] float32, \[2\] float32 do not match outside axis 0$/);
  });
});

describe('stack', () => {
  it('joins along a new axis', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('rejects tensors of different shapes, naming them', () => {
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(/stack: shapes \[2\], \[3\] differ/);
    expect(() => stack([])).toThrow(/^stack: needs at least one tensor$/);
  });
});

describe('squeeze, unsqueeze, flatten', () => {
  it('squeeze removes every size-1 axis, or the one given', () => {
    expect(squeeze(zeros([1, 3, 1, 2])).shape).toEqual([3, 2]);
    expect(squeeze(zeros([1, 3, 1]), 2).shape).toEqual([1, 3]);
    expect(squeeze(zeros([1, 3, 1]), -1).shape).toEqual([1, 3]);
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
  });

  it('squeeze refuses an axis whose size is not 1', () => {
    expect(() => squeeze(zeros([2, 3]), 0)).toThrow(/squeeze: axis 0 of shape \[2,3\] has size 2, not 1/);
  });

  it('unsqueeze inserts a size-1 axis (negative axes counting in the result, as NumPy)', () => {
    expect(unsqueeze(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(zeros([2, 3]), 1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(tensor(5), 0).toArray()).toEqual([5]);
    expect(unsqueeze(zeros([2, 3]), -3).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(zeros([2, 3]), 2).shape).toEqual([2, 3, 1]);
  });

  it('unsqueeze refuses an axis outside −(rank+1)..rank or not an integer, giving the valid range', () => {
    const x = zeros([2, 3]);
    expect(() => unsqueeze(x, -4)).toThrow(/^unsqueeze: axis -4 is out of range for inserting into a tensor of shape \[2,3\] \(valid: -3\.\.2\)$/);
    expect(() => unsqueeze(x, 3)).toThrow(/^unsqueeze: axis 3 is out of range/);
    expect(() => unsqueeze(x, 0.5)).toThrow(/^unsqueeze: axis 0.5 is out of range/);
  });

  it('flatten collapses the axes from startAxis on', () => {
    expect(flatten(grid([2, 3, 4])).shape).toEqual([24]);
    expect(flatten(grid([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(flatten(grid([2, 3, 4]), -1).shape).toEqual([2, 3, 4]);
    expect(flatten(tensor(3)).shape).toEqual([1]);
    expect(Array.from(flatten(grid([2, 3])).data)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('oneHot', () => {
  it('encodes labels along a new last axis', () => {
    expect(oneHot(int([2, 0]), 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(oneHot(int([1]), 2, 'float64').dtype).toBe('float64');
  });

  it('rejects out-of-range labels, naming the labels’ shape', () => {
    expect(() => oneHot(int([3]), 3)).toThrow(/oneHot: label 3 is out of range for 3 classes \(labels of shape \[1\]\)/);
  });
});
