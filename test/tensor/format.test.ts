// Specification of the text form of a tensor: header with shape and dtype, values, elision of long axes.

import { describe, expect, it } from 'vitest';
import { arange, scalar, tensor, zeros } from '../../src/index.js';

describe('toString', () => {
  it('shows the shape and dtype, then the values row by row', () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).toString()).toBe('Tensor(shape=[2,3], dtype=float32)\n[[1, 2, 3],\n [4, 5, 6]]');
  });

  it('indents nested axes', () => {
    expect(arange(8).reshape([2, 2, 2]).toString()).toBe(
      'Tensor(shape=[2,2,2], dtype=int32)\n[[[0, 1],\n  [2, 3]],\n [[4, 5],\n  [6, 7]]]',
    );
  });

  it('shows a 0-d tensor as a bare number', () => {
    expect(scalar(1.5).toString()).toBe('Tensor(shape=[], dtype=float32)\n1.5');
  });

  it('shows empty tensors as empty brackets', () => {
    expect(zeros([0]).toString()).toBe('Tensor(shape=[0], dtype=float32)\n[]');
    expect(zeros([2, 0]).toString()).toBe('Tensor(shape=[2,0], dtype=float32)\n[[],\n []]');
  });

  it('marks tracked tensors', () => {
    expect(tensor([1], { requiresGrad: true, dtype: 'float64' }).toString()).toBe('Tensor(shape=[1], dtype=float64, requiresGrad=true)\n[1]');
  });

  it('rounds to six significant digits and hides float32 noise', () => {
    expect(tensor([0.1, 1 / 3, 123456.7]).toString()).toBe('Tensor(shape=[3], dtype=float32)\n[0.1, 0.333333, 123457]');
  });

  it('uses exponent notation for very small and very large magnitudes', () => {
    expect(tensor([1e-5, -2e7, 0], { dtype: 'float64' }).toString()).toBe('Tensor(shape=[3], dtype=float64)\n[1.0000e-5, -2.0000e+7, 0]');
  });

  it('writes nan and inf', () => {
    expect(tensor([NaN, Infinity, -Infinity]).toString()).toBe('Tensor(shape=[3], dtype=float32)\n[nan, inf, -inf]');
  });

  it('writes int32 values as integers', () => {
    expect(tensor([-3, 1000000], { dtype: 'int32' }).toString()).toBe('Tensor(shape=[2], dtype=int32)\n[-3, 1000000]');
  });

  it('shows every value up to 1000 elements', () => {
    const s = arange(1000).toString();
    expect(s).not.toContain('...');
    expect(s).toContain('999]');
  });

  it('elides the middle of long axes above 1000 elements, keeping three at each end', () => {
    expect(arange(2000).reshape([2, 1000]).toString()).toBe(
      'Tensor(shape=[2,1000], dtype=int32)\n[[0, 1, 2, ..., 997, 998, 999],\n [1000, 1001, 1002, ..., 1997, 1998, 1999]]',
    );
  });

  it('elides leading axes too', () => {
    const lines = arange(2000).reshape([1000, 2]).toString().split('\n');
    expect(lines).toEqual(['Tensor(shape=[1000,2], dtype=int32)', '[[0, 1],', ' [2, 3],', ' [4, 5],', ' ...,', ' [1994, 1995],', ' [1996, 1997],', ' [1998, 1999]]']);
  });

  it('is what String() and template literals give', () => {
    const t = tensor([1, 2]);
    expect(String(t)).toBe(t.toString());
    expect(`${t}`).toBe(t.toString());
  });
});
