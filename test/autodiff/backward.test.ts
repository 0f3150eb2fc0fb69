// Specification of backward(): accumulation into .grad, zeroGrad, detach, noGrad, leaves only, and a logistic regression trained by hand.

import { describe, expect, it } from 'vitest';
import {
  backward, concat, enableGrad, full, gradients, isGradEnabled, matmul, noGrad, randn, sigmoid, softplus, tensor, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const f64 = (v: number | number[] | number[][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

describe('backward', () => {
  it('fills .grad of the leaves with ∂output/∂leaf', () => {
    const x = f64([1, 2, 3], true);
    const y = f64([4, 5, 6], true);
    x.mul(y).sum().backward();
    expect(x.grad?.toArray()).toEqual([4, 5, 6]);
    expect(y.grad?.toArray()).toEqual([1, 2, 3]);
  });

  it('sums over every path through the graph', () => {
    // z = a·b + a + a² ⇒ ∂z/∂a = b + 1 + 2a
    const a = f64(3, true);
    const b = f64(5, true);
    a.mul(b).add(a).add(a.mul(a)).backward();
    expect(a.grad?.item()).toBe(5 + 1 + 6);
    expect(b.grad?.item()).toBe(3);
  });

  it('accumulates into .grad across calls, as PyTorch does', () => {
    const x = f64([1, 2], true);
    const loss = () => x.mul(x).sum();
    loss().backward();
    expect(x.grad?.toArray()).toEqual([2, 4]);
    loss().backward();
    expect(x.grad?.toArray()).toEqual([4, 8]);
    // the same graph walked twice accumulates too
    const y = x.mul(3).sum();
    y.backward();
    y.backward();
    expect(x.grad?.toArray()).toEqual([10, 14]);
  });

  it('zeroGrad clears the gradient so the next backward starts afresh', () => {
    const x = f64([1, 2], true);
    x.mul(x).sum().backward();
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(5).sum().backward();
    expect(x.grad?.toArray()).toEqual([5, 5]);
  });

  it('gives .grad only to leaves that require it', () => {
    const x = f64([1, 2], true);
    const c = f64([3, 4]);
    const h = x.mul(c);
    const y = h.sum();
    y.backward();
    expect(x.grad?.toArray()).toEqual([3, 4]);
    expect(c.grad).toBeNull();
    expect(h.grad).toBeNull();
    expect(y.grad).toBeNull();
  });

  it('leaves a gradient with the leaf’s shape and dtype, and no graph of its own', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    x.mul(2).sum().backward();
    expect(x.grad?.shape).toEqual([1, 3]);
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.requiresGrad).toBe(false);
    expect(x.grad?.node).toBeNull();
  });

  it('takes a seed for a non-scalar output (a vector–Jacobian product)', () => {
    const x = f64([1, 2, 3], true);
    backward(x.mul(x), f64([1, 0, 2]));
    expect(x.grad?.toArray()).toEqual([2, 0, 12]);
  });

  it('with createGraph, leaves a gradient that can itself be differentiated', () => {
    const x = f64([1, 2], true);
    x.mul(x).mul(x).sum().backward(undefined, { createGraph: true }); // grad = 3x²
    const g = x.grad as Tensor;
    expect(g.toArray()).toEqual([3, 12]);
    expect(g.requiresGrad).toBe(true);
    const [h] = gradients(g.sum(), [x]); // ∂/∂x Σ 3x² = 6x
    expect(h.toArray()).toEqual([6, 12]);
  });

  it('walks very deep graphs without recursion', () => {
    const x = f64(1, true);
    let y = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
    y.backward();
    expect(x.grad?.item()).toBeCloseTo(1.0001 ** 10000, 6);
  });

  it('passes gradients through concat of tracked and untracked pieces', () => {
    const a = f64([1, 2], true);
    const b = f64([3]);
    concat([a, b]).mul(f64([10, 20, 30])).sum().backward();
    expect(a.grad?.toArray()).toEqual([10, 20]);
    expect(b.grad).toBeNull();
  });
});

describe('detach', () => {
  it('stops gradients: the detached factor is treated as a constant', () => {
    const x = f64([1, 2, 3], true);
    x.mul(x.detach()).sum().backward(); // d/dx (x·c) = c, not 2x
    expect(x.grad?.toArray()).toEqual([1, 2, 3]);
  });

  it('cuts every path that goes through it', () => {
    const x = f64(2, true);
    const h = x.mul(x);
    h.detach().mul(x).add(h).backward(); // ∂/∂x (c·x + x²) = c + 2x = 4 + 4
    expect(x.grad?.item()).toBe(8);
  });
});

describe('noGrad', () => {
  it('produces no graph: results have no node and do not require gradients', () => {
    const w = f64([1, 2], true);
    const y = noGrad(() => w.mul(3).add(1).sum());
    expect(y.node).toBeNull();
    expect(y.requiresGrad).toBe(false);
    expect(y.item()).toBe(11);
    expect(() => y.backward()).toThrow(/^backward: the output does not require a gradient/);
  });

  it('is switched off only inside its scope, even when the scope throws', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => expect(isGradEnabled()).toBe(false));
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('returns the value of its function and nests, with enableGrad re-enabling recording', () => {
    const w = f64(2, true);
    const [a, b] = noGrad(() => [w.mul(2), enableGrad(() => w.mul(2))]);
    expect(a.node).toBeNull();
    expect(b.node?.prim).toBe('mul');
    expect(noGrad(() => noGrad(() => 5))).toBe(5);
  });
});

describe('a logistic regression trained with backward() and a hand-written SGD step', () => {
  it('reduces the loss and separates a separable toy dataset', () => {
    // two blobs, class 0 around (−2, −1) and class 1 around (2, 1)
    const n = 40;
    const noise = randn([2 * n, 2], { seed: 7, dtype: 'float64', std: 0.5 });
    const centres = tensor(Float64Array.from({ length: 4 * n }, (_, i) => (i < 2 * n ? (i % 2 === 0 ? -2 : -1) : i % 2 === 0 ? 2 : 1)), { shape: [2 * n, 2] });
    const X = centres.add(noise);
    const y = tensor(Float64Array.from({ length: 2 * n }, (_, i) => (i < n ? 0 : 1)));

    const w = zeros([2], { dtype: 'float64', requiresGrad: true });
    const b = zeros([], { dtype: 'float64', requiresGrad: true });
    // binary cross-entropy from logits z: mean(softplus(z) − y·z), stable for any z
    const lossOf = () => {
      const z = matmul(X, w).add(b);
      return softplus(z).sub(y.mul(z)).mean();
    };

    const initial = lossOf().item();
    expect(initial).toBeCloseTo(Math.LN2, 12); // w = 0, b = 0 predicts ½ everywhere
    const lr = 0.5;
    let previous = initial;
    for (let step = 0; step < 100; step++) {
      const loss = lossOf();
      loss.backward();
      // the update: parameter data changed in place, recorded nowhere
      noGrad(() => {
        for (const p of [w, b]) {
          const g = p.grad as Tensor;
          for (let i = 0; i < p.size; i++) p.data[i] -= lr * g.data[i];
          p.zeroGrad();
        }
      });
      if (step < 5) {
        expect(loss.item()).toBeLessThanOrEqual(previous);
        previous = loss.item();
      }
    }
    const final = lossOf().item();
    expect(final).toBeLessThan(initial / 5);

    const predictions = noGrad(() => sigmoid(matmul(X, w).add(b)));
    expect(predictions.node).toBeNull();
    const correct = Array.from(predictions.data).filter((p, i) => (p > 0.5 ? 1 : 0) === y.data[i]).length;
    expect(correct).toBe(2 * n);
    // the learned direction points from class 0 to class 1
    expect(w.data[0]).toBeGreaterThan(0);
    expect(w.data[1]).toBeGreaterThan(0);
  });

  it('matches the closed-form gradient of the loss on one step', () => {
    const X = f64([[1, 2], [-1, 0.5], [0.3, -2]]);
    const y = f64([1, 0, 1]);
    const w = tensor([0.1, -0.2], { dtype: 'float64', requiresGrad: true });
    const b = full([], 0.3, { dtype: 'float64', requiresGrad: true });
    const z = matmul(X, w).add(b);
    softplus(z).sub(y.mul(z)).mean().backward();
    // ∂L/∂w = Xᵀ(σ(z) − y)/n, ∂L/∂b = mean(σ(z) − y)
    const r = noGrad(() => sigmoid(z).sub(y));
    const gw = matmul(X, r, { transA: true }).div(3);
    expect(w.grad).not.toBeNull();
    expect(w.grad!.shape).toEqual([2]);
    for (let i = 0; i < 2; i++) expect(w.grad!.data[i], `∂L/∂w[${i}]`).toBeCloseTo(gw.data[i], 14);
    expect(b.grad).not.toBeNull();
    expect(b.grad!.item()).toBeCloseTo(r.mean().item(), 14);
  });
});
