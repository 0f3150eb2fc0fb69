// Specification of the primitive table: each definition's shape rule checks its inputs on its own (as a backend or a replayed trace calls it), naming the op and the shapes.

import { describe, expect, it } from 'vitest';
import { binaryPrims, unaryPrims } from '../../src/core/primitives.js';
import { add, primDefs, tensor, zeros, type Tensor } from '../../src/index.js';
import { errorOf } from '../support/error-of.js';

const f32 = (shape: number[]) => zeros(shape);
const f64 = (shape: number[]) => zeros(shape, { dtype: 'float64' });
const infer = <P extends keyof typeof primDefs>(prim: P, inputs: Tensor[], params: unknown) =>
  errorOf(() => primDefs[prim].infer(inputs, params as never));

describe('primDefs', () => {
  it('holds the definition each elementwise op carries', () => {
    for (const prim of [...Object.keys(unaryPrims), ...Object.keys(binaryPrims)] as (keyof typeof primDefs)[]) {
      expect(typeof primDefs[prim].infer, prim).toBe('function');
    }
    expect(primDefs.add).toBe(add.def);
  });

  it('binary shape rules refuse operands that were not broadcast, and mixed floats without shapes', () => {
    expect(infer('add', [f32([2]), f32([3])], {})).toBe('add: shapes [2] and [3] differ after broadcasting');
    expect(infer('add', [f32([2]), f64([2])], {})).toBe("add: dtype mismatch float32 vs float64; cast one operand with .cast('float32') or .cast('float64')");
  });

  it('where’s shape rule refuses a condition or a branch of another shape, and mixed floats', () => {
    expect(infer('where', [f32([3]), f32([2]), f32([2])], {})).toBe('where: shapes [3], [2] and [2] differ after broadcasting');
    expect(infer('where', [f32([2]), f32([2]), f32([3])], {})).toBe('where: shapes [2], [2] and [3] differ after broadcasting');
    expect(infer('where', [f32([2]), f32([2]), f64([2])], {})).toMatch(/^where: dtype mismatch float32 vs float64/);
  });

  it('matmul’s shape rule refuses ranks that differ or are below 2, inner and batch dimensions that differ', () => {
    const nn = { transA: false, transB: false };
    expect(infer('matmul', [f32([2, 3]), f32([1, 3, 4])], nn)).toMatch(/^matmul: shapes \[2,3\] and \[1,3,4\] are incompatible/);
    expect(infer('matmul', [f32([3]), f32([3])], { transA: false, transB: true })).toBe('matmul: shapes [3] and [3]ᵀ are incompatible (inner dimensions 3 != 3)');
    expect(infer('matmul', [f32([2, 3]), f32([4, 5])], { transA: true, transB: false })).toBe('matmul: shapes [2,3]ᵀ and [4,5] are incompatible (inner dimensions 2 != 4)');
    expect(infer('matmul', [f32([2, 2, 3]), f32([3, 3, 4])], nn)).toBe('matmul: shapes [2,2,3] and [3,3,4] are incompatible (inner dimensions 3 != 3)');
    expect(primDefs.matmul.infer([f32([2, 2, 3]), f32([2, 4, 3])], { transA: false, transB: true })).toEqual({ shape: [2, 2, 4], dtype: 'float32' });
  });

  it('slice’s shape rule refuses ranges of the wrong length or out of bounds', () => {
    const x = f32([2, 3]);
    const slice = (starts: number[], ends: number[]) => infer('slice', [x], { starts, ends });
    expect(slice([0, 1], [2, 5])).toBe('slice: range [0,1]..[2,5] is out of bounds for shape [2,3]');
    expect(slice([0], [1, 1])).toMatch(/^slice: range \[0\]\.\.\[1,1\] is out of bounds/);
    expect(slice([0, 0], [1, 1, 1])).toMatch(/^slice: range \[0,0\]\.\.\[1,1,1\] is out of bounds/);
    expect(slice([-1, 0], [1, 1])).toMatch(/^slice: /);
    expect(slice([2, 0], [1, 1])).toMatch(/^slice: /);
    expect(slice([0, 0], [2, 3])).toBe('(no error)');
    expect(primDefs.slice.infer([x], { starts: [1, 0], ends: [2, 2] })).toEqual({ shape: [1, 2], dtype: 'float32' });
  });

  it('expand’s shape rule refuses a target of another rank', () => {
    expect(infer('expand', [f32([3])], { shape: [3, 2] })).toBe('expand: cannot expand [3] to [3,2]');
    expect(infer('expand', [tensor([1])], { shape: [4] })).toBe('(no error)');
  });
});
