// Specification of the losses against hand-computed values, both reductions, stability, and finite differences.

import { describe, expect, it } from 'vitest';
import { backward, checkGradients, grad, gradients } from '../../src/autodiff/index.js';
import { bce, bceWithLogits, crossEntropy, mse, nll } from '../../src/nn/losses.js';
import { logSoftmax, sigmoid } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const labels = (v: number[]) => tensor(v, { dtype: 'int32' });
const logSumExp = (row: number[]) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));

// two samples, three classes
const logits = [[1, 2, 3], [0.5, -1, 0.25]];
const classes = [2, 0];
// −log softmax(z)_y = logsumexp(z) − z_y
const ceRows = logits.map((row, i) => logSumExp(row) - row[classes[i]]);

describe('crossEntropy', () => {
  it('is logsumexp(z) − z_y per sample, averaged by default (int32 targets)', () => {
    expect(ceRows[0]).toBeCloseTo(0.4076059644443803, 14); // log(e + e² + e³) − 3
    expect(crossEntropy(f64(logits), labels(classes)).item()).toBeCloseTo((ceRows[0] + ceRows[1]) / 2, 14);
  });

  it('adds over the batch with reduction sum', () => {
    expect(crossEntropy(f64(logits), labels(classes), { reduction: 'sum' }).item()).toBeCloseTo(ceRows[0] + ceRows[1], 14);
  });

  it('gives the same value for one-hot targets as for class indices', () => {
    const oneHot = f64([[0, 0, 1], [1, 0, 0]]);
    expect(crossEntropy(f64(logits), oneHot).item()).toBeCloseTo(crossEntropy(f64(logits), labels(classes)).item(), 14);
    expect(crossEntropy(f64(logits), oneHot, { reduction: 'sum' }).item()).toBeCloseTo(ceRows[0] + ceRows[1], 14);
  });

  it('takes soft targets: −Σ_c t_c log softmax(z)_c', () => {
    const t = [0.25, 0.25, 0.5];
    const expected = -t.reduce((s, tc, c) => s + tc * (logits[0][c] - logSumExp(logits[0])), 0);
    expect(crossEntropy(f64([logits[0]]), f64([t])).item()).toBeCloseTo(expected, 14);
  });

  it('is stable and exact at logits of ±1000 (float32)', () => {
    const rows = [[1000, -1000, 0], [1000, -1000, 0], [1000, 1000, -1000]];
    const targets = [0, 1, 0];
    // logsumexp − z_y: 1000 − 1000 = 0; 1000 − (−1000) = 2000; (1000 + log 2) − 1000 = log 2
    const expected = [0, 2000, Math.LN2];
    rows.forEach((row, i) => expect(crossEntropy(tensor([row]), labels([targets[i]])).item()).toBeCloseTo(expected[i], 6));
    const total = crossEntropy(tensor(rows), labels(targets), { reduction: 'sum' }).item();
    expect(total).toBeCloseTo(2000 + Math.LN2, 3);
  });

  it('has a finite gradient softmax(z) − onehot at logits of ±1000', () => {
    const z = tensor([[1000, -1000, 0]], { requiresGrad: true });
    backward(crossEntropy(z, labels([1])));
    expect(Array.from(z.grad!.data)).toEqual([1, -1, 0]);
  });

  it('rejects targets whose shape does not fit the logits', () => {
    expect(() => crossEntropy(f64(logits), labels([0, 1, 2]))).toThrow(/class indices of shape \[3\] do not match scores of shape \[2,3\]/);
    expect(() => crossEntropy(f64(logits), f64([[1, 0], [0, 1]]))).toThrow(/one-hot targets of shape \[2,2\] do not match/);
  });

  it('rejects a class index out of range', () => {
    expect(() => crossEntropy(f64(logits), labels([3, 0]))).toThrow(/label 3 is out of range for 3 classes/);
  });
});

describe('nll', () => {
  it('is −log p_y of log-probabilities, so nll(logSoftmax(z)) = crossEntropy(z)', () => {
    const lp = logSoftmax(f64(logits), -1);
    expect(nll(lp, labels(classes)).item()).toBeCloseTo((ceRows[0] + ceRows[1]) / 2, 14);
    expect(nll(lp, labels(classes), { reduction: 'sum' }).item()).toBeCloseTo(ceRows[0] + ceRows[1], 14);
  });

  it('reads the given log-probabilities directly (hand-computed)', () => {
    const lp = f64([[Math.log(0.2), Math.log(0.8)], [Math.log(0.5), Math.log(0.5)]]);
    expect(nll(lp, labels([1, 0])).item()).toBeCloseTo(-(Math.log(0.8) + Math.log(0.5)) / 2, 14);
    expect(nll(lp, f64([[0, 1], [1, 0]]), { reduction: 'sum' }).item()).toBeCloseTo(-(Math.log(0.8) + Math.log(0.5)), 14);
  });
});

