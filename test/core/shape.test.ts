// Specification of shapes: sizes, row-major strides, equality, broadcasting and axis normalisation, with their errors.

import { describe, expect, it } from 'vitest';
import { assertShape, broadcastShapes, formatShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, stridesOf } from '../../src/core/shape.js';

describe('sizeOf and stridesOf', () => {
  it('a scalar has one element and no strides', () => {
    expect(sizeOf([])).toBe(1);
    expect(stridesOf([])).toEqual([]);
  });

  it('multiplies the dimensions; a zero dimension empties the tensor', () => {
    expect(sizeOf([7])).toBe(7);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([2, 0, 4])).toBe(0);
  });

  it('row-major strides: the last axis is contiguous, each earlier one steps over the later ones', () => {
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([4, 1, 3])).toEqual([3, 3, 1]);
  });
});

describe('shapesEqual and formatShape', () => {
  it('equal means same rank and same dimensions', () => {
    expect(shapesEqual([], [])).toBe(true);
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2, 3], [2, 3, 1])).toBe(false);
    expect(shapesEqual([2], [2, 3])).toBe(false);
  });

  it('formats as [a,b,c]', () => {
    expect(formatShape([])).toBe('[]');
    expect(formatShape([2, 3, 4])).toBe('[2,3,4]');
  });
});

describe('broadcastShapes', () => {
  it('aligns right and stretches ones', () => {
    expect(broadcastShapes('add', [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [3], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [2, 1], [1, 3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [4, 1, 3], [5, 1], [1])).toEqual([4, 5, 3]);
    expect(broadcastShapes('add', [2, 3], [1, 1])).toEqual([2, 3]);
    expect(broadcastShapes('add', [0, 3], [1, 3])).toEqual([0, 3]);
  });

  it('of scalars (or of nothing) is a scalar', () => {
    expect(broadcastShapes('add', [], [])).toEqual([]);
    expect(broadcastShapes('add')).toEqual([]);
    expect(broadcastShapes('add', [], [2])).toEqual([2]);
  });

  it('names the op, the shapes and the clashing dimension', () => {
    expect(() => broadcastShapes('mul', [2, 3], [4, 3])).toThrow('mul: shapes [2,3] and [4,3] cannot be broadcast (dimension 0: 2 vs 4)');
    expect(() => broadcastShapes('add', [3], [2, 4])).toThrow('add: shapes [3] and [2,4] cannot be broadcast (dimension 1: 3 vs 4)');
  });
});

describe('normalizeAxis', () => {
  it('keeps a non-negative axis and counts a negative one from the end', () => {
    expect(normalizeAxis('sum', 0, 3)).toBe(0);
    expect(normalizeAxis('sum', 2, 3)).toBe(2);
    expect(normalizeAxis('sum', -1, 3)).toBe(2);
    expect(normalizeAxis('sum', -3, 3)).toBe(0);
    expect(normalizeAxis('sum', -2, [4, 5])).toBe(0);
  });

  it('rejects axes out of range or not integers, naming the rank or the shape', () => {
    expect(() => normalizeAxis('sum', 3, 3)).toThrow('sum: axis 3 is out of range for a tensor of rank 3');
    expect(() => normalizeAxis('sum', -4, 3)).toThrow('sum: axis -4 is out of range for a tensor of rank 3');
    expect(() => normalizeAxis('max', 2, [4, 5])).toThrow('max: axis 2 is out of range for a tensor of shape [4,5]');
    expect(() => normalizeAxis('max', 0.5, [4, 5])).toThrow('max: axis 0.5 is out of range');
    expect(() => normalizeAxis('max', 0, [])).toThrow('max: axis 0 is out of range for a tensor of shape []');
  });
});

describe('normalizeAxes', () => {
  it('undefined means every axis, in order', () => {
    expect(normalizeAxes('sum', undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes('sum', undefined, [2, 2])).toEqual([0, 1]);
    expect(normalizeAxes('sum', undefined, 0)).toEqual([]);
  });

  it('takes one axis or a list, resolves negatives and sorts', () => {
    expect(normalizeAxes('sum', -1, 3)).toEqual([2]);
    expect(normalizeAxes('sum', [2, 0], 3)).toEqual([0, 2]);
    expect(normalizeAxes('sum', [-1, 0, 1], [2, 3, 4])).toEqual([0, 1, 2]);
  });

  it('rejects a repeated axis, also when written once negative', () => {
    expect(() => normalizeAxes('sum', [1, 1], 3)).toThrow('sum: repeated axis in [1,1]');
    expect(() => normalizeAxes('sum', [2, -1], 3)).toThrow('sum: repeated axis in [2,-1]');
    expect(() => normalizeAxes('sum', [0, 5], 3)).toThrow('sum: axis 5 is out of range for a tensor of rank 3');
  });
});

describe('assertShape', () => {
  it('accepts non-negative integer dimensions, including 0 and the scalar shape', () => {
    expect(() => assertShape('zeros', [])).not.toThrow();
    expect(() => assertShape('zeros', [0, 3, 1])).not.toThrow();
  });

  it('rejects negative or fractional dimensions, naming the op and the shape', () => {
    expect(() => assertShape('zeros', [2, -1])).toThrow('zeros: invalid shape [2,-1]');
    expect(() => assertShape('ones', [1.5])).toThrow('ones: invalid shape [1.5]');
    expect(() => assertShape('ones', [NaN])).toThrow('ones: invalid shape [NaN]');
  });
});
