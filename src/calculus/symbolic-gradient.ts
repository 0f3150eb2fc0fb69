// The symbolic partial derivatives of a function in three notations: text, pretty Unicode and LaTeX, or why they are not shown.

import { DerivativeTooLargeError, differentiate } from './differentiate.js';
import { formatLatex, formatPretty, formatText } from './format-expression.js';
import { treeSize } from './expression.js';
import { calculusLimits } from './limits.js';
import { codePointLength } from './parse-expression.js';
import type { ScalarFunction } from './scalar-function.js';

export interface SymbolicDerivative {
  readonly variable: string;
  /** Parseable text: `2*x*y + y^2 - 6*y`; null when omitted. */
  readonly text: string | null;
  /** As a student writes it: `2xy + y² − 6y`; null when omitted. */
  readonly pretty: string | null;
  readonly latex: string | null;
  /** Why the forms are not shown (`too large to show: …`), else null. */
  readonly omitted: string | null;
}

/** ∂f/∂x for one variable, simplified; a form too large to read is omitted with the limit it passed. */
export function symbolicDerivative(f: ScalarFunction, variable: string): SymbolicDerivative {
  const omit = (reason: string): SymbolicDerivative => ({ variable, text: null, pretty: null, latex: null, omitted: reason });
  let d;
  try {
    d = differentiate(f.expr, variable);
  } catch (error) {
    if (error instanceof DerivativeTooLargeError) return omit(`too large to show: more than ${error.limit} ${error.unit} (limit ${error.limit})`);
    throw error;
  }
  const limit = calculusLimits.maxSymbolicLength;
  // every node prints at least one character: a tree (shared subtrees counted each time) of more
  // nodes than the limit is not printed at all
  if (treeSize(d, limit) > limit) return omit(`too large to show: more than ${limit} characters (limit ${limit})`);
  const text = formatText(d);
  const length = codePointLength(text);
  if (length > limit) return omit(`too large to show: ${length} characters (limit ${limit})`);
  return { variable, text, pretty: formatPretty(d), latex: formatLatex(d), omitted: null };
}

/** ∂f/∂xᵢ for each variable, simplified. */
export function symbolicGradient(f: ScalarFunction): SymbolicDerivative[] {
  return f.variables.map((v) => symbolicDerivative(f, v));
}