describe('mse', () => {
  it('averages the squared error over every element (as torch.nn.MSELoss)', () => {
    // errors 0.5, −1, 2, 0 → squares 0.25, 1, 4, 0
    const p = f64([[1.5, 0], [3, 4]]);
    const t = f64([[1, 1], [1, 4]]);
    expect(mse(p, t).item()).toBeCloseTo(5.25 / 4, 14);
    expect(mse(p, t, { reduction: 'sum' }).item()).toBeCloseTo(5.25, 14);
  });

  it('one-hot encodes int32 class targets against [B, C] predictions', () => {
    const p = f64([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]]);
    // targets [1, 0]: (0.01 + 0.09 + 0.04) + (0.16 + 0.09 + 0.01)
    expect(mse(p, labels([1, 0]), { reduction: 'sum' }).item()).toBeCloseTo(0.4, 14);
    expect(mse(p, labels([1, 0])).item()).toBeCloseTo(0.4 / 6, 14);
  });

  it('rejects mismatched shapes', () => {
    expect(() => mse(f64([1, 2, 3]), f64([1, 2]))).toThrow(/mse: target of shape \[2\] does not match prediction of shape \[3\]/);
  });
});

describe('bce', () => {
  it('is −(y log p + (1−y) log(1−p)), mean or sum (hand-computed)', () => {
    const p = f64([0.9, 0.2, 0.6]);
    const y = f64([1, 0, 0.5]);
    const rows = [-Math.log(0.9), -Math.log(0.8), -(0.5 * Math.log(0.6) + 0.5 * Math.log(0.4))];
    expect(bce(p, y).item()).toBeCloseTo((rows[0] + rows[1] + rows[2]) / 3, 14);
    expect(bce(p, y, { reduction: 'sum' }).item()).toBeCloseTo(rows[0] + rows[1] + rows[2], 14);
  });

  it('clamps each log at −100, as PyTorch, so p = 0 or 1 gives 100, not ∞ or NaN', () => {
    expect(bce(f64([0]), f64([1])).item()).toBe(100);
    expect(bce(f64([1]), f64([0])).item()).toBe(100);
    // a confident right answer costs nothing: 0·(−100) is 0, not 0·(−∞) = NaN
    expect(bce(f64([1, 0]), f64([1, 0]), { reduction: 'sum' }).item()).toBe(0);
    expect(bce(tensor([0, 1]), tensor([1, 0]), { reduction: 'sum' }).item()).toBe(200);
  });

  it('rejects mismatched shapes', () => {
    expect(() => bce(f64([0.5, 0.5]), f64([1]))).toThrow(/bce: target of shape \[1\] does not match/);
  });

  it('has finite gradients where a probability is exactly 0 or 1 (sigmoid(±20) in float32), as PyTorch', () => {
    // float32 sigmoid(20) rounds to 1: the clamped log(1 − p) must not send 0/0 back through log
    const dz = grad((z: Tensor) => bce(sigmoid(z), tensor([1, 0])))(tensor([20, -20]));
    expect(dz.data[0] === 0).toBe(true); // PyTorch: 0 (here −0, the same gradient) (σ'(20) is 0 in float32)
    expect(dz.data[1]).toBeCloseTo(1.03e-9, 11); // PyTorch: 1.0306e-09 = σ(−20)/2
  });

  it('is flat (gradient 0) where a log is clamped at −100, and finite for the target too', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const p = tensor([0, 1, 0, 1, 1e-300 * (dtype === 'float64' ? 1 : 0)], { dtype, requiresGrad: true });
      const y = tensor([1, 0, 0, 1, 1], { dtype, requiresGrad: true });
      const [dp, dy] = gradients(bce(p, y, { reduction: 'sum' }), [p, y]);
      // the value is the clamp: 100 for a wrong certainty, 0 for a right one
      expect(bce(p, y, { reduction: 'sum' }).item()).toBe(300);
      // a wrong certainty sits on the clamp (flat: 0); a right one has ∂/∂p = (1−y)/(1−p) − y/p = ±1
      expect(Array.from(dp.data).every(Number.isFinite), `dp ${dtype} ${Array.from(dp.data)}`).toBe(true);
      expect(Array.from(dp.data, (v) => v + 0)).toEqual([0, 0, 1, -1, 0]); // + 0: −0 counts as 0
      // ∂/∂y = log(1−p) − log p, both clamped: ±100 at the edges
      expect(Array.from(dy.data)).toEqual([100, -100, 100, -100, 100]);
    }
  });

  it('propagates NaN (a NaN probability is not hidden by the clamp) and handles empty input', () => {
    const p = tensor([Number.NaN, 0.5], { dtype: 'float64', requiresGrad: true });
    const loss = bce(p, f64([1, 0]), { reduction: 'sum' });
    expect(loss.item()).toBeNaN();
    const [dp] = gradients(loss, [p]);
    expect(dp.data[0]).toBeNaN();
    expect(dp.data[1]).toBeCloseTo(2, 14); // (1−y)/(1−p) = 2
    expect(bce(f64([]), f64([]), { reduction: 'sum' }).item()).toBe(0);
    expect(bce(f64([]), f64([])).item()).toBeNaN(); // the mean of nothing, as PyTorch
  });

  it('agrees with finite differences close to 0 and 1 (away from the clamp), to second order, float64', () => {
    const near = f64([[1e-3, 0.999, 0.5], [2e-4, 0.9999, 0.05]]);
    const target = f64([[1, 0, 0.3], [1, 1, 0]]);
    for (const order of [1, 2] as const) {
      const r = checkGradients((x) => bce(x, target), [near], { order, eps: 1e-8 });
      expect(r.checked).toBeGreaterThan(0);
      expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    }
  });
});

