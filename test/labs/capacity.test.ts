// The capacity lab: the z² construction is exact to rounding; trained, square reaches the Bayes rate and identity cannot.

import { describe, expect, it } from 'vitest';
import { noGrad, tensor } from '../../src/index.js';
import {
  capacityConstruction, capacityRegionSpec, constructionWeights, loadProductWeights, productData, productNetwork, productWeightsOf, trainCapacity,
} from '../../src/labs/index.js';
import { renderChecked } from '../plot/render-checked.js';

describe('capacityConstruction', () => {
  it.each([
    [0.5, 4], [-1, 10], [3, -0.1], [0, 1], [0, 0], [2, 1e3],
  ])('β₀ = %d, β₁ = %d: the logit equals β₀ + β₁x₁x₂ to float64 rounding', (beta0, beta1) => {
    const c = capacityConstruction({ beta0, beta1 });
    // four terms of size |β₁|(x₁² + x₂²)/4 ≤ 4.5|β₁| each, rounded once or twice: a few ulps of that
    const ulp = Number.EPSILON * Math.max(1, 18 * Math.abs(beta1) + Math.abs(beta0));
    expect(c.maxError).toBeLessThanOrEqual(8 * ulp);
    if (beta1 === 0) expect(c.maxError).toBe(0);
  });

  it('has the weights of the construction: (1, 1), (1, −1), biases 0, output (β₁/4, −β₁/4), bias β₀', () => {
    expect(constructionWeights({ beta0: 0.5, beta1: 4 })).toEqual({ W1: [[1, 1], [1, -1]], b1: [0, 0], W2: [[1, -1]], b2: [0.5] });
    expect(capacityConstruction({ beta0: -2, beta1: 6 }).weights).toEqual({ W1: [[1, 1], [1, -1]], b1: [0, 0], W2: [[1.5, -1.5]], b2: [-2] });
  });

  it('is a real nabla network: Linear → Square → Linear, whose weights round-trip', () => {
    const net = productNetwork('square');
    expect(net.layers.map((l) => l.constructor.name)).toEqual(['Linear', 'Square', 'Linear']);
    const w = constructionWeights({ beta0: 1, beta1: 2 });
    loadProductWeights(net, w);
    expect(productWeightsOf(net)).toEqual(w);
    // x = (3, −2): 1 + 2·3·(−2) = −11
    expect(noGrad(() => net.forward(tensor([[3, -2]], { dtype: 'float64' }))).item()).toBe(-11);
  });

  it('rejects a non-finite or enormous β', () => {
    expect(() => capacityConstruction({ beta0: Number.NaN, beta1: 1 })).toThrow(/β₀ must be a finite number/);
    expect(() => capacityConstruction({ beta0: 0, beta1: 1e9 })).toThrow(/β₁ must be a finite number of magnitude at most 1e6/);
  });
});

describe('productData', () => {
  it('draws labels 0/1 whose frequency follows σ(β₀ + β₁x₁x₂), and Bayes labels from the sign of the logit', () => {
    const d = productData({ beta0: 0, beta1: 0 }, 4000, 3);
    const mean = [...d.y.data].reduce((t, v) => t + v, 0) / 4000;
    expect(mean).toBeGreaterThan(0.46);
    expect(mean).toBeLessThan(0.54);
    const e = productData({ beta0: 0.5, beta1: 4 }, 50, 1);
    const x = e.x.data;
    e.bayes.forEach((b, i) => expect(b).toBe(0.5 + 4 * x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0));
  });
});

describe('trainCapacity', () => {
  const model = { beta0: 0.5, beta1: 4 };
  const fits = trainCapacity(model, ['square', 'identity', 'relu'], { seed: 1 });
  const by = Object.fromEntries(fits.map((f) => [f.activation, f]));

  it('trains square to the Bayes rate, and beats identity by a wide margin (seed 1)', () => {
    expect(by.square!.accuracy).toBeGreaterThan(by.square!.bayesAccuracy - 0.02);
    expect(by.square!.accuracy - by.identity!.accuracy).toBeGreaterThan(0.2);
    expect(by.square!.loss).toBeLessThan(by.identity!.loss - 0.3);
  });

  it('leaves identity no better than a constant guess: the logit is linear in x', () => {
    // the share of the majority label among test points bounds what a linear rule does on x₁x₂ data
    expect(by.identity!.accuracy).toBeLessThan(0.7);
    expect(by.identity!.loss).toBeGreaterThan(0.65);
  });

  it('scores every network against the same Bayes accuracy on the same test points', () => {
    expect(new Set(fits.map((f) => f.bayesAccuracy)).size).toBe(1);
    expect(by.square!.bayesAccuracy).toBeGreaterThan(0.8);
  });

  it('charts a decision region with the learned and Bayes boundaries', async () => {
    const { texts } = await renderChecked(capacityRegionSpec(model, by.square!));
    expect(texts).toEqual(expect.arrayContaining(['x₁', 'x₂', 'predicts 1', 'predicts 0', 'y = 1', 'y = 0', 'learned', 'Bayes']));
    expect(texts.some((t) => /^g = square: test accuracy \d+\.\d% \(Bayes \d+\.\d%\)$/.test(t))).toBe(true);
  });

  it('restarts escape a local minimum of the z² network (β = (1, −5), seed 3)', () => {
    const once = trainCapacity({ beta0: 1, beta1: -5 }, ['square'], { seed: 3 })[0]!;
    const best = trainCapacity({ beta0: 1, beta1: -5 }, ['square'], { seed: 3, restarts: 3 })[0]!;
    // one start stops with both output weights of one sign; the best of three reaches the Bayes rate
    expect(Math.sign(once.weights.W2[0]![0]!)).toBe(Math.sign(once.weights.W2[0]![1]!));
    expect(once.accuracy).toBeLessThan(once.bayesAccuracy - 0.05);
    expect(best.trainLoss).toBeLessThan(once.trainLoss);
    expect(best.accuracy).toBeGreaterThan(best.bayesAccuracy - 0.02);
  });

  it('rejects out-of-range sizes and steps', () => {
    expect(() => trainCapacity(model, ['square'], { restarts: 11 })).toThrow(/restarts must be an integer from 1 to 10/);
    expect(() => trainCapacity(model, ['square'], { epochs: 0 })).toThrow(/epochs must be an integer from 1 to 20000/);
    expect(() => trainCapacity(model, ['square'], { trainSize: 1e6 })).toThrow(/training points must be an integer from 1 to 100000/);
    expect(() => trainCapacity(model, ['square'], { lr: -1 })).toThrow(/learning rate must be a positive number/);
  });
});
