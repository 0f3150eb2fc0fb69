// The linear rules trained as written: online updates w ← w + η(y − ỹ(s))x from zero, on seeded 2-D data or a CSV.

import { describe, expect, it } from 'vitest';
import {
  boundaryEpochs, boundarySpec, linearDataset, linearHistorySpec, linearRules, parseLabelledCsv, trainLinearRule,
} from '../../src/labs/index.js';
import { renderChecked } from '../plot/render-checked.js';

describe('linearRules', () => {
  it('predicts sign(s), s and tanh(s)', () => {
    expect([-2, 0, 3].map(linearRules.perceptron.predict)).toEqual([-1, 0, 1]);
    expect(linearRules.adaline.predict(-0.3)).toBe(-0.3);
    expect(linearRules.logistic.predict(0.5)).toBe(Math.tanh(0.5));
  });
});

describe('trainLinearRule', () => {
  it('runs the update exactly as written on a hand-checked example', () => {
    // from w = 0, b = 0: point (1, 2), y = 1 gives s = 0, sign 0, step η·1 = 0.5 → w = (0.5, 1), b = 0.5;
    // point (−1, 0), y = −1 gives s = 0, step 0.5·(−1 − 0) → w = (1, 1), b = 0
    const t = trainLinearRule('perceptron', { x: [[1, 2], [-1, 0]], y: [1, -1] }, { lr: 0.5, epochs: 1 });
    expect(t.weights).toEqual({ w: [1, 1], b: 0 });
    expect(t.history[0]!.mistakes).toBe(2);
    const a = trainLinearRule('adaline', { x: [[1, 2]], y: [1] }, { lr: 0.1, epochs: 1 });
    expect(a.weights.w[0]).toBeCloseTo(0.1, 15);
    expect(a.weights.w[1]).toBeCloseTo(0.2, 15);
    expect(a.weights.b).toBeCloseTo(0.1, 15);
  });

  it('the perceptron reaches zero mistakes on separable data, and stops there', () => {
    const t = trainLinearRule('perceptron', linearDataset('separable', { seed: 1 }), { lr: 0.1, epochs: 100 });
    expect(t.converged).toBe(true);
    expect(t.history[t.history.length - 1]!.mistakes).toBe(0);
    expect(t.history.length).toBeLessThan(100);
    expect(t.accuracy).toBe(1);
  });

  it('the perceptron never converges on overlapping or XOR data', () => {
    for (const kind of ['overlapping', 'xor'] as const) {
      const t = trainLinearRule('perceptron', linearDataset(kind, { seed: 1 }), { lr: 0.1, epochs: 50 });
      expect(t.converged).toBe(false);
      expect(t.history).toHaveLength(50);
      expect(Math.min(...t.history.map((e) => e.mistakes))).toBeGreaterThan(0);
    }
  });

  it('Adaline and the tanh rule lower their loss on overlapping data', () => {
    for (const rule of ['adaline', 'logistic'] as const) {
      const t = trainLinearRule(rule, linearDataset('overlapping', { seed: 2 }), { lr: 0.01, epochs: 30 });
      expect(t.history[t.history.length - 1]!.loss).toBeLessThan(t.history[0]!.loss);
      expect(t.accuracy).toBeGreaterThan(0.75);
    }
  });

  it('reports the mean of the rule loss, e.g. (y − s)²/2 for Adaline', () => {
    const data = { x: [[1, 0], [0, 1]] as [number, number][], y: [1, -1] };
    const t = trainLinearRule('adaline', data, { lr: 0.1, epochs: 1 });
    const { w, b } = t.weights;
    const s = data.x.map(([x1, x2]) => b + w[0] * x1 + w[1] * x2);
    expect(t.history[0]!.loss).toBeCloseTo(((1 - s[0]!) ** 2 / 2 + (-1 - s[1]!) ** 2 / 2) / 2, 14);
  });

  it('flags divergence of Adaline with too large a step', () => {
    const t = trainLinearRule('adaline', linearDataset('overlapping'), { lr: 5, epochs: 200 });
    expect(t.diverged).toBe(true);
    expect(t.history.length).toBeLessThan(200);
  });

  it('rejects bad options and data with one-line reasons', () => {
    const data = linearDataset('separable', { n: 4 });
    expect(() => trainLinearRule('perceptron', data, { epochs: 0 })).toThrow(/epochs must be an integer from 1 to 10000/);
    expect(() => trainLinearRule('perceptron', data, { epochs: 1e6 })).toThrow(/from 1 to 10000/);
    expect(() => trainLinearRule('perceptron', data, { lr: 0 })).toThrow(/learning rate must be a positive number/);
    expect(() => trainLinearRule('perceptron', { x: [], y: [] })).toThrow(/no data points/);
    expect(() => trainLinearRule('perceptron', { x: [[0, 0]], y: [0] })).toThrow(/label of point 1 must be −1 or \+1/);
    expect(() => trainLinearRule('perceptron', { x: [[0, Number.NaN]], y: [1] })).toThrow(/point 1 is not two finite numbers/);
  });
});

