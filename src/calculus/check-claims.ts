// Checks a student's claimed critical points: is each one critical, of what type, and which were missed.

import { criticalPointType } from './classify.js';
import type { CriticalPointType } from './classify.js';
import { criticalPoints } from './critical-points.js';
import type { CriticalPoint, CriticalPointsOptions, CriticalPointsResult } from './critical-points.js';
import { derivativesAt } from './derivatives.js';
import { parseExpression } from './parse-expression.js';
import { evaluateAt } from './evaluate-expression.js';
import { parseFunction } from './scalar-function.js';
import type { ScalarFunction } from './scalar-function.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface ClaimCheck {
  readonly point: number[];
  readonly isCritical: boolean;
  readonly gradient: number[];
  readonly type: CriticalPointType | null;
}

export interface CheckedCriticalPoints extends CriticalPointsResult {
  readonly check: ClaimCheck[];
  /** True critical points not among the claims. */
  readonly missed: CriticalPoint[];
}

/**
 * Parses claimed points written `"(3/2, 3); (0, 0)"` (coordinates may be expressions such as
 * `sqrt(2)` or `-3/2`, in variable order).
 */
export function parseClaims(text: string, dimension: number): number[][] {
  const groups = [...text.matchAll(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)].map((m) => m[1]!);
  const pieces = groups.length > 0 ? groups : text.split(';').filter((s) => s.trim() !== '');
  return pieces.map((g) => {
    const coords = g.split(',').map((c) => {
      const v = evaluateAt(parseExpression(c.trim()), {});
      if (!Number.isFinite(v)) throw new Error(`claimed coordinate '${c.trim()}' is not a finite number`);
      return v;
    });
    if (coords.length !== dimension) throw new Error(`claimed point (${g}) has ${coords.length} coordinates, expected ${dimension}`);
    return coords;
  });
}

/**
 * Finds every critical point and compares the claims against them.
 * @example checkCriticalPoints('x^2*y + x*y^2 - 6*x*y', [[1.5, 3], [0, 0]]).check[0].gradient // [0, 2.25]
 */
export function checkCriticalPoints(source: string | ScalarFunction, claims: readonly (readonly number[])[], options: CriticalPointsOptions = {}): CheckedCriticalPoints {
  const f = parseFunction(source, options.variables);
  const result = criticalPoints(f, options);
  const d = derivativesAt(f.expr, f.variables, claims, 2);
  const check = claims.map((p, k): ClaimCheck => {
    const gradient = d.gradients[k]!;
    const hScale = 1 + Math.max(0, ...d.hessians![k]!.flat().map(Math.abs));
    const isCritical = gradient.every((g) => Math.abs(g) <= 1e-8 * hScale);
    return { point: [...p], isCritical, gradient, type: isCritical ? criticalPointType(symmetricEigen(d.hessians![k]!).values) : null };
  });
  const close = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => Math.abs(x - b[i]!) <= 1e-6 * (1 + Math.abs(x)));
  const missed = result.points.filter((p) => !claims.some((c) => close(c, p.point)));
  return { ...result, check, missed };
}
