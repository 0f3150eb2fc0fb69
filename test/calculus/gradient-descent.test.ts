// Specification of gradientDescent(): the update x ← x − η∇f, its stopping rules, divergence, and its argument checks.

import { describe, expect, it } from 'vitest';
import { gradientDescent } from '../../src/calculus/gradient-descent.js';

describe('gradientDescent', () => {
  it('steps against the gradient by lr times its size, recording f and ‖∇f‖', () => {
    // ∇(x² + 3y²) = (2x, 6y); from (1, 1) with η = 0.1: (0.8, 0.4)
    const r = gradientDescent('x^2 + 3*y^2', { x: 1, y: 1 }, { lr: 0.1, steps: 1 });
    expect(r.trajectory[0]).toEqual({ point: [1, 1], value: 4, gradientNorm: Math.hypot(2, 6) });
    expect(r.trajectory[1]!.point[0]).toBeCloseTo(0.8, 15);
    expect(r.trajectory[1]!.point[1]).toBeCloseTo(0.4, 15);
    expect(r).toMatchObject({ converged: false, reason: 'max steps' });
    expect(r.value).toBeCloseTo(0.64 + 3 * 0.16, 15);
  });

  it('runs 100 steps by default and stops when ‖∇f‖∞ ≤ 1e-8 by default', () => {
    const slow = gradientDescent('x^2', { x: 1 }, { lr: 0.001 });
    expect(slow.trajectory).toHaveLength(101);
    expect(slow.reason).toBe('max steps');
    // η = 0.25 halves x each step: 2x ≤ 1e-8 once x ≤ 5e-9, after 28 halvings
    const fast = gradientDescent('x^2', { x: 1 }, { lr: 0.25 });
    expect(fast.converged).toBe(true);
    expect(fast.trajectory).toHaveLength(29);
    expect(fast.point[0]).toBe(2 ** -28);
  });

  it('stops at once where ‖∇f‖∞ is already within the tolerance (inclusive)', () => {
    expect(gradientDescent('x^2', { x: 0.5 }, { lr: 0.1, tolerance: 1 }).trajectory).toHaveLength(1);
    expect(gradientDescent('x^2', { x: 0.5 }, { lr: 0.1, tolerance: 0.99 }).trajectory).toHaveLength(2);
  });

  it('calls a run diverged once an iterate leaves |x| ≤ 1e150, or f is not finite', () => {
    // η = 1.5 on x² + y²/100: x ← −2x, so |x| = 2^k passes 1e150 at k = 499, while y ← 0.97y settles
    const r = gradientDescent('x^2 + y^2/100', { x: 1, y: 1 }, { lr: 1.5, steps: 2000 });
    expect(r.reason).toBe('diverged');
    expect(r.trajectory).toHaveLength(500);
    expect(r.point[0]).toBe(-(2 ** 499));
    // |x| = 1e150 itself is still inside
    expect(gradientDescent('x^2', { x: 1e150 }, { lr: 0.25, steps: 1 })).toMatchObject({ reason: 'max steps', point: [5e149] });
    expect(gradientDescent('exp(x)', { x: 1000 }, { lr: 0.1 })).toMatchObject({ reason: 'diverged', value: Infinity });
  });

  it('rejects a learning rate that is not a positive finite number, naming it', () => {
    for (const lr of [0, -1, Number.NaN, Infinity]) {
      expect(() => gradientDescent('x^2', { x: 1 }, { lr })).toThrow(`the learning rate must be a positive number, got ${lr}`);
    }
  });

  it('refuses a point where the gradient is undefined', () => {
    expect(() => gradientDescent('sqrt(x)', { x: 0 }, { lr: 0.1 })).toThrow('∂f/∂x is not finite (Infinity) at (x) = (0) (step 0)');
  });

  it('measures convergence by the largest gradient component, and reports the variables in order', () => {
    // at (1, 0) ∂f/∂y = 0 but ∂f/∂x = 2: not converged yet
    const r = gradientDescent('x^2 + y^2', { x: 1, y: 0 }, { lr: 0.25 });
    expect(r.trajectory).toHaveLength(29);
    expect(r.variables).toEqual(['x', 'y']);
  });
});
