// Newton's method and gradient descent: one-step convergence on quadratics, singular Hessians, divergence.

import { describe, expect, it } from 'vitest';
import { gradientDescent } from '../../src/calculus/gradient-descent.js';
import { newton } from '../../src/calculus/newton.js';

describe('newton', () => {
  it('reaches the minimum of ‖w‖² in one step', () => {
    const r = newton('w1^2 + w2^2 + w3^2', { w1: 3, w2: -1, w3: 2 });
    expect(r.converged).toBe(true);
    expect(r.trajectory).toHaveLength(2);
    expect(r.point).toEqual([0, 0, 0]);
  });

  it('reports a singular Hessian without crashing', () => {
    const r = newton('x^2 + y', { x: 1, y: 0 });
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('singular Hessian');
  });

  it('converges quadratically near a minimum of Himmelblau', () => {
    const r = newton('(x^2 + y - 11)^2 + (x + y^2 - 7)^2', { x: 3.2, y: 2.1 });
    expect(r.converged).toBe(true);
    expect(r.point[0]).toBeCloseTo(3, 12);
    expect(r.point[1]).toBeCloseTo(2, 12);
    expect(r.trajectory.length).toBeLessThan(8);
  });
});

describe('gradientDescent', () => {
  it('halves the distance each step on x² + y² with lr 0.25', () => {
    const r = gradientDescent('x^2 + y^2', { x: 1, y: 1 }, { lr: 0.25, steps: 3 });
    expect(r.trajectory.map((s) => s.point[0])).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('diverges with too large a learning rate, and says so', () => {
    const r = gradientDescent('x^2', { x: 1 }, { lr: 1.5, steps: 2000 });
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('diverged');
  });

  it('rejects a non-positive learning rate', () => {
    expect(() => gradientDescent('x^2', { x: 1 }, { lr: 0 })).toThrow(/learning rate/);
  });
});
