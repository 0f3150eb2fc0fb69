// softmaxCrossEntropy and linear (the compositions a backend may fuse under jit): values, gradients, edge inputs (±1e3, NaN, ±∞, empty, size 1) and errors.

import { describe, expect, it } from 'vitest';
import {
  add, gradients, noGrad, Linear, linear, logSoftmax, matmul, mul, oneHot, Rng, Sequential, Sigmoid, sigmoid, softmax, softmaxCrossEntropy, sub, sum, tensor, type Tensor,
} from '../../src/index.js';
import { region } from '../../src/ops/composite.js';
import { errorOf } from '../support/error-of.js';
import { primitivesOf, recordOps } from '../support/record-ops.js';

const rng = new Rng(99);
function random(shape: number[], scale = 2, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(Array.from({ length: n }, () => scale * (2 * rng.uniform() - 1)), { shape, dtype });
}
const labels = (values: number[]) => tensor(values, { dtype: 'int32' });
/** −Σ_c logSoftmax(z)·onehot: the same loss by another composition. */
const composite = (z: Tensor, y: Tensor) => sum(mul(logSoftmax(z, -1), oneHot(y, z.shape[z.rank - 1], z.dtype)), -1).neg();

describe('softmaxCrossEntropy', () => {
  it('equals −logSoftmax(z)[label] row by row, in float64 and float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const z = random([6, 5], 4, dtype);
      const y = labels([0, 4, 2, 2, 1, 3]);
      const got = softmaxCrossEntropy(z, y);
      expect(got.shape).toEqual([6]);
      expect(got.dtype).toBe(dtype);
      const want = composite(z, y).toArray() as number[];
      (got.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i], dtype === 'float64' ? 12 : 5));
    }
  });
  it('is finite and exact at logits of ±1000, and 0 for one class', () => {
    const z = tensor([[1000, -1000, 0], [-1000, -1000, -1000], [1000, 1000, 1000]], { dtype: 'float64' });
    const l = softmaxCrossEntropy(z, labels([0, 1, 2])).toArray() as number[];
    expect(l[0]).toBe(0);
    expect(l[1]).toBeCloseTo(Math.log(3), 12);
    expect(l[2]).toBeCloseTo(Math.log(3), 12);
    expect(softmaxCrossEntropy(z, labels([1, 1, 1])).data[0]).toBe(2000);
    expect(softmaxCrossEntropy(tensor([[7], [-3]]), labels([0, 0])).toArray()).toEqual([0, 0]);
  });
  it('gives NaN for a row holding NaN, and handles infinite logits as logsumexp does', () => {
    const z = tensor([[1, NaN, 0], [1, 2, 3], [-Infinity, 0, 1]], { dtype: 'float64' });
    const l = softmaxCrossEntropy(z, labels([0, 1, 2])).toArray() as number[];
    expect(Number.isNaN(l[0])).toBe(true);
    expect(l[1]).toBeCloseTo(composite(tensor([[1, 2, 3]], { dtype: 'float64' }), labels([1])).item(), 12);
    expect(l[2]).toBeCloseTo(Math.log(1 + Math.E) - 1, 12);
    // −∞ on the label: the loss is +∞
    expect(softmaxCrossEntropy(tensor([[-Infinity, 0]]), labels([0])).item()).toBe(Infinity);
  });
  it('takes an empty batch and batched leading axes', () => {
    expect(softmaxCrossEntropy(tensor([], { shape: [0, 10] }), labels([])).shape).toEqual([0]);
    const z = random([2, 3, 4]);
    const y = tensor([[0, 1, 2], [3, 3, 0]], { dtype: 'int32' });
    expect(softmaxCrossEntropy(z, y).shape).toEqual([2, 3]);
    const want = composite(z, y).toArray() as number[][];
    (softmaxCrossEntropy(z, y).toArray() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
  });
  it('its gradient is softmax(z) − onehot, scaled per row, and matches the composite’s', () => {
    const z = random([5, 4]).requireGrad();
    const y = labels([3, 0, 1, 1, 2]);
    const w = random([5]);
    const [g] = gradients(sum(mul(softmaxCrossEntropy(z, y), w)), [z]);
    const [want] = gradients(sum(mul(composite(z, y), w)), [z]);
    const a = g.data;
    want.data.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
    const expected = mul(sub(softmax(z, -1), oneHot(y, 4, 'float64')), w.reshape([5, 1])).data;
    expected.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
  });
  it('with leading axes, its gradient is taken along the last axis, and an empty batch gets an empty gradient', () => {
    const z = random([2, 3, 4]).requireGrad();
    const y = tensor([[0, 1, 2], [3, 3, 0]], { dtype: 'int32' });
    const w = random([2, 3]);
    const [g] = gradients(sum(mul(softmaxCrossEntropy(z, y), w)), [z]);
    const [want] = gradients(sum(mul(composite(z, y), w)), [z]);
    expect(g.shape).toEqual([2, 3, 4]);
    want.data.forEach((v, i) => expect(g.data[i]).toBeCloseTo(v, 12));
    const empty = tensor([], { shape: [0, 3], dtype: 'float64' }).requireGrad();
    const [ge] = gradients(sum(softmaxCrossEntropy(empty, labels([]))), [empty]);
    expect(ge.shape).toEqual([0, 3]);
  });
  it('records one graph node named softmaxCrossEntropy, and none without tracked logits or inside noGrad', () => {
    const z = random([2, 3]);
    const y = labels([0, 2]);
    const tracked = softmaxCrossEntropy(z.detach().requireGrad(), y);
    expect(tracked.node?.prim).toBe('softmaxCrossEntropy');
    expect(tracked.node?.def.infer(tracked.node.inputs, {} as never)).toEqual({ shape: [2], dtype: 'float64' });
    expect(tracked.requiresGrad).toBe(true);
    expect(softmaxCrossEntropy(z, y).requiresGrad).toBe(false);
    expect(softmaxCrossEntropy(z, y).node).toBe(null);
    const quiet = noGrad(() => softmaxCrossEntropy(z.detach().requireGrad(), y));
    expect(quiet.requiresGrad).toBe(false);
    expect(quiet.node).toBe(null);
  });
  it('while traced, forms a region of the logits and labels, and its gradient a region of logits, labels and cotangent', () => {
    const z = random([2, 3]).requireGrad();
    const y = labels([0, 2]);
    const { result, events } = recordOps(() => {
      const loss = softmaxCrossEntropy(z, y);
      return { loss, grad: gradients(sum(loss), [z])[0] };
    });
    const enters = events.filter((e) => e.kind === 'enter');
    expect(enters.map((e) => e.kind === 'enter' && e.name)).toEqual(['softmaxCrossEntropy', 'softmaxCrossEntropyGrad']);
    const [forward, backward] = enters.map((e) => (e.kind === 'enter' ? e.inputs : []));
    expect(forward.length).toBe(2);
    expect(forward[0]).toBe(z);
    expect(forward[1]).toBe(y);
    expect(backward.length).toBe(3);
    expect(backward[0]).toBe(z);
    expect(backward[1]).toBe(y);
    expect(backward[2].shape).toEqual([2]);
    const leaves = events.filter((e) => e.kind === 'leave');
    expect(leaves.length).toBe(2);
    expect(leaves[0].kind === 'leave' && leaves[0].output.shape).toEqual([2]);
    expect(leaves[1].kind === 'leave' && leaves[1].output.shape).toEqual([2, 3]);
    expect(result.grad.shape).toEqual([2, 3]);
  });
  it('rejects labels out of range, of the wrong dtype or shape, with one line naming them', () => {
    const z = random([2, 3]);
    expect(errorOf(() => softmaxCrossEntropy(z, labels([0, 3])))).toBe('softmaxCrossEntropy: label 3 is out of range for 3 classes (index 1 of labels of shape [2])');
    expect(errorOf(() => softmaxCrossEntropy(z, labels([0, -1])))).toMatch(/label -1 is out of range/);
    expect(errorOf(() => softmaxCrossEntropy(z, tensor([0, 1])))).toMatch(/softmaxCrossEntropy: labels must be int32 class indices, got float32/);
    expect(errorOf(() => softmaxCrossEntropy(z, labels([0, 1, 2])))).toBe('softmaxCrossEntropy: class indices of shape [3] do not match scores of shape [2,3]');
  });
});

