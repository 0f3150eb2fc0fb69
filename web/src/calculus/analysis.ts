// One expression analysed for the calculus page: its symbolic gradient and Hessian and its critical points, as plain data a worker can post.

import {
  criticalPoints, formatNumber, formatPretty, parseFunction, symbolicGradient, type ScalarFunction, type SymbolicDerivative,
} from '../../../src/calculus/index.js';

/** What the page shows: every number already formatted as the CLI formats it. */
export interface Analysis {
  variables: string[];
  pretty: string;
  /** ∂f/∂xᵢ, pretty, or why it is not shown. */
  gradient: string[];
  /** ∂²f/∂xᵢ∂xⱼ, pretty, row by row. */
  hessian: string[][];
  method: string;
  note: string | null;
  points: Array<{ point: string; value: string; eigenvalues: string; type: string }>;
  nonIsolated: string[];
}

const num = (x: number) => formatNumber(x).replace(/^-/, '−');

function shown(d: SymbolicDerivative): string {
  return d.pretty ?? `(${d.omitted})`;
}

/** ∂f/∂xᵢ for each variable, as functions of the same variables (to differentiate again). */
function partials(f: ScalarFunction): Array<{ d: SymbolicDerivative; f: ScalarFunction | null }> {
  return symbolicGradient(f).map((d) => ({ d, f: d.text === null ? null : parseFunction(d.text, f.variables) }));
}

/**
 * Parses `source` (variables in `vars` order, alphabetical by default), differentiates it twice
 * symbolically and finds its critical points as `nabla critical` does; throws the library's
 * one-line errors for a bad expression.
 */
export function analyse(source: string, vars?: string[]): Analysis {
  const f = parseFunction(source, vars);
  const first = partials(f);
  const hessian = first.map(({ f: fi }) => (fi === null ? f.variables.map(() => '(not shown)') : symbolicGradient(fi).map(shown)));
  const r = criticalPoints(f);
  const how = r.method === 'homotopy continuation'
    ? `homotopy continuation, ${r.paths} path${r.paths === 1 ? '' : 's'}; complete: every isolated critical point is listed`
    : `multi-start Newton with deflation, ${r.paths} starts in [${r.box![0]}, ${r.box![1]}]^${r.variables.length}; not complete: points outside the box or missed by all starts are not listed`;
  return {
    variables: [...f.variables],
    pretty: formatPretty(f.expr),
    gradient: first.map(({ d }) => shown(d)),
    hessian,
    method: how,
    note: r.note ?? null,
    points: r.points.map((p) => ({
      point: `(${p.point.map((x, i) => p.exact[i]?.replace(/^-/, '−') ?? num(x)).join(', ')})`,
      value: num(p.value),
      eigenvalues: p.eigenvalues.map(num).join(', '),
      type: p.type,
    })),
    nonIsolated: r.nonIsolated.map((s) => s.description),
  };
}
