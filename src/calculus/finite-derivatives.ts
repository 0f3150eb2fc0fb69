// Refuses derivatives that are not finite at a finite point (√x at 0): the derivative is undefined there, not ∞.

import { formatNumber } from './exact-number.js';

const subscripts = '₀₁₂₃₄₅₆₇₈₉';

/** `f₂`: the name of component k (1-based) of a vector function. */
export const componentName = (k: number): string => `f${String(k).split('').map((d) => subscripts[Number(d)]).join('')}`;

/** `(x, y) = (0, 1)` */
export function pointText(variables: readonly string[], point: readonly number[]): string {
  return `(${variables.join(', ')}) = (${point.map((x) => formatNumber(x)).join(', ')})`;
}

function fail(what: string, value: number, variables: readonly string[], point: readonly number[], context: string): never {
  const where = `${pointText(variables, point)}${context ? ` (${context})` : ''}`;
  const why = what.startsWith('∂') ? 'f is not differentiable there' : `${what} is not defined there`;
  throw new Error(`${what} is not finite (${value}) at ${where}: ${why}`);
}

/** Throws, naming the point, when f's value is not finite. */
export function requireFiniteValue(value: number, variables: readonly string[], point: readonly number[], context = '', name = 'f'): void {
  if (!Number.isFinite(value)) fail(name, value, variables, point, context);
}

/**
 * Throws when a partial derivative is not finite, naming it (∂f/∂x, or ∂f₂/∂x for row 2 of a
 * Jacobian) and the point. Autodiff gives ±∞ or NaN exactly where the derivative is undefined
 * (∞ slope of √x at 0), so a non-finite number is never printed as if it were one.
 */
export function requireFiniteGradient(gradient: readonly number[], variables: readonly string[], point: readonly number[], context = '', row?: number): void {
  const f = row === undefined ? 'f' : componentName(row);
  gradient.forEach((g, i) => {
    if (!Number.isFinite(g)) fail(`∂${f}/∂${variables[i]}`, g, variables, point, context);
  });
}

/** Throws when an entry ∂²f/∂xᵢ∂xⱼ of the Hessian is not finite, naming it and the point. */
export function requireFiniteHessian(hessian: readonly (readonly number[])[], variables: readonly string[], point: readonly number[], context = ''): void {
  hessian.forEach((row, i) => row.forEach((h, j) => {
    if (!Number.isFinite(h)) fail(`∂²f/∂${variables[i]}∂${variables[j]}`, h, variables, point, context);
  }));
}
