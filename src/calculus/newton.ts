// Newton's method for minimisation, x ← x − H⁻¹∇f, with derivatives from autodiff.

import { derivativesAt } from './derivatives.js';
import { requireFiniteGradient, requireFiniteHessian } from './finite-derivatives.js';
import { luSolve } from './lu-solve.js';
import { parseFunction, resolvePoint } from './scalar-function.js';
import type { PointInput, ScalarFunction } from './scalar-function.js';

/** Where an optimiser went: each iterate with f and ‖∇f‖ there. */
export interface TrajectoryStep {
  readonly point: number[];
  readonly value: number;
  readonly gradientNorm: number;
}

export interface OptimizationResult {
  readonly variables: string[];
  readonly trajectory: TrajectoryStep[];
  readonly converged: boolean;
  readonly point: number[];
  readonly value: number;
  /** Why it stopped: converged, the step budget ran out, the Hessian was singular, or values became non-finite. */
  readonly reason: 'converged' | 'max steps' | 'singular Hessian' | 'diverged';
}

export interface NewtonOptions {
  readonly steps?: number;
  /** Stop when ‖∇f‖∞ falls below this. Default 1e-10. */
  readonly tolerance?: number;
  readonly variables?: readonly string[];
}

const normInf = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * Newton's method: solves H(x)·d = −∇f(x) and steps x ← x + d. On a quadratic it lands on the
 * stationary point in one step. A singular Hessian stops the method with reason 'singular Hessian'.
 * @example newton('x^2 + y^2', { x: 3, y: -4 }).trajectory.length // 2: the start and the minimum
 */
export function newton(source: string | ScalarFunction, from: PointInput, options: NewtonOptions = {}): OptimizationResult {
  const f = parseFunction(source, options.variables);
  let x = resolvePoint(from, f.variables);
  const steps = options.steps ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const trajectory: TrajectoryStep[] = [];
  let reason: OptimizationResult['reason'] = 'max steps';
  for (let k = 0; ; k++) {
    const d = derivativesAt(f.expr, f.variables, [x], 2);
    const g = d.gradients[0]!;
    const value = d.values[0]!;
    trajectory.push({ point: x, value, gradientNorm: Math.hypot(...g) });
    if (!Number.isFinite(value) || !x.every(Number.isFinite)) { reason = 'diverged'; break; }
    // a finite point with a finite value but no finite derivative: Newton's step is undefined there
    requireFiniteGradient(g, f.variables, x, `step ${k}`);
    if (normInf(g) <= tolerance) { reason = 'converged'; break; }
    if (k >= steps) break;
    requireFiniteHessian(d.hessians![0]!, f.variables, x, `step ${k}`);
    const step = luSolve(d.hessians![0]!, g.map((v) => -v));
    if (!step) { reason = 'singular Hessian'; break; }
    x = x.map((v, i) => v + step[i]!);
  }
  const last = trajectory[trajectory.length - 1]!;
  return { variables: [...f.variables], trajectory, converged: reason === 'converged', point: last.point, value: last.value, reason };
}
