// Values, gradients and Hessians of an expression at a batch of points, all from nabla's autodiff.

import { gradients } from '../autodiff/index.js';
import { noGrad, sum } from '../ops/index.js';
import { tensor } from '../tensor/index.js';
import type { Tensor } from '../tensor/index.js';
import { evaluateExpression } from './evaluate-expression.js';
import type { Expr } from './expression.js';

/** f, ∇f and (when asked) the Hessian at each point; `points[k][i]` is variable i of point k. */
export interface DerivativesAtPoints {
  readonly values: number[];
  readonly gradients: number[][];
  readonly hessians?: number[][][];
}

/**
 * Differentiates `expr` at many points at once: each variable is one float64 tensor holding its
 * coordinate at every point, so one backward pass gives every point's gradient (the points do
 * not interact: ∂(Σₖ f(xₖ))/∂xₖ = ∇f(xₖ)). Second derivatives come from differentiating the
 * gradient graph again (gradients with createGraph), one backward pass per variable.
 */
export function derivativesAt(expr: Expr, variables: readonly string[], points: readonly (readonly number[])[], order: 1 | 2 = 1): DerivativesAtPoints {
  const count = points.length;
  const n = variables.length;
  if (count === 0) return { values: [], gradients: [], ...(order === 2 ? { hessians: [] } : {}) };
  const leaves = variables.map((_, i) => tensor(Float64Array.from(points, (p) => p[i]!), { dtype: 'float64', requiresGrad: true }));
  const env = new Map(variables.map((v, i) => [v, leaves[i]!] as const));
  const y = evaluateExpression(expr, env);
  const values = [...y.data];
  if (n === 0) return { values, gradients: points.map(() => []), ...(order === 2 ? { hessians: points.map(() => []) } : {}) };
  const total = sum(y);
  const grads: Tensor[] = total.requiresGrad ? gradients(total, leaves, { createGraph: order === 2 }) : leaves.map(() => noGrad(() => leaves[0]!.mul(0)));
  const gradientRows = points.map((_, k) => grads.map((g) => (g.size === 1 ? g.data[0]! : g.data[k]!)));
  if (order === 1) return { values, gradients: gradientRows };
  const hessians = points.map(() => Array.from({ length: n }, () => new Array<number>(n).fill(0)));
  grads.forEach((g, i) => {
    if (!g.requiresGrad) return;
    const second = gradients(sum(g), leaves);
    second.forEach((h, j) => {
      for (let k = 0; k < count; k++) hessians[k]![i]![j] = h.size === 1 ? h.data[0]! : h.data[k]!;
    });
  });
  return { values, gradients: gradientRows, hessians };
}
