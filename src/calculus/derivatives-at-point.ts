// gradientAt, hessianAt and jacobianAt: derivatives of expressions at one point, by autodiff, with the symbolic forms.

import { definiteness } from './classify.js';
import type { Definiteness } from './classify.js';
import { derivativesAt } from './derivatives.js';
import { componentName, requireFiniteGradient, requireFiniteHessian, requireFiniteValue } from './finite-derivatives.js';
import { variablesOf } from './expression.js';
import { parseExpressionList } from './parse-expression.js';
import { parseFunction, resolvePoint } from './scalar-function.js';
import type { PointInput, ScalarFunction } from './scalar-function.js';
import { symbolicGradient } from './symbolic-gradient.js';
import type { SymbolicDerivative } from './symbolic-gradient.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface GradientAtResult {
  readonly variables: string[];
  readonly point: number[];
  readonly value: number;
  readonly gradient: number[];
  readonly symbolic: SymbolicDerivative[];
}

export interface HessianAtResult {
  readonly variables: string[];
  readonly point: number[];
  readonly value: number;
  readonly hessian: number[][];
  /** Ascending. */
  readonly eigenvalues: number[];
  readonly definiteness: Definiteness;
}

export interface JacobianAtResult {
  readonly variables: string[];
  readonly point: number[];
  /** The value of each expression. */
  readonly values: number[];
  /** One row per expression: jacobian[i][j] = ∂fᵢ/∂xⱼ. */
  readonly jacobian: number[][];
}

/**
 * f(p), ∇f(p) by autodiff, and ∂f/∂xᵢ symbolically.
 * @example gradientAt('x^2*y + x*y^2 - 6*x*y', { x: 3/2, y: 3 }).gradient // [0, 2.25]
 */
export function gradientAt(source: string | ScalarFunction, point: PointInput, variables?: readonly string[]): GradientAtResult {
  const f = parseFunction(source, variables);
  const p = resolvePoint(point, f.variables);
  const d = derivativesAt(f.expr, f.variables, [p], 1);
  requireFiniteValue(d.values[0]!, f.variables, p);
  requireFiniteGradient(d.gradients[0]!, f.variables, p);
  return { variables: [...f.variables], point: p, value: d.values[0]!, gradient: d.gradients[0]!, symbolic: symbolicGradient(f) };
}

/**
 * The Hessian at p (autodiff of autodiff), its eigenvalues and definiteness.
 * @example hessianAt('x^2 + y^2 + z^2 - x*y*z', [2, 2, 2]).eigenvalues // [-2, 4, 4]
 */
export function hessianAt(source: string | ScalarFunction, point: PointInput, variables?: readonly string[]): HessianAtResult {
  const f = parseFunction(source, variables);
  const p = resolvePoint(point, f.variables);
  const d = derivativesAt(f.expr, f.variables, [p], 2);
  const hessian = d.hessians![0]!;
  requireFiniteValue(d.values[0]!, f.variables, p);
  requireFiniteHessian(hessian, f.variables, p);
  const eigenvalues = symmetricEigen(hessian).values;
  return { variables: [...f.variables], point: p, value: d.values[0]!, hessian, eigenvalues, definiteness: definiteness(eigenvalues) };
}

/**
 * The Jacobian of the map x ↦ (f₁(x), …, fₘ(x)) given as `"E1; E2; ..."` or a list of expressions.
 * @example jacobianAt('2*x + 3*y; x - y', { x: 0, y: 0 }).jacobian // [[2, 3], [1, -1]]
 */
export function jacobianAt(sources: string | readonly string[], point: PointInput, variables?: readonly string[]): JacobianAtResult {
  const exprs = typeof sources === 'string' ? parseExpressionList(sources) : sources.flatMap((s) => parseExpressionList(s));
  const vars = variables ? [...variables] : [...new Set(exprs.flatMap(variablesOf))].sort();
  const fs = exprs.map((expr) => parseFunction({ source: '', expr, variables: variablesOf(expr) }, vars));
  const p = resolvePoint(point, vars);
  const rows = fs.map((f) => derivativesAt(f.expr, vars, [p], 1));
  const values = rows.map((r) => r.values[0]!);
  const jacobian = rows.map((r) => r.gradients[0]!);
  values.forEach((v, i) => requireFiniteValue(v, vars, p, '', componentName(i + 1)));
  jacobian.forEach((row, i) => requireFiniteGradient(row, vars, p, '', i + 1));
  return { variables: vars, point: p, values, jacobian };
}
