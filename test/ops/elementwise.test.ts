// Specification of the elementwise ops' dtypes: how numbers and int32 meet floats, which ops take int32, where with number branches, and cast's gradient.

import { describe, expect, it } from 'vitest';
import { abs, add, cast, gradients, mul, neg, pow, sign, sub, sum, tensor, where } from '../../src/index.js';
import { errorOf } from '../support/error-of.js';

const int = (v: number[]) => tensor(v, { dtype: 'int32' });

describe('operands of a binary op', () => {
  it('int32 meets a float tensor (either side) and is converted to that float before the op', () => {
    // 2²⁴ + 1 is not a float32: converted first it is 2²⁴, and 2²⁴ + 1 rounds back to 2²⁴ (ties to even)
    const big = int([16777217]);
    for (const y of [add(big, tensor([1])), add(tensor([1]), big)]) {
      expect(y.dtype).toBe('float32');
      expect(y.toArray()).toEqual([16777216]);
    }
    expect(add(int([1, 2]), tensor([0.5, 0.25], { dtype: 'float64' })).dtype).toBe('float64');
    expect(sub(tensor([0.5], { dtype: 'float64' }), int([2])).toArray()).toEqual([-1.5]);
  });

  it('a number adopts the tensor’s dtype: exact in int32, rounded to float32 in float32', () => {
    const y = add(int([0]), 16777217);
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([16777217]);
    expect(sub(16777217, int([0])).toArray()).toEqual([16777217]);
    // 1e-46 is below the smallest float32 (≈1.4e-45): it is 0 there, but not in float64
    expect(mul(tensor([1e10]), 1e-46).toArray()).toEqual([0]);
    expect(mul(tensor([1e10], { dtype: 'float64' }), 1e-46).data[0]).toBeCloseTo(1e-36, 50);
    expect(add(int([1]), 0.5).dtype).toBe('float32');
  });

  it('at least one operand must be a tensor', () => {
    expect(errorOf(() => add(1, 2))).toBe('add: at least one operand must be a Tensor');
  });
});

describe('dtypes the elementwise ops take', () => {
  it('neg, abs and sign take int32 and keep it', () => {
    const x = int([-3, 0, 2]);
    expect([neg(x), abs(x), sign(x)].map((y) => [y.dtype, y.toArray()])).toEqual([
      ['int32', [3, 0, -2]],
      ['int32', [3, 0, 2]],
      ['int32', [-1, 0, 1]],
    ]);
  });

  it('pow is defined on floats only, and refuses int32 naming the op', () => {
    expect(errorOf(() => pow(int([2]), int([3])))).toBe("pow: expected a float32 or float64 tensor, got int32 (use .cast('float32'))");
  });
});

describe('where with number branches', () => {
  it('computes in the condition’s float dtype, or float32 for an int32 or number condition', () => {
    const picked = where(int([1, 0]), 0.5, 1.5);
    expect(picked.dtype).toBe('float32');
    expect(picked.toArray()).toEqual([0.5, 1.5]);
    const scalar = where(1, 2, 3);
    expect([scalar.dtype, scalar.shape, scalar.item()]).toEqual(['float32', [], 2]);
    expect(where(tensor([0, 1], { dtype: 'float64' }), 0.1, 0.2).dtype).toBe('float64');
  });
});

describe('cast', () => {
  it('passes no gradient back to an int32 input', () => {
    const n = int([1, 2]).requireGrad();
    const [g] = gradients(sum(mul(cast(n, 'float32'), 2.5)), [n]);
    expect(g.dtype).toBe('int32');
    expect(g.toArray()).toEqual([0, 0]);
  });
});
