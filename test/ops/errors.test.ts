// Specification of errors: wrong shapes, dtype mismatches, bad axes, out-of-range indices and seedless backward each throw an Error naming the op and the shapes.

import { describe, expect, it } from 'vitest';
import {
  add, argmax, backward, broadcastTo, concat, exp, flatten, gather, grad, gradients, hvp, logSoftmax, logsumexp, matmul, max, maximum, mean, min,
  mul, oneHot, permute, reshape, scatterAdd, slice, softmax, squeeze, stack, sub, sum, tensor, transpose, unsqueeze, valueAndGrad, where, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const f32 = (shape: number[]) => zeros(shape);
const f64 = (shape: number[]) => zeros(shape, { dtype: 'float64' });
const int = (v: number[]) => tensor(v, { dtype: 'int32' });

/** The message `fn` throws (failing the test if it does not throw an Error). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

/** Escapes a shape like [2,3] for a RegExp. */
const shape = (s: number[]) => `\\[${s.join(',')}\\]`;

describe('errors', () => {
  it('the issue’s example is word for word', () => {
    expect(messageOf(() => matmul(f32([64, 784]), f32([128, 64])))).toBe(
      'matmul: shapes [64,784] and [128,64] are incompatible (inner dimensions 784 != 128)',
    );
  });

  describe('wrong shapes name the op and the shapes', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['add', () => add(f32([2, 3]), f32([3, 2])), /^add: .*\[2,3\].*\[3,2\]/],
      ['sub', () => sub(f32([4]), f32([5])), /^sub: .*\[4\].*\[5\]/],
      ['mul (a 0-size dim against a 2)', () => mul(f32([0]), f32([2])), /^mul: .*\[0\].*\[2\]/],
      ['maximum', () => maximum(f32([2, 1, 3]), f32([4, 2])), /^maximum: .*\[2,1,3\].*\[4,2\]/],
      ['where', () => where(f32([2]), f32([3]), 0), /^where: .*\[2\].*\[3\]/],
      ['matmul (inner dimensions)', () => matmul(f32([2, 3]), f32([4, 5])), /^matmul: shapes \[2,3\] and \[4,5\] are incompatible \(inner dimensions 3 != 4\)/],
      ['matmul (vector)', () => matmul(f32([3]), f32([4, 5])), /^matmul: shapes \[3\] and \[4,5\]/],
      ['matmul (batch dimensions)', () => matmul(f32([2, 3, 4]), f32([3, 4, 5])), /^matmul: .*\[2,3,4\].*\[3,4,5\]/],
      ['reshape', () => reshape(f32([2, 3]), [4]), /^reshape: .*\[2,3\].*\[4\]/],
      ['reshape with −1', () => reshape(f32([2, 3]), [4, -1]), /^reshape: .*\[2,3\].*\[4,-1\]/],
      ['broadcastTo', () => broadcastTo(f32([2]), [3]), /\[2\].*\[3\]/],
      ['concat', () => concat([f32([2, 3]), f32([2, 4])], 0), /^concat: .*\[2,3\].*\[2,4\]/],
      ['stack', () => stack([f32([2]), f32([3])]), /^stack: .*\[2\].*\[3\]/],
      ['slice', () => slice(f32([4]), [3], [1]), /^slice: .*\[4\]/],
      ['squeeze', () => squeeze(f32([2, 3]), 1), /^squeeze: .*\[2,3\]/],
      ['permute', () => permute(f32([2, 3]), [1, 1]), /\[2,3\]/],
      ['item', () => f32([2, 2]).item(), /^item: .*\[2,2\]/],
      ['tensor', () => tensor([1, 2, 3], { shape: [2, 2] }), /^tensor: .*\[2,2\]/],
      ['hvp', () => hvp((x: Tensor) => x.sum(), f64([3]))(f64([2])), /^hvp: .*\[3\].*\[2\]/],
      ['gradients seed', () => gradients(f64([2]).requireGrad().mul(2), [], { seed: f64([3]) }), /^gradients: .*\[3\].*\[2\]/],
      ['grad of a non-scalar', () => grad((x: Tensor) => x.mul(2))(f64([2])), /^grad: .*\[2\]/],
    ];
    for (const [name, fn, pattern] of cases) it(name, () => expect(messageOf(fn)).toMatch(pattern));
  });

  describe('dtype mismatches (float32 vs float64) name the op, the dtypes and the shapes', () => {
    const cases: Array<[string, () => unknown]> = [
      ['add', () => add(f32([2, 3]), f64([2, 3]))],
      ['mul', () => mul(f32([2, 3]), f64([2, 3]))],
      ['maximum', () => maximum(f32([2, 3]), f64([2, 3]))],
      ['where', () => where(f32([2, 3]), f32([2, 3]), f64([2, 3]))],
      ['matmul', () => matmul(f32([2, 3]), f64([3, 2]))],
      ['concat', () => concat([f32([2, 3]), f64([2, 3])])],
    ];
    for (const [op, fn] of cases) {
      it(`${op} names the op and the dtypes`, () => {
        expect(messageOf(fn)).toMatch(new RegExp(`^${op}: .*float32.*float64`));
      });
      it(`${op} names the shapes`, () => {
        const message = messageOf(fn);
        expect(message).toMatch(/\[2,3\]/);
        expect(message).toMatch(op === 'matmul' ? /\[3,2\]/ : /\[2,3\].*\[2,3\]/);
      });
    }

    it('float ops refuse int32, naming the op and the dtype', () => {
      expect(messageOf(() => exp(tensor([1, 2], { dtype: 'int32' })))).toMatch(/^exp: .*int32/);
      expect(messageOf(() => matmul(tensor([[1]], { dtype: 'int32' }), tensor([[1]], { dtype: 'int32' })))).toMatch(/^matmul: .*int32/);
    });
  });

  describe('bad axes name the op, the axis and the shape', () => {
    const x = f32([2, 3]);
    const cases: Array<[string, () => unknown, string]> = [
      ['sum', () => sum(x, 2), '2'],
      ['sum', () => sum(x, -3), '-3'],
      ['mean', () => mean(x, 5), '5'],
      ['max', () => max(x, 2), '2'],
      ['min', () => min(x, 2), '2'],
      ['logsumexp', () => logsumexp(x, 2), '2'],
      ['softmax', () => softmax(x, 2), '2'],
      ['logSoftmax', () => logSoftmax(x, 2), '2'],
      ['argmax', () => argmax(x, 2), '2'],
      ['transpose', () => transpose(x, 0, 2), '2'],
      ['permute', () => permute(x, [0, 2]), '2'],
      ['squeeze', () => squeeze(x, 2), '2'],
      ['unsqueeze', () => unsqueeze(x, 4), '4'],
      ['flatten', () => flatten(x, 2), '2'],
      ['concat', () => concat([x, x], 2), '2'],
      ['stack', () => stack([x, x], 4), '4'],
      ['gather', () => gather(x, int([0]), 2), '2'],
    ];
    for (const [op, fn, axis] of cases) {
      it(`${op} (axis ${axis})`, () => {
        const message = messageOf(fn);
        expect(message).toMatch(new RegExp(`^${op}: .*axis ${axis}`));
        expect(message).toMatch(/\[2,3\]/);
      });
    }

    it('repeated axes name the op and the axes', () => {
      expect(messageOf(() => sum(x, [1, -1]))).toMatch(/^sum: repeated axis in \[1,-1\]/);
    });
  });

  describe('out-of-range indices name the op, the index and the shapes', () => {
    const x = f32([3, 4]);
    it('gather (too large)', () => {
      const message = messageOf(() => gather(x, int([0, 3])));
      expect(message).toMatch(/^gather: index 3 is out of range for axis 0 of size 3/);
      expect(message).toMatch(/\[3,4\]/);
    });
    it('gather (negative)', () => {
      const message = messageOf(() => gather(x, int([-1]), 1));
      expect(message).toMatch(/^gather: index -1 is out of range for axis 1 of size 4/);
      expect(message).toMatch(/\[3,4\]/);
    });
    it('scatterAdd', () => {
      const message = messageOf(() => scatterAdd(f32([2, 4]), int([0, 9]), 0, 3));
      expect(message).toMatch(/^scatterAdd: index 9 is out of range/);
      expect(message).toMatch(/\[2,4\]/);
    });
    it('oneHot', () => {
      expect(messageOf(() => oneHot(int([0, 5]), 3))).toMatch(/^oneHot: label 5 is out of range for 3 classes \(labels of shape \[2\]\)/);
    });
    it('gather refuses float indices', () => {
      expect(messageOf(() => gather(x, tensor([0])))).toMatch(/^gather: indices must be int32, got float32/);
    });
  });

  describe('backward on a non-scalar without a seed', () => {
    it('names backward and the output’s shape', () => {
      const y = f64([2, 3]).requireGrad().mul(2);
      expect(messageOf(() => y.backward())).toBe('backward: output of shape [2,3] is not a scalar; pass a seed gradient of that shape');
      expect(messageOf(() => backward(y))).toMatch(/^backward: output of shape \[2,3\]/);
    });

    it('works with a seed of the output’s shape', () => {
      const x = f64([2, 3]).requireGrad();
      x.mul(2).backward(tensor([[1, 1, 1], [1, 1, 1]], { dtype: 'float64' }));
      expect(x.grad?.toArray()).toEqual([[2, 2, 2], [2, 2, 2]]);
    });

    it('rejects a seed of the wrong shape, naming both shapes', () => {
      const y = f64([2, 3]).requireGrad().mul(2);
      expect(messageOf(() => y.backward(f64([3, 2])))).toMatch(/\[3,2\].*\[2,3\]/);
    });

    it('refuses an output with no tracked inputs', () => {
      expect(messageOf(() => f64([1]).mul(2).backward())).toMatch(/^backward: the output does not require a gradient/);
    });
  });

  describe('transforms', () => {
    it('reject argnums out of range', () => {
      expect(messageOf(() => valueAndGrad((x: Tensor) => x.sum(), { argnums: 1 })(f64([2])))).toMatch(/^valueAndGrad: argnums 1 is out of range for 1 argument/);
      expect(messageOf(() => grad((x: Tensor) => x.sum(), { argnums: [0, 2] })(f64([2]), f64([2])))).toMatch(/argnums 2 is out of range for 2 argument/);
    });
  });
});