describe('linearDataset', () => {
  it('is seeded, sized and labelled ±1', () => {
    const a = linearDataset('xor', { n: 37, seed: 4 });
    expect(a.x).toHaveLength(37);
    expect(new Set(a.y)).toEqual(new Set([1, -1]));
    expect(linearDataset('xor', { n: 37, seed: 4 })).toEqual(a);
    expect(linearDataset('xor', { n: 37, seed: 5 })).not.toEqual(a);
  });

  it('separable points keep a margin from the line x₂ = 0.5x₁ + 0.3, on the side of their label', () => {
    const d = linearDataset('separable', { n: 300 });
    d.x.forEach(([x1, x2], i) => {
      const dist = (x2 - 0.5 * x1 - 0.3) / Math.hypot(1, 0.5);
      expect(Math.abs(dist)).toBeGreaterThanOrEqual(0.1);
      expect(Math.sign(dist)).toBe(d.y[i]);
    });
  });

  it('bounds the size: one point works, too many is refused', () => {
    expect(linearDataset('overlapping', { n: 1 }).x).toHaveLength(1);
    expect(() => linearDataset('overlapping', { n: 0 })).toThrow(/from 1 to 100000/);
    expect(() => linearDataset('overlapping', { n: 200_000 })).toThrow(/from 1 to 100000/);
  });
});

describe('parseLabelledCsv', () => {
  it('reads rows x1,x2,y with an optional header, blank lines and comments', () => {
    expect(parseLabelledCsv('x1,x2,y\n\n0, 1, 1\n# note\n2,-0.5,-1\n')).toEqual({ x: [[0, 1], [2, -0.5]], y: [1, -1] });
    expect(parseLabelledCsv('1,2,1')).toEqual({ x: [[1, 2]], y: [1] });
  });

  it('names the line of a bad row or label', () => {
    expect(() => parseLabelledCsv('x1,x2,y\n1,2\n')).toThrow(/^line 2: expected three numbers x1,x2,y, got "1,2"$/);
    expect(() => parseLabelledCsv('1,2,0')).toThrow(/^line 1: the label must be -1 or 1, got 0$/);
    expect(() => parseLabelledCsv('1,2,1\nx,2,1')).toThrow(/^line 2: expected three numbers/);
    expect(() => parseLabelledCsv('x1,x2,y\n')).toThrow(/no data rows/);
  });
});

describe('linear charts', () => {
  it('draws at most 8 boundaries, always the first and last epoch', () => {
    expect(boundaryEpochs(3)).toEqual([1, 2, 3]);
    expect(boundaryEpochs(30)).toEqual([1, 5, 9, 13, 18, 22, 26, 30]);
    expect(boundaryEpochs(1)).toEqual([1]);
  });

  it('renders the boundary and history charts without warnings', async () => {
    const data = linearDataset('xor', { n: 40 });
    const t = trainLinearRule('perceptron', data, { epochs: 12 });
    expect(t.history).toHaveLength(12);
    const boundary = await renderChecked(boundarySpec(data, t, 'perceptron test'));
    // the legend lists the epochs drawn: 1, 3, 4, 6, 7, 9, 10, 12
    expect(boundary.texts).toEqual(expect.arrayContaining(['perceptron test', 'x₁', 'x₂', 'y = +1', 'y = −1', 'boundary after epoch', ...boundaryEpochs(12).map(String)]));
    const history = await renderChecked(linearHistorySpec(t, 'history test'));
    expect(history.texts).toEqual(expect.arrayContaining(['history test', 'Epoch', 'Mean loss', 'Mistakes in the epoch']));
  });
});