describe('bceWithLogits', () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  it('equals bce(sigmoid(z), y) for moderate logits', () => {
    const z = [-2, 0, 0.5, 3];
    const y = [0, 1, 1, 0.25];
    const expected = z.map((zi, i) => -(y[i] * Math.log(sigmoid(zi)) + (1 - y[i]) * Math.log(1 - sigmoid(zi))));
    expect(bceWithLogits(f64(z), f64(y)).item()).toBeCloseTo(expected.reduce((a, b) => a + b) / 4, 13);
    expect(bceWithLogits(f64(z), f64(y), { reduction: 'sum' }).item()).toBeCloseTo(expected.reduce((a, b) => a + b), 13);
  });

  it('is exact at logits of ±1000 (float32): softplus(z) − y·z', () => {
    const z = tensor([1000, -1000, 1000, -1000]);
    const y = tensor([1, 0, 0, 1]);
    // right answers cost 0, wrong ones |z| = 1000
    expect(bceWithLogits(z, y, { reduction: 'sum' }).item()).toBe(2000);
    expect(bceWithLogits(tensor([1000, -1000]), tensor([1, 0])).item()).toBe(0);
  });

  it('has a finite gradient σ(z) − y at ±1000', () => {
    const z = tensor([1000, -1000], { requiresGrad: true });
    backward(bceWithLogits(z, tensor([0, 0]), { reduction: 'sum' }));
    expect(Array.from(z.grad!.data)).toEqual([1, 0]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => bceWithLogits(f64([1, 2]), f64([[1, 0]]))).toThrow(/bceWithLogits: target of shape \[1,2\] does not match logits of shape \[2\]/);
  });
});

