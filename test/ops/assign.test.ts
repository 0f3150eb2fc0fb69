// Specification of assign: writes a value into a leaf in place, refuses non-leaves and mismatched shapes or dtypes, and tells a tracer before it writes.

import { describe, expect, it } from 'vitest';
import { assign, tensor, zeros } from '../../src/index.js';
import { errorOf } from '../support/error-of.js';
import { recordOps } from '../support/record-ops.js';

describe('assign', () => {
  it('writes the value into the target in place and returns the target', () => {
    const w = tensor([[1, 2], [3, 4]]);
    const before = w.data;
    const out = assign(w, tensor([[5, 6], [7, -0]]));
    expect(out).toBe(w);
    expect(w.toArray()).toEqual([[5, 6], [7, -0]]);
    expect(Object.is(w.data[3], -0)).toBe(true);
    expect(w.data).toBe(before);
  });

  it('takes int32 and float64 targets, and empty ones', () => {
    const n = tensor([1, 2], { dtype: 'int32' });
    assign(n, tensor([7, -3], { dtype: 'int32' }));
    expect(n.toArray()).toEqual([7, -3]);
    const x = tensor([0.1], { dtype: 'float64' });
    assign(x, tensor([1e-300], { dtype: 'float64' }));
    expect(x.data[0]).toBe(1e-300);
    const empty = zeros([0, 3]);
    expect(assign(empty, zeros([0, 3])).shape).toEqual([0, 3]);
  });

  it('refuses a target that is the result of an op', () => {
    const w = tensor([1, 2]).requireGrad();
    const y = w.mul(2);
    expect(errorOf(() => assign(y, tensor([0, 0])))).toBe('assign: the target must be a leaf tensor (a parameter or a buffer), not the result of an op');
    expect(y.toArray()).toEqual([2, 4]);
  });

  it('refuses a value of another shape or dtype, naming both, and leaves the target unchanged', () => {
    const w = tensor([1, 2, 3]);
    expect(errorOf(() => assign(w, tensor([1, 2])))).toBe('assign: value [2] float32 does not match target [3] float32');
    expect(errorOf(() => assign(w, tensor([[1, 2, 3]])))).toBe('assign: value [1,3] float32 does not match target [3] float32');
    expect(errorOf(() => assign(w, tensor([4, 5, 6], { dtype: 'float64' })))).toBe('assign: value [3] float64 does not match target [3] float32');
    expect(w.toArray()).toEqual([1, 2, 3]);
  });

  it('while traced, tells the tracer before writing (so it can keep the old values), then writes inside a kernel', () => {
    const w = tensor([1, 2]);
    const v = tensor([3, 4]);
    const { result, events } = recordOps(() => assign(w, v));
    expect(result).toBe(w);
    expect(w.toArray()).toEqual([3, 4]);
    expect(events.map((e) => e.kind)).toEqual(['assign', 'kernel']);
    const told = events[0];
    expect(told.kind === 'assign' && told.target === w && told.value === v).toBe(true);
    expect(told.kind === 'assign' ? told.targetValues : null).toEqual([1, 2]);
  });
});
