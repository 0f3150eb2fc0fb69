// Specification of tensor creation: from nested and typed arrays, and the constant-filled constructors.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arange, eye, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from '../../src/index.js';
import type { DType } from '../../src/index.js';

describe('tensor', () => {
  it('infers the shape of nested arrays and stores them row-major', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('is float32 by default and honours an explicit dtype', () => {
    expect(tensor([1, 2]).dtype).toBe('float32');
    expect(tensor([1, 2]).data).toBeInstanceOf(Float32Array);
    expect(tensor([1, 2], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
    expect(tensor([1, 2], { dtype: 'int32' }).data).toBeInstanceOf(Int32Array);
  });

  it('makes a 0-d tensor from a number', () => {
    const t = tensor(2.5, { dtype: 'float64' });
    expect(t.shape).toEqual([]);
    expect(t.rank).toBe(0);
    expect(t.size).toBe(1);
    expect(t.item()).toBe(2.5);
  });

  it('represents empty arrays with a zero dimension', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor([[], []]).size).toBe(0);
  });

  it('rounds values to float32 when stored as float32', () => {
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).data[0]).toBe(0.1);
  });

  it('takes the dtype of a typed array and copies it', () => {
    const src = new Float64Array([1, 2, 3, 4]);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([2, 2]);
    src[0] = 99;
    expect(t.data[0]).toBe(1);
    expect(tensor(new Int32Array([7])).dtype).toBe('int32');
    expect(tensor(new Float32Array(3)).shape).toEqual([3]);
  });

  it('converts a typed array to a requested dtype', () => {
    const t = tensor(new Float64Array([1.5, 2.5]), { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual([1.5, 2.5]);
  });

  it('reshapes nested data to a given shape of the same size', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('marks the tensor as tracked with requiresGrad', () => {
    const t = tensor([1], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(tensor([1]).requiresGrad).toBe(false);
  });

  it('rejects ragged nested arrays, naming the path', () => {
    expect(() => tensor([[1], [1, 2]])).toThrow(/tensor: ragged nested array at value\[1\]/);
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/tensor: ragged/);
  });

  it('rejects a shape the values do not fill', () => {
    expect(() => tensor(new Float32Array(6), { shape: [4] })).toThrow(/tensor: 6 values do not fill shape \[4\]/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/tensor: 3 values do not fill shape \[2,2\]/);
  });

  it('rejects an unknown dtype', () => {
    expect(() => tensor([1], { dtype: 'int8' as DType })).toThrow(/tensor: unknown dtype "int8"/);
  });

  it('round-trips any rectangular nested array through toArray', () => {
    const nested = fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .chain(([a, b, c]) =>
        fc.array(fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: c, maxLength: c }), { minLength: b, maxLength: b }), {
          minLength: a,
          maxLength: a,
        }),
      );
    fc.assert(
      fc.property(nested, (value) => {
        const t = tensor(value, { dtype: 'int32' });
        expect(t.toArray()).toEqual(value);
        expect(t.shape[0]).toBe(value.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe('full, zeros, ones', () => {
  it('fill a shape with one value in the requested dtype', () => {
    const t = full([2, 3], 7, { dtype: 'float64' });
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(Array.from(t.data)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(Array.from(zeros([4]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([2, 2], { dtype: 'int32' }).data)).toEqual([1, 1, 1, 1]);
    expect(ones([2]).dtype).toBe('float32');
  });

  it('accept the empty shape (a scalar) and zero dimensions', () => {
    expect(zeros([]).shape).toEqual([]);
    expect(zeros([]).size).toBe(1);
    expect(ones([3, 0]).size).toBe(0);
  });

  it('reject negative or fractional dimensions', () => {
    expect(() => zeros([2, -1])).toThrow(/full: invalid shape \[2,-1\]/);
    expect(() => ones([1.5])).toThrow(/invalid shape \[1.5\]/);
  });

  it('zerosLike and onesLike copy shape and dtype', () => {
    const t = tensor([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(t).shape).toEqual([1, 2]);
    expect(zerosLike(t).dtype).toBe('float64');
    expect(Array.from(onesLike(t).data)).toEqual([1, 1]);
  });

  it('scalar makes a 0-d tensor', () => {
    const s = scalar(3, { dtype: 'int32' });
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3);
    expect(s.dtype).toBe('int32');
  });
});

describe('arange', () => {
  it('counts from 0 to stop − 1 with one argument, in int32', () => {
    const t = arange(5);
    expect(t.dtype).toBe('int32');
    expect(t.toArray()).toEqual([0, 1, 2, 3, 4]);
  });

  it('excludes stop and supports negative steps', () => {
    expect(arange(2, 6).toArray()).toEqual([2, 3, 4, 5]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).size).toBe(0);
    expect(arange(3, 0).size).toBe(0);
  });

  it('is float32 for fractional arguments', () => {
    const t = arange(0, 1, 0.25);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 1, 0.1).size).toBe(10);
  });

  it('honours an explicit dtype', () => {
    expect(arange(0, 3, 1, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('rejects a zero or non-finite step', () => {
    expect(() => arange(0, 3, 0)).toThrow(/arange: step must be a finite nonzero number, got 0/);
    expect(() => arange(0, 3, Infinity)).toThrow(/arange/);
  });

  it('has ceil((stop − start)/step) entries, each start + i·step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 7 }), (a, b, s) => {
        const t = arange(a, b, s);
        expect(t.size).toBe(Math.max(0, Math.ceil((b - a) / s)));
        for (let i = 0; i < t.size; i++) expect(t.data[i]).toBe(a + i * s);
      }),
      { numRuns: 50 },
    );
  });
});

describe('linspace', () => {
  it('includes both ends', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const t = linspace(-1, 1, 3, { dtype: 'float64' });
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([-1, 0, 1]);
  });

  it('gives the start for one point and nothing for zero', () => {
    expect(linspace(3, 7, 1).toArray()).toEqual([3]);
    expect(linspace(3, 7, 0).shape).toEqual([0]);
  });

  it('rejects a negative or fractional count', () => {
    expect(() => linspace(0, 1, -1)).toThrow(/linspace: count must be a non-negative integer, got -1/);
    expect(() => linspace(0, 1, 2.5)).toThrow(/linspace/);
  });
});

describe('eye', () => {
  it('is the identity', () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('may be rectangular', () => {
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2, { dtype: 'float64' }).toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
  });
});