describe('loss gradients agree with finite differences (float64)', () => {
  const z = f64([[0.3, -1.2, 0.8], [1.1, 0.2, -0.4]]);
  const soft = f64([[0.2, 0.5, 0.3], [0, 0, 1]]);
  const probs = f64([[0.3, 0.6, 0.1], [0.8, 0.15, 0.05]]);
  const binary = f64([[1, 0, 0.5], [0, 1, 1]]);
  const cases: Array<[string, (x: Tensor) => Tensor, Tensor]> = [];
  for (const reduction of ['mean', 'sum'] as const) {
    cases.push(
      [`crossEntropy int32 ${reduction}`, (x) => crossEntropy(x, labels([1, 2]), { reduction }), z],
      [`crossEntropy soft ${reduction}`, (x) => crossEntropy(x, soft, { reduction }), z],
      [`nll ${reduction}`, (x) => nll(x, labels([0, 2]), { reduction }), z],
      [`mse ${reduction}`, (x) => mse(x, soft, { reduction }), z],
      [`mse int32 ${reduction}`, (x) => mse(x, labels([2, 0]), { reduction }), z],
      [`bce ${reduction}`, (x) => bce(x, binary, { reduction }), probs],
      [`bceWithLogits ${reduction}`, (x) => bceWithLogits(x, binary, { reduction }), z],
    );
  }
  it.each(cases)('%s', (_name, loss, at) => {
    const r = checkGradients(loss, [at]);
    expect(r.checked).toBe(at.size);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });

  it('and to second order for crossEntropy', () => {
    const r = checkGradients((x) => crossEntropy(x, labels([1, 2])), [z], { order: 2 });
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
});

describe('loss argument checks name the loss, and every rank works on the last axis', () => {
  it('crossEntropy refuses a label out of range, naming itself, for any rank of logits', () => {
    expect(() => crossEntropy(f64([[1, 2, 3], [0, 1, 0]]), labels([3, 0]))).toThrow(
      'crossEntropy: label 3 is out of range for 3 classes (index 0 of labels of shape [2])',
    );
    const batchOfSequences = tensor([[[1, 2, 3], [0, 1, 0]]], { dtype: 'float64' });
    expect(() => crossEntropy(batchOfSequences, tensor([[2, -1]], { dtype: 'int32' }))).toThrow(
      'crossEntropy: label -1 is out of range for 3 classes (index 1 of labels of shape [1,2])',
    );
    expect(() => crossEntropy(f64([1, 2, 3]), tensor(5, { dtype: 'int32' }))).toThrow('crossEntropy: label 5 is out of range for 3 classes');
  });

  it('crossEntropy refuses scalar logits (no class axis) with a clear message', () => {
    expect(() => crossEntropy(tensor(1.5), tensor([0], { dtype: 'int32' }).reshape([]))).toThrow(
      'crossEntropy: class indices of shape [] do not match scores of shape []',
    );
  });

  it('crossEntropy and nll refuse targets of the wrong shape, naming the loss and both shapes', () => {
    expect(() => crossEntropy(f64([[1, 2, 3]]), tensor([1]))).toThrow('crossEntropy: one-hot targets of shape [1] do not match scores of shape [1,3]');
    expect(() => nll(f64([[1, 2, 3]]), tensor([1]))).toThrow('nll: one-hot targets of shape [1] do not match scores of shape [1,3]');
    expect(() => nll(f64([[1, 2, 3]]), labels([1, 2]))).toThrow('nll: class indices of shape [2] do not match scores of shape [1,3]');
  });

  it('mse refuses mismatched targets with the message for their kind', () => {
    expect(() => mse(f64([[1, 2, 3]]), tensor([1]))).toThrow('mse: target of shape [1] does not match prediction of shape [1,3]');
    expect(() => mse(f64([[1, 2, 3]]), labels([1, 2]))).toThrow('mse: class indices of shape [2] do not match scores of shape [1,3]');
  });

  it('mse compares int32 targets of the prediction’s own shape value by value (no one-hot)', () => {
    expect(mse(f64([1, 2]), labels([1, 4])).item()).toBe(2);
  });

  it('nll of int32 labels equals crossEntropy of the logits', () => {
    const z = f64([[1, 2, 3], [0, 1, 0]]);
    expect(nll(logSoftmax(z, -1), labels([2, 0])).item()).toBeCloseTo(crossEntropy(z, labels([2, 0])).item(), 12);
  });

  it('crossEntropy with probability targets and nll reduce over the last axis of rank-3 scores', () => {
    // two sequences of one step; per position −Σ t log softmax(z)
    const z = tensor([[[1, 2, 3]], [[0, 0, 0]]], { dtype: 'float64' });
    const t = tensor([[[0, 0, 1]], [[0.5, 0.5, 0]]], { dtype: 'float64' });
    const perPosition = [logSumExp([1, 2, 3]) - 3, Math.log(3)];
    expect(crossEntropy(z, t, { reduction: 'sum' }).item()).toBeCloseTo(perPosition[0] + perPosition[1], 12);
    expect(crossEntropy(z, t).item()).toBeCloseTo((perPosition[0] + perPosition[1]) / 2, 12);
    expect(nll(logSoftmax(z, -1), t, { reduction: 'sum' }).item()).toBeCloseTo(perPosition[0] + perPosition[1], 12);
    expect(nll(logSoftmax(z, -1), tensor([[2], [0]], { dtype: 'int32' })).item()).toBeCloseTo((perPosition[0] + Math.log(3)) / 2, 12);
  });
});
