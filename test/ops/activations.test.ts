// Specification of the activations composed from primitives: gelu's two forms against known values, oneHot's and checkLabels' refusals.

import { describe, expect, it } from 'vitest';
import { checkLabels, gelu, oneHot, softmaxCrossEntropy, tensor } from '../../src/index.js';
import { errorOf } from '../support/error-of.js';
import { expectClose } from '../support/expect-close.js';

const xs = [1, -1, 2, 0, -3];
const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

describe('gelu', () => {
  it('is x·Φ(x) by default and with approximate "none" (Φ from tables: Φ(1) = 0.841344746…)', () => {
    const want = [0.8413447460685429, -0.15865525393145707, 1.9544997361036416, 0, -3 * 0.0013498980316301];
    expectClose(gelu(f64(xs)).data, want, { rtol: 1e-12, atol: 1e-16 });
    expectClose(gelu(f64(xs), { approximate: 'none' }).data, want, { rtol: 1e-12, atol: 1e-16 });
  });

  it('with approximate "tanh" is ½x(1 + tanh(√(2/π)(x + 0.044715x³))), which differs from the exact form', () => {
    const want = xs.map((x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))));
    expectClose(gelu(f64(xs), { approximate: 'tanh' }).data, want, { rtol: 1e-12, atol: 1e-16 });
    expect(want[0]).toBeCloseTo(0.8411919906082768, 15);
  });
});

describe('oneHot and checkLabels refuse bad labels in one line', () => {
  it('oneHot refuses float labels and labels below 0', () => {
    expect(errorOf(() => oneHot(tensor([0, 1]), 3))).toBe('oneHot: labels must be int32, got float32');
    expect(errorOf(() => oneHot(tensor([0, -1], { dtype: 'int32' }), 3))).toBe('oneHot: label -1 is out of range for 3 classes (labels of shape [2])');
  });

  it('checkLabels refuses 0-d scores, and takes 1-d scores with a 0-d label', () => {
    const label = tensor(0, { dtype: 'int32' });
    expect(errorOf(() => checkLabels('loss', tensor(1), label))).toBe('loss: class indices of shape [] do not match scores of shape []');
    expect(errorOf(() => checkLabels('loss', tensor([1, 2, 3]), tensor(2, { dtype: 'int32' })))).toBe('(no error)');
    expect(errorOf(() => checkLabels('loss', tensor([1, 2, 3]), tensor(3, { dtype: 'int32' })))).toBe('loss: label 3 is out of range for 3 classes (index 0 of labels of shape [])');
    const l = softmaxCrossEntropy(f64([1, 2, 3]), tensor(2, { dtype: 'int32' }));
    expect(l.shape).toEqual([]);
    expectClose(l.item(), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, { rtol: 1e-14 });
  });
});
