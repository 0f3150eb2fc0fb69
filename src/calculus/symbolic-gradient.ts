// The symbolic partial derivatives of a function in three notations: text, pretty Unicode and LaTeX.

import { differentiate } from './differentiate.js';
import { formatLatex, formatPretty, formatText } from './format-expression.js';
import type { ScalarFunction } from './scalar-function.js';

export interface SymbolicDerivative {
  readonly variable: string;
  /** Parseable text: `2*x*y + y^2 - 6*y`. */
  readonly text: string;
  /** As a student writes it: `2xy + y² − 6y`. */
  readonly pretty: string;
  readonly latex: string;
}

/** ∂f/∂xᵢ for each variable, simplified. */
export function symbolicGradient(f: ScalarFunction): SymbolicDerivative[] {
  return f.variables.map((v) => {
    const d = differentiate(f.expr, v);
    return { variable: v, text: formatText(d), pretty: formatPretty(d), latex: formatLatex(d) };
  });
}
