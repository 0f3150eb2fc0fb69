// Specification of reductions (sum, mean, max, min, logsumexp over any axes, with keepdims; argmax), against known values and a naive oracle.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import fc from 'fast-check';
import { arange, argmax, logsumexp, max, mean, min, sum, tensor, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

function size(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * The oracle: groups the input entries by the output position they reduce into (walking every
 * multi-index), then applies `reducer` to each group.
 */
function naiveReduce(data: ArrayLike<number>, shape: number[], axes: number[], keepdims: boolean, reducer: (xs: number[]) => number) {
  const reduced = new Set(axes.map((a) => (a < 0 ? a + shape.length : a)));
  const outShape = keepdims ? shape.map((d, i) => (reduced.has(i) ? 1 : d)) : shape.filter((_, i) => !reduced.has(i));
  const groups: number[][] = Array.from({ length: size(outShape) }, () => []);
  for (let k = 0; k < data.length; k++) {
    let rest = k;
    const index: number[] = new Array(shape.length);
    for (let i = shape.length - 1; i >= 0; i--) {
      index[i] = rest % shape[i];
      rest = Math.floor(rest / shape[i]);
    }
    let flat = 0;
    shape.forEach((d, i) => {
      if (!reduced.has(i)) flat = flat * d + index[i];
    });
    groups[flat].push(data[k]);
  }
  return { shape: outShape, data: groups.map(reducer) };
}

const reducers: Array<[string, (x: Tensor, axes: number | number[] | undefined, keepdims: boolean) => Tensor, (xs: number[]) => number, number]> = [
  ['sum', sum, (xs) => xs.reduce((s, v) => s + v, 0), 1e-12],
  ['mean', mean, (xs) => xs.reduce((s, v) => s + v, 0) / xs.length, 1e-12],
  ['max', max, (xs) => Math.max(...xs), 0],
  ['min', min, (xs) => Math.min(...xs), 0],
  [
    'logsumexp',
    logsumexp,
    (xs) => {
      const m = Math.max(...xs);
      return m + Math.log(xs.reduce((s, v) => s + Math.exp(v - m), 0));
    },
    1e-12,
  ],
];

/** A shape of rank 0..4 (dims 1..4), its values, an axis subset written with random signs, and keepdims. */
const cases = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: size(shape), maxLength: size(shape) }),
      fc.subarray(shape.map((_, i) => i)).chain((axes) => fc.shuffledSubarray(axes, { minLength: axes.length, maxLength: axes.length })),
      fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
      fc.constantFrom<'list' | 'all' | 'number'>('list', 'all', 'number'),
    ),
  );

