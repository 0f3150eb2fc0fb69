// Specification of checkGradients: it passes correct functions and catches, and locates, derivatives that autodiff gets wrong.

import { describe, expect, it } from 'vitest';
import { checkGradients, concat, matmul, noGrad, randn, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

describe('checkGradients', () => {
  it('passes a correct scalar function of several inputs to second order', () => {
    const a = randn([3], { seed: 1, dtype: 'float64' });
    const b = randn([2, 3], { seed: 2, dtype: 'float64' });
    const r = checkGradients((x: Tensor, y: Tensor) => x.mul(y).sin().sum().add(y.exp().mean()), [a, b], { order: 2 });
    expect(r.ok).toBe(true);
    expect(r.maxError).toBeLessThan(1e-6);
    expect(r.worst).not.toBeNull();
  });

  it('counts every Jacobian entry at order 1, and every entry of each gradient’s Jacobian at order 2', () => {
    const f = (x: Tensor, y: Tensor) => x.sum().mul(y.sum());
    const args = [f64([1, 2, 3]), f64([4, 5])];
    // order 1: 1 output × (3 + 2) inputs
    expect(checkGradients(f, args).checked).toBe(5);
    // order 2 adds, for ∇ₓ (3 entries) and ∇ᵧ (2 entries), their Jacobians over all 5 inputs
    expect(checkGradients(f, args, { order: 2 }).checked).toBe(5 + 3 * 5 + 2 * 5);
  });

  it('checks every entry of a vector-valued function', () => {
    const W = randn([2, 3], { seed: 3, dtype: 'float64' });
    const r = checkGradients((w: Tensor, x: Tensor) => matmul(w, x).tanh(), [W, f64([0.1, -0.2, 0.3])], { order: 2 });
    expect(r.ok).toBe(true);
    // order 2 differentiates the gradient of the weighted sum ⟨f, w⟩, whose gradients have 6 and 3 entries
    expect(r.checked).toBe(2 * (6 + 3) + 6 * (6 + 3) + 3 * (6 + 3));
  });

  it('accepts float32 inputs, checking in float64', () => {
    const r = checkGradients((x: Tensor) => x.pow(3).sum(), [tensor([0.5, -1.5])], { order: 2 });
    expect(r.ok).toBe(true);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('leaves its inputs alone', () => {
    const x = f64([1, 2]);
    checkGradients((v: Tensor) => v.exp().sum(), [x], { order: 2 });
    expect(x.toArray()).toEqual([1, 2]);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
  });

  it('fails, and points at the input, when a detached term hides part of the gradient', () => {
    // f(a, b) = Σ a·b + b₁², with b₁² detached: autodiff misses ∂/∂b₁ = 2b₁, so only entry 1 of input 1 is wrong
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum().add(b.slice([1], [2]).detach().pow(2).sum());
    const r = checkGradients(f, [f64([1, 2, 3]), f64([4, 5, 6])]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ order: 1, input: 1, index: 1, output: 0 });
    expect(r.worst?.autodiff).toBeCloseTo(2, 12); // a₁
    expect(r.worst?.numeric).toBeCloseTo(2 + 10, 5); // a₁ + 2b₁
    expect(r.worst?.error).toBeCloseTo(10, 5);
    expect(r.maxError).toBeCloseTo(10, 5);
  });

  it('fails, and points at the input, when part of the computation runs under noGrad', () => {
    // the exp term of the second input is computed without recording, so its derivative is lost
    const f = (a: Tensor, b: Tensor) => a.mul(2).sum().add(noGrad(() => b.exp().sum()));
    const r = checkGradients(f, [f64([1, 2]), f64([0.5, 1.5, -1])]);
    expect(r.ok).toBe(false);
    expect(r.worst?.input).toBe(1);
    expect(r.worst?.index).toBe(1); // e^{1.5} is the largest missing term
    expect(r.worst?.autodiff).toBe(0);
    expect(r.worst?.numeric).toBeCloseTo(Math.exp(1.5), 5);
  });

  it('locates the wrong output of a vector-valued function', () => {
    // output 1 hides its dependence on x₀
    const f = (x: Tensor) => concat([x.slice([0], [1]).mul(3), x.slice([0], [1]).detach().mul(x.slice([1], [2]))]);
    const r = checkGradients(f, [f64([2, 5])]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ order: 1, output: 1, input: 0, index: 0 });
    expect(r.worst?.numeric).toBeCloseTo(5, 5);
  });

  it('catches at order 2 a gradient that is right in value but wrong in its own derivative', () => {
    // f = c² + 2c(x − c) with c = x detached: f = x² and autodiff's ∇f = 2c = 2x are right,
    // but ∇f treats c as a constant, so the derivative of the gradient comes out 0 instead of 2
    const f = (x: Tensor) => {
      const c = x.detach();
      return c.pow(2).add(c.mul(2).mul(x.sub(c))).sum();
    };
    const x = f64([1, -2, 3]);
    expect(checkGradients(f, [x]).ok).toBe(true);
    const r = checkGradients(f, [x], { order: 2 });
    expect(r.ok).toBe(false);
    expect(r.worst?.order).toBe(2);
    expect(r.worst?.gradInput).toBe(0);
    expect(r.worst?.input).toBe(0);
    expect(r.worst?.autodiff).toBe(0);
    // the weighted gradient's Jacobian is diag(2w): the worst entry is diagonal
    expect(r.worst?.output).toBe(r.worst?.index);
  });

  it('honours the tolerances', () => {
    const f = (a: Tensor) => a.mul(a.detach()).sum(); // autodiff gives a, the truth is 2a
    const x = f64([1e-3, 2e-3]);
    expect(checkGradients(f, [x]).ok).toBe(false);
    expect(checkGradients(f, [x], { atol: 1e-2 }).ok).toBe(true);
  });

  it('reports a perfect match for linear functions', () => {
    const r = checkGradients((x: Tensor) => x.mul(3).sum(), [f64([1, 2])], { eps: 1e-3 });
    expect(r.ok).toBe(true);
    expect(r.maxError).toBeLessThan(1e-9);
  });

  it('passes an error exactly at the tolerance, and reports the first of equal errors', () => {
    // f = 3x + x (the second term detached): with eps = 0.5 the central difference of the linear f is exactly 4,
    // autodiff gives 3, so both entries miss by exactly 1 = atol
    const f = (x: Tensor) => x.mul(3).add(x.detach()).sum();
    const r = checkGradients(f, [f64([1, 1])], { eps: 0.5, atol: 1, rtol: 0 });
    expect(r.ok).toBe(true);
    expect(r.maxError).toBe(1);
    expect(r.worst).toMatchObject({ index: 0, autodiff: 3, numeric: 4, error: 1 });
    expect(checkGradients(f, [f64([1, 1])], { eps: 0.5, atol: 0.5, rtol: 0 }).ok).toBe(false);
  });

  it('skips entries where autodiff and the differences are both NaN (outside the domain)', () => {
    // √x at x = −1: f(−1 ± h) and its derivative are NaN, which agree
    const r = checkGradients((x: Tensor) => x.sqrt().sum(), [f64([-1])]);
    expect(r).toEqual({ ok: true, maxError: 0, worst: null, checked: 1 });
  });

  it('fails when only one side is NaN, with an infinite error', () => {
    // √x at 0: autodiff gives +∞, the central difference needs √(−h), NaN
    const r = checkGradients((x: Tensor) => x.sqrt().sum(), [f64([0])]);
    expect(r.ok).toBe(false);
    expect(r.maxError).toBe(Infinity);
    expect(r.worst?.numeric).toBeNaN();
  });
});
