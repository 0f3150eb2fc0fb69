// Specification of newton(): the stopping rules (tolerance, step budget, divergence), the trajectory it records, and points where a derivative is undefined.

import { describe, expect, it } from 'vitest';
import { newton } from '../../src/calculus/newton.js';

describe('newton', () => {
  it('records f and ‖∇f‖ at each iterate, the start first', () => {
    const r = newton('x^2 + y^2', { x: 3, y: -4 });
    expect(r.variables).toEqual(['x', 'y']);
    expect(r.trajectory[0]).toEqual({ point: [3, -4], value: 25, gradientNorm: 10 });
    expect(r.trajectory[1]).toEqual({ point: [0, 0], value: 0, gradientNorm: 0 });
    expect(r).toMatchObject({ converged: true, reason: 'converged', point: [0, 0], value: 0 });
  });

  it('stops at once where ‖∇f‖∞ is already within the tolerance (inclusive)', () => {
    // ∇(x²) = 2x = 1 at x = 0.5
    expect(newton('x^2', { x: 0.5 }, { tolerance: 1 }).trajectory).toHaveLength(1);
    expect(newton('x^2', { x: 0.5 }, { tolerance: 0.99 }).trajectory).toHaveLength(2);
  });

  it('takes at most `steps` steps, then stops with reason "max steps"', () => {
    // on x⁴ each Newton step only shrinks x by a third, so it cannot reach 1e-10 in a few steps
    for (const steps of [0, 1, 3]) {
      const r = newton('x^4', { x: 1 }, { steps });
      expect(r.trajectory).toHaveLength(steps + 1);
      expect(r).toMatchObject({ converged: false, reason: 'max steps' });
      expect(r.point[0]).toBeCloseTo((2 / 3) ** steps, 14);
    }
    // the default budget is 50 steps: (2/3)^k x₀ reaches ∇f = 4x³ ≤ 1e-10 only after ~20
    const r = newton('x^4', { x: 1 });
    expect(r.converged).toBe(true);
    expect(r.trajectory.length).toBeLessThanOrEqual(51);
    const far = newton('x^4', { x: 1e6 });
    expect(far.reason).toBe('max steps');
    expect(far.trajectory).toHaveLength(51);
  });

  it('says "diverged" when f is not finite at an iterate', () => {
    const r = newton('exp(x)', { x: 1000 });
    expect(r).toMatchObject({ converged: false, reason: 'diverged', value: Infinity });
    expect(r.trajectory).toHaveLength(1);
  });

  it('says "diverged" when one coordinate overflows, even where f stays finite', () => {
    // ∂f/∂y = 1e300 against ∂²f/∂y² = 1e-11 at y = 0: the step in y overflows to −∞, where f = −1e300 is finite
    const r = newton('x^2 + 1e300*tanh(y) - 1e-11*exp(-y^2)/2', [0, 1], { variables: ['y', 'x'] });
    expect(r).toMatchObject({ reason: 'diverged', point: [-Infinity, 0], value: -1e300 });
    expect(r.trajectory).toHaveLength(2);
  });

  it('refuses a point where the gradient or the Hessian is undefined, naming the entry and the step', () => {
    expect(() => newton('sqrt(x)', { x: 0 })).toThrow('∂f/∂x is not finite (Infinity) at (x) = (0) (step 0): f is not differentiable there');
    expect(() => newton('x + abs(y)^1.5', { x: 0, y: 0 })).toThrow('∂²f/∂y∂y is not finite (NaN) at (x, y) = (0, 0) (step 0)');
  });

  it('orders the variables as asked', () => {
    const r = newton('x^2 + (y - 1)^2', [5, 7], { variables: ['y', 'x'] });
    expect(r.variables).toEqual(['y', 'x']);
    expect(r.point).toEqual([1, 0]);
  });
});