describe('reductions', () => {
  for (const [name, op, reducer, rtol] of reducers) {
    it(`${name} agrees with the naive oracle over any axes, negative axes and keepdims`, () => {
      fc.assert(
        fc.property(cases, ([shape, values, axes, negate, keepdims, form]) => {
          const x = tensor(Float64Array.from(values), { shape });
          const written = axes.map((a, i) => (negate[i] ? a - shape.length : a));
          let arg: number | number[] | undefined = written;
          let used = axes;
          if (form === 'all') {
            arg = undefined;
            used = shape.map((_, i) => i);
          } else if (form === 'number' && written.length === 1) arg = written[0];
          const want = naiveReduce(values, shape, used, keepdims, reducer);
          const got = op(x, arg, keepdims);
          expect(got.shape).toEqual(want.shape);
          expect(got.dtype).toBe('float64');
          expectClose(got.data, want.data, { rtol, atol: rtol, label: `${name} of ${shape.join('×')}` });
        }),
        { numRuns: 50 },
      );
    });
  }

  const m = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });

  it('sum gives known values', () => {
    expect(sum(m).item()).toBe(21);
    expect(sum(m, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(m, 1).toArray()).toEqual([6, 15]);
    expect(sum(m, 1, true).toArray()).toEqual([[6], [15]]);
    expect(sum(m, [0, 1], true).shape).toEqual([1, 1]);
    expect(sum(m, -1).toArray()).toEqual([6, 15]);
    expect(sum(arange(24).reshape([2, 3, 4]), [0, 2]).toArray()).toEqual([60, 92, 124]);
  });

  it('sum over no axes is the identity', () => {
    expect(sum(m, []).toArray()).toEqual(m.toArray());
  });

  it('sum, max and logsumexp over no axes (or of a 0-d tensor) return the input itself', () => {
    const s = tensor(2.5);
    for (const y of [sum(m, []), max(m, []), logsumexp(m, [])]) expect(y).toBe(m);
    for (const y of [sum(s), max(s), logsumexp(s)]) expect(y).toBe(s);
  });

  it('sum over an empty axis is 0, and over a 0-d tensor is its value', () => {
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(sum(zeros([0])).item()).toBe(0);
    expect(sum(tensor(4)).item()).toBe(4);
  });

  it('sum accumulates float32 input in float64 before rounding once', () => {
    // 1 + 2⁻²⁴ + 2⁻²⁴: each partial sum rounds back to 1 in float32, the exact sum does not
    const t = tensor([1, 2 ** -24, 2 ** -24, 2 ** -24, 2 ** -24]);
    expect(sum(t).item()).toBe(Math.fround(1 + 4 * 2 ** -24));
    expect(sum(t).dtype).toBe('float32');
  });

  it('sum keeps int32', () => {
    const s = sum(arange(5));
    expect(s.dtype).toBe('int32');
    expect(s.item()).toBe(10);
  });

  it('mean gives known values, int32 input giving float32', () => {
    expect(mean(m).item()).toBe(3.5);
    expect(mean(m, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(mean(m, 1, true).toArray()).toEqual([[2], [5]]);
    const mi = mean(arange(4));
    expect(mi.dtype).toBe('float32');
    expect(mi.item()).toBe(1.5);
  });

  it('mean over an empty axis is NaN (0/0), as in NumPy', () => {
    expect(Number.isNaN(mean(zeros([0])).item())).toBe(true);
  });

  it('max and min give known values', () => {
    const t = tensor([[3, -1, 7], [0, 9, -4]]);
    expect(max(t).item()).toBe(9);
    expect(min(t).item()).toBe(-4);
    expect(max(t, 0).toArray()).toEqual([3, 9, 7]);
    expect(min(t, 1).toArray()).toEqual([-1, -4]);
    expect(max(t, 1, true).toArray()).toEqual([[7], [9]]);
    expect(max(arange(24).reshape([2, 3, 4]), [-1, 0]).toArray()).toEqual([15, 19, 23]);
    expect(max(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });

  it('max and min propagate NaN', () => {
    expect(max(tensor([1, NaN, 3])).item()).toBeNaN();
    expect(min(tensor([1, NaN, 3])).item()).toBeNaN();
    expect(max(tensor([[NaN, 1], [2, 3]]), 1).toArray()).toEqual([NaN, 3]);
  });

  it('max refuses to reduce an empty axis, naming the shape', () => {
    expect(() => max(zeros([0, 3]), 0)).toThrow(/max: .*\[0,3\]/);
  });

  it('logsumexp gives known values', () => {
    expect(logsumexp(tensor([0, 0], { dtype: 'float64' })).item()).toBeCloseTo(Math.LN2, 15);
    expect(logsumexp(tensor([[0, Math.log(3)], [1, 1]], { dtype: 'float64' }), 1).toArray()).toEqual([
      Math.log(4), 1 + Math.LN2,
    ]);
    expect(logsumexp(tensor([1, 2, 3], { dtype: 'float64' }), 0, true).shape).toEqual([1]);
  });

  it('logsumexp of a 0-d tensor or over no axes is the input', () => {
    expect(logsumexp(tensor(2.5)).item()).toBe(2.5);
  });

  it('rejects repeated axes', () => {
    expect(() => sum(m, [0, 0])).toThrow(/sum: repeated axis in \[0,0\]/);
    expect(() => sum(m, [1, -1])).toThrow(/sum: repeated axis/);
  });
});

describe('argmax', () => {
  it('gives the index of the largest entry along an axis, as int32', () => {
    const t = tensor([[1, 5, 3], [9, 2, 4]]);
    const a = argmax(t, 1);
    expect(a.dtype).toBe('int32');
    expect(a.toArray()).toEqual([1, 0]);
    expect(argmax(t, 0).toArray()).toEqual([1, 0, 1]);
    expect(argmax(t, -1).toArray()).toEqual([1, 0]);
  });

  it('searches the flattened tensor without an axis', () => {
    expect(argmax(tensor([[1, 5, 3], [9, 2, 4]])).item()).toBe(3);
  });

  it('keeps the reduced axis with keepdims', () => {
    expect(argmax(tensor([[1, 5, 3], [9, 2, 4]]), 1, true).toArray()).toEqual([[1], [0]]);
  });

  it('picks the first index at ties', () => {
    expect(argmax(tensor([[1, 3, 3], [2, 2, 1]]), 1).toArray()).toEqual([1, 0]);
  });

  it('picks the first NaN, as NaN is the maximum', () => {
    expect(argmax(tensor([1, NaN, 3, NaN])).item()).toBe(1);
  });

  it('agrees with a naive scan along any axis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: size(shape), maxLength: size(shape) }), fc.nat(shape.length - 1)),
        ),
        ([shape, values, axis]) => {
          const want = naiveReduce(
            values.map((v, i) => i),
            shape,
            [axis],
            false,
            // the group holds flat positions in order; the first maximal one wins
            (positions) => {
              let best = 0;
              for (let k = 1; k < positions.length; k++) if (values[positions[k]] > values[positions[best]]) best = k;
              return best;
            },
          );
          const got = argmax(tensor(Float64Array.from(values), { shape }), axis);
          expect(got.shape).toEqual(want.shape);
          expect(Array.from(got.data)).toEqual(want.data);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses an empty axis', () => {
    expect(() => argmax(zeros([2, 0]), 1)).toThrow(/argmax: .*\[2,0\]/);
  });
});
