// A parsed expression together with its ordered variables: the input every calculus routine takes.

import { variablesOf } from './expression.js';
import type { Expr } from './expression.js';
import { parseExpression } from './parse-expression.js';

/** f: ℝⁿ → ℝ given by an expression; `variables` fixes the order of coordinates. */
export interface ScalarFunction {
  readonly source: string;
  readonly expr: Expr;
  readonly variables: readonly string[];
}

/** A point as `{ x: 1, y: 2 }` or as coordinates in variable order. */
export type PointInput = Readonly<Record<string, number>> | readonly number[];

/**
 * Parses `source` into a function of `variables` (default: the expression's variables in
 * alphabetical order). Extra variables are allowed (f is then constant in them); missing ones are an error.
 * @example parseFunction('x^2*y + x*y^2 - 6*x*y').variables // ['x', 'y']
 */
export function parseFunction(source: string | ScalarFunction, variables?: readonly string[]): ScalarFunction {
  if (typeof source !== 'string') return variables ? withVariables(source, variables) : source;
  const expr = parseExpression(source);
  return withVariables({ source, expr, variables: variablesOf(expr) }, variables ?? variablesOf(expr));
}

function withVariables(f: ScalarFunction, variables: readonly string[]): ScalarFunction {
  const own = variablesOf(f.expr);
  const missing = own.filter((v) => !variables.includes(v));
  if (missing.length > 0) throw new Error(`variable ${missing.join(', ')} of the expression is not in the variable list (${variables.join(', ')})`);
  const dup = variables.find((v, i) => variables.indexOf(v) !== i);
  if (dup) throw new Error(`variable ${dup} is listed twice`);
  return { ...f, variables: [...variables] };
}

/** Coordinates of `point` in the order of `variables`; every variable needs a finite value. */
export function resolvePoint(point: PointInput, variables: readonly string[]): number[] {
  let coords: number[];
  if (Array.isArray(point)) {
    if (point.length !== variables.length) throw new Error(`expected ${variables.length} coordinates (${variables.join(', ')}), got ${point.length}`);
    coords = [...(point as readonly number[])];
  } else {
    const record = point as Readonly<Record<string, number>>;
    const unknown = Object.keys(record).filter((k) => !variables.includes(k));
    if (unknown.length > 0) throw new Error(`unknown variable ${unknown.join(', ')} in the point (variables: ${variables.join(', ') || 'none'})`);
    // own keys only: an inherited `constructor` is not a coordinate
    const missing = variables.filter((v) => !Object.hasOwn(record, v));
    if (missing.length > 0) throw new Error(`no value for variable ${missing.join(', ')} in the point`);
    coords = variables.map((v) => record[v]!);
  }
  coords.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new Error(`the value of ${variables[i]} is not a finite number`);
  });
  return coords;
}