describe('region (a named composite under a trace)', () => {
  it('is its computation eagerly, and under a tracer opens and closes a region around it, even when it throws', () => {
    const x = tensor([1, 2]);
    expect(region('double', [x], () => mul(x, 2)).toArray()).toEqual([2, 4]);
    const { result, events } = recordOps(() => region('double', [x], () => mul(x, tensor([2, 2]))));
    expect(events.map((e) => e.kind)).toEqual(['enter', 'kernel', 'primitive', 'leave']);
    expect(events[0].kind === 'enter' && events[0].name === 'double' && events[0].inputs[0] === x).toBe(true);
    expect(events[3].kind === 'leave' && events[3].output === result).toBe(true);
    const failing = recordOps(() => errorOf(() => region('broken', [x], () => { throw new Error('inside'); })));
    expect(failing.result).toBe('inside');
    expect(failing.events.map((e) => e.kind)).toEqual(['enter', 'leave']);
  });
});

describe('linear', () => {
  it('equals matmul(x, wᵀ) + b, and its gradients match the composite’s', () => {
    const x = random([4, 3]).requireGrad();
    const w = random([5, 3]).requireGrad();
    const b = random([5]).requireGrad();
    const y = linear(x, w, b);
    const want = add(matmul(x, w, { transB: true }), b);
    expect(y.shape).toEqual([4, 5]);
    want.data.forEach((v, i) => expect(y.data[i]).toBe(v));
    const r = random([4, 5]);
    const got = gradients(sum(mul(y, r)), [x, w, b]);
    const ref = gradients(sum(mul(want, r)), [x, w, b]);
    got.forEach((g, i) => ref[i].data.forEach((v, j) => expect(g.data[j]).toBeCloseTo(v, 12)));
  });
  it('without a bias is the product alone, and nn.Sequential(Linear, Sigmoid, Linear) composes it', () => {
    const x = random([4, 3]);
    const w = random([5, 3]);
    matmul(x, w, { transB: true }).data.forEach((v, i) => expect(linear(x, w).data[i]).toBe(v));
    const net = new Sequential(new Linear(3, 5, { seed: 3, dtype: 'float64' }), new Sigmoid(), new Linear(5, 2, { seed: 4, dtype: 'float64' }));
    const [l0, , l2] = net.layers as [Linear, Sigmoid, Linear];
    const want = linear(sigmoid(add(matmul(x, l0.weight, { transB: true }), l0.bias!)), l2.weight, l2.bias!);
    want.data.forEach((v, i) => expect(net.forward(x).data[i]).toBe(v));
  });
  it('handles an empty batch, size-1 shapes, ±1000 and NaN', () => {
    expect(linear(tensor([], { shape: [0, 3] }), random([2, 3], 1, 'float32'), random([2], 1, 'float32')).shape).toEqual([0, 2]);
    expect(linear(tensor([[2]]), tensor([[3]]), tensor([1])).toArray()).toEqual([[7]]);
    expect(linear(tensor([[1000, -1000]]), tensor([[1000, 1000]]), tensor([0])).toArray()).toEqual([[0]]);
    expect(Number.isNaN(linear(tensor([[NaN, 1]]), tensor([[1, 1]]), tensor([0])).item())).toBe(true);
  });
  it('takes a single vector as input, and without a bias runs the product alone', () => {
    const x = random([3]);
    const w = random([5, 3]);
    const b = random([5]);
    const y = linear(x, w, b);
    expect(y.shape).toEqual([5]);
    add(matmul(w, x), b).data.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 14));
    expect(primitivesOf(() => linear(random([2, 3]), w))).toEqual(['matmul']);
  });
  it('rejects shapes that do not fit, naming all three', () => {
    expect(errorOf(() => linear(random([4, 3]), random([5, 2])))).toBe('linear: input [4,3], weight [5,2] and no bias do not fit (expected [..., k], [n, k], [n])');
    expect(errorOf(() => linear(random([4, 3]), random([5, 3, 3])))).toMatch(/^linear: input \[4,3\], weight \[5,3,3\] and no bias do not fit/);
    expect(errorOf(() => linear(random([5, 3]), random([5, 3]), random([5, 1])))).toMatch(/^linear: input \[5,3\], weight \[5,3\] and bias \[5,1\] do not fit/);
    expect(errorOf(() => linear(random([4, 3]), random([5, 3], 1, 'float32')))).toBe('linear: dtypes float64, float32 differ');
    expect(errorOf(() => linear(random([4, 3]), random([5, 3]), random([5], 1, 'float32')))).toBe('linear: dtypes float64, float64, float32 differ');
    expect(errorOf(() => linear(random([4, 3]), random([5, 2]), random([5])))).toBe('linear: input [4,3], weight [5,2] and bias [5] do not fit (expected [..., k], [n, k], [n])');
    expect(errorOf(() => linear(random([4, 3]), random([5, 3]), random([4])))).toMatch(/linear: input \[4,3\], weight \[5,3\] and bias \[4\]/);
    expect(errorOf(() => linear(random([4, 3]), random([5, 3], 1, 'float32'), random([5])))).toBe('linear: dtypes float64, float32, float64 differ');
  });
});
