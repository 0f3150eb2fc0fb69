// Specification of the Tensor value: readout (item, toArray, toString), immutability, detach and requireGrad.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arange, noGrad, ones, scalar, tensor, zeros } from '../../src/index.js';

describe('Tensor', () => {
  it('reports size, rank and shape', () => {
    const t = zeros([2, 3, 4]);
    expect(t.size).toBe(24);
    expect(t.rank).toBe(3);
    expect(t.shape).toEqual([2, 3, 4]);
  });

  it('has a frozen shape', () => {
    const t = zeros([2, 3]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('is not mutated by ops', () => {
    const a = tensor([1, 2, 3]);
    a.add(1).mul(2).neg();
    a.reshape([3, 1]);
    expect(Array.from(a.data)).toEqual([1, 2, 3]);
  });

  describe('item', () => {
    it('returns the value of a one-element tensor of any rank', () => {
      expect(scalar(4).item()).toBe(4);
      expect(tensor([[7]]).item()).toBe(7);
      expect(tensor([2.5], { dtype: 'float64' }).item()).toBe(2.5);
    });

    it('throws for other sizes, naming the shape', () => {
      expect(() => zeros([2]).item()).toThrow(/item: tensor of shape \[2\] has 2 elements, expected 1/);
      expect(() => zeros([0]).item()).toThrow(/item: tensor of shape \[0\]/);
    });
  });

  describe('toArray', () => {
    it('nests values by shape and returns a number for a 0-d tensor', () => {
      expect(arange(6).reshape([3, 2]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(scalar(3).toArray()).toBe(3);
      expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    });

    it('inverts tensor() on nested arrays', () => {
      fc.assert(
        fc.property(fc.array(fc.array(fc.double({ noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
          expect(tensor(rows, { dtype: 'float64' }).toArray()).toEqual(rows);
        }),
        { numRuns: 50 },
      );
    });
  });

  describe('toString', () => {
    it('names the shape and dtype', () => {
      expect(ones([2, 2], { dtype: 'float64' }).toString()).toMatch(/^Tensor\(shape=\[2,2\], dtype=float64\)/);
    });
  });

  describe('detach', () => {
    it('keeps the values and drops the history', () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const y = x.mul(3);
      const d = y.detach();
      expect(y.isLeaf).toBe(false);
      expect(d.isLeaf).toBe(true);
      expect(d.requiresGrad).toBe(false);
      expect(d.node).toBeNull();
      expect(Array.from(d.data)).toEqual([3, 6]);
      expect(d.shape).toEqual([2]);
      expect(d.dtype).toBe('float32');
    });

    it('makes later ops untracked', () => {
      const x = tensor([1, 2], { requiresGrad: true });
      expect(x.detach().mul(2).requiresGrad).toBe(false);
    });
  });

  describe('requireGrad', () => {
    it('marks a leaf as tracked and returns it, so results record their history', () => {
      const x = tensor([1, 2]);
      expect(x.requireGrad()).toBe(x);
      expect(x.requiresGrad).toBe(true);
      const y = x.mul(2);
      expect(y.requiresGrad).toBe(true);
      expect(y.node?.prim).toBe('mul');
      expect(y.node?.inputs[0]).toBe(x);
    });

    it('can untrack a leaf', () => {
      const x = tensor([1], { requiresGrad: true }).requireGrad(false);
      expect(x.requiresGrad).toBe(false);
      expect(x.mul(2).node).toBeNull();
    });

    it('refuses to untrack a non-leaf', () => {
      const y = tensor([1], { requiresGrad: true }).mul(2);
      expect(() => y.requireGrad(false)).toThrow(/requireGrad: cannot stop tracking a non-leaf tensor/);
    });

    it('records nothing for untracked inputs or inside noGrad', () => {
      const x = tensor([1, 2]);
      expect(x.mul(2).node).toBeNull();
      const w = tensor([1, 2], { requiresGrad: true });
      const y = noGrad(() => w.mul(2));
      expect(y.node).toBeNull();
      expect(y.requiresGrad).toBe(false);
    });
  });

  describe('cast', () => {
    it('converts between dtypes, truncating toward zero into int32', () => {
      const t = tensor([1.7, -1.7, 2.5], { dtype: 'float64' });
      expect(t.cast('int32').toArray()).toEqual([1, -1, 2]);
      expect(t.cast('float32').dtype).toBe('float32');
      expect(t.cast('float64')).toBe(t);
    });
  });
});
