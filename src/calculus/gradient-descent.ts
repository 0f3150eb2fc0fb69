// Gradient descent, x ← x − η∇f, with gradients from autodiff.

import { derivativesAt } from './derivatives.js';
import { requireFiniteGradient } from './finite-derivatives.js';
import type { OptimizationResult, TrajectoryStep } from './newton.js';
import { parseFunction, resolvePoint } from './scalar-function.js';
import type { PointInput, ScalarFunction } from './scalar-function.js';

export interface GradientDescentOptions {
  /** The learning rate η. */
  readonly lr: number;
  readonly steps?: number;
  /** Stop when ‖∇f‖∞ falls below this. Default 1e-8. */
  readonly tolerance?: number;
  readonly variables?: readonly string[];
}

/**
 * Plain gradient descent with a fixed learning rate; stops when converged, after `steps`, or when
 * the iterates blow up (too large a learning rate).
 * @example gradientDescent('x^2 + y^2', { x: 1, y: 1 }, { lr: 0.25 }).point // → (0, 0), halving each step
 */
export function gradientDescent(source: string | ScalarFunction, from: PointInput, options: GradientDescentOptions): OptimizationResult {
  const f = parseFunction(source, options.variables);
  if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new Error(`the learning rate must be a positive number, got ${options.lr}`);
  let x = resolvePoint(from, f.variables);
  const steps = options.steps ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  const trajectory: TrajectoryStep[] = [];
  let reason: OptimizationResult['reason'] = 'max steps';
  for (let k = 0; ; k++) {
    const d = derivativesAt(f.expr, f.variables, [x], 1);
    const g = d.gradients[0]!;
    const value = d.values[0]!;
    trajectory.push({ point: x, value, gradientNorm: Math.hypot(...g) });
    if (!Number.isFinite(value) || x.some((v) => !(Math.abs(v) <= 1e150))) { reason = 'diverged'; break; }
    // a finite point with a finite value but no finite derivative (√x at 0): the step is undefined
    requireFiniteGradient(g, f.variables, x, `step ${k}`);
    if (Math.max(...g.map(Math.abs)) <= tolerance) { reason = 'converged'; break; }
    if (k >= steps) break;
    x = x.map((v, i) => v - options.lr * g[i]!);
  }
  const last = trajectory[trajectory.length - 1]!;
  return { variables: [...f.variables], trajectory, converged: reason === 'converged', point: last.point, value: last.value, reason };
}
