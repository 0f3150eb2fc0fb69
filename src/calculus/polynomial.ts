// Polynomials in several variables with float coefficients: extraction from expressions, derivatives, complex evaluation.

import type { Expr } from './expression.js';
import { lookup } from './function-catalog.js';
import { calculusLimits } from './limits.js';

/** c · x₀^e₀ · x₁^e₁ ⋯ */
export interface Monomial {
  readonly coeff: number;
  readonly exps: readonly number[];
}

/** A polynomial in `nvars` variables (the order of the caller's variable list). */
export interface Polynomial {
  readonly nvars: number;
  readonly terms: readonly Monomial[];
}

/** A polynomial whose expansion would pass `calculusLimits.maxPolynomialTerms`, e.g. (a + … + j)^64. */
export class PolynomialTooLargeError extends Error {
  override name = 'PolynomialTooLargeError';
  constructor(readonly limit: number, message = `polynomial too large to expand: more than ${limit} terms (limit ${limit})`) {
    super(message);
  }
}

function normalize(nvars: number, terms: readonly Monomial[]): Polynomial {
  // `largest` is the largest term summed into a coefficient: a sum far below it is cancellation noise
  const byKey = new Map<string, { coeff: number; exps: readonly number[]; largest: number }>();
  for (const t of terms) {
    const key = t.exps.join(',');
    const prev = byKey.get(key);
    if (prev) { prev.coeff += t.coeff; prev.largest = Math.max(prev.largest, Math.abs(t.coeff)); }
    else byKey.set(key, { coeff: t.coeff, exps: t.exps, largest: Math.abs(t.coeff) });
  }
  let scale = 0;
  for (const t of terms) scale = Math.max(scale, Math.abs(t.coeff));
  // (x + 1)(x + 2)⋯(x + 200) has coefficients past 1e308: its roots would be noise
  if (!Number.isFinite(scale)) {
    throw new PolynomialTooLargeError(calculusLimits.maxPolynomialTerms, 'polynomial too large to expand: its coefficients overflow float64 (or are not numbers)');
  }
  // relative to its own terms, not to the largest coefficient: x³ − 3e15·x keeps its x³
  return { nvars, terms: [...byKey.values()].filter((t) => Math.abs(t.coeff) > 1e-15 * t.largest).map(({ coeff, exps }) => ({ coeff, exps })) };
}

const constantPoly = (nvars: number, c: number): Polynomial => normalize(nvars, [{ coeff: c, exps: new Array<number>(nvars).fill(0) }]);

function addPoly(a: Polynomial, b: Polynomial, sign = 1): Polynomial {
  return normalize(a.nvars, [...a.terms, ...b.terms.map((t) => ({ coeff: sign * t.coeff, exps: t.exps }))]);
}

function mulPoly(a: Polynomial, b: Polynomial): Polynomial {
  // the work is one product per pair of terms: bounded before it is done
  const limit = calculusLimits.maxPolynomialTerms;
  if (a.terms.length * b.terms.length > limit) throw new PolynomialTooLargeError(limit);
  const out: Monomial[] = [];
  for (const x of a.terms) for (const y of b.terms) out.push({ coeff: x.coeff * y.coeff, exps: x.exps.map((e, i) => e + y.exps[i]!) });
  return normalize(a.nvars, out);
}

/** The constant value of a polynomial of degree 0, else null. */
function constantValue(p: Polynomial): number | null {
  if (p.terms.length === 0) return 0;
  if (p.terms.length === 1 && p.terms[0]!.exps.every((e) => e === 0)) return p.terms[0]!.coeff;
  return null;
}

const numericFunctions: Readonly<Record<string, (x: number) => number>> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, sin: Math.sin, cos: Math.cos, tanh: Math.tanh,
};

/**
 * The polynomial form of `expr` in `variables`, or null when it is not a polynomial (a variable
 * inside a function, a variable denominator, a non-integer power of a variable). Throws
 * PolynomialTooLargeError when multiplying out would take more than
 * `calculusLimits.maxPolynomialTerms` term products at once.
 * @example polynomialFrom(parseExpression('(x - y)^2'), ['x', 'y']) // x² − 2xy + y²
 */
export function polynomialFrom(expr: Expr, variables: readonly string[]): Polynomial | null {
  const nvars = variables.length;
  const walk = (e: Expr): Polynomial | null => {
    switch (e.kind) {
      case 'num': return constantPoly(nvars, e.value);
      case 'const': return constantPoly(nvars, e.name === 'pi' ? Math.PI : Math.E);
      case 'var': {
        const i = variables.indexOf(e.name);
        if (i < 0) return null;
        return { nvars, terms: [{ coeff: 1, exps: variables.map((_, j) => (j === i ? 1 : 0)) }] };
      }
      case 'neg': {
        const a = walk(e.arg);
        return a && mulPoly(a, constantPoly(nvars, -1));
      }
      case 'binary': {
        const l = walk(e.left);
        const r = walk(e.right);
        if (!l || !r) return null;
        switch (e.op) {
          case '+': return addPoly(l, r);
          case '-': return addPoly(l, r, -1);
          case '*': return mulPoly(l, r);
          case '/': {
            const c = constantValue(r);
            return c === null || c === 0 ? null : mulPoly(l, constantPoly(nvars, 1 / c));
          }
          case '^': {
            const n = constantValue(r);
            const base = constantValue(l);
            if (n !== null && base !== null) return constantPoly(nvars, base ** n);
            if (n === null || !Number.isInteger(n) || n < 0 || n > 64) return null;
            let out = constantPoly(nvars, 1);
            for (let k = 0; k < n; k++) out = mulPoly(out, l);
            return out;
          }
        }
        return null;
      }
      case 'call': {
        const fn = lookup(numericFunctions, e.name);
        if (!fn || e.args.length !== 1) return null;
        const a = walk(e.args[0]!);
        const c = a && constantValue(a);
        return c === null || c === undefined ? null : constantPoly(nvars, fn(c));
      }
      case 'piecewise':
        return null;
    }
  };
  return walk(expr);
}

/** Total degree; −1 for the zero polynomial. */
export function degree(p: Polynomial): number {
  return p.terms.reduce((d, t) => Math.max(d, t.exps.reduce((a, b) => a + b, 0)), -1);
}

/** ∂p/∂x_i */
export function differentiatePolynomial(p: Polynomial, i: number): Polynomial {
  const out: Monomial[] = [];
  for (const t of p.terms) {
    const e = t.exps[i]!;
    if (e === 0) continue;
    out.push({ coeff: t.coeff * e, exps: t.exps.map((x, j) => (j === i ? x - 1 : x)) });
  }
  return normalize(p.nvars, out);
}

/** The value of p at a real point. */
export function evaluatePolynomial(p: Polynomial, x: readonly number[]): number {
  let s = 0;
  for (const t of p.terms) {
    let m = t.coeff;
    for (let i = 0; i < t.exps.length; i++) if (t.exps[i]) m *= x[i]! ** t.exps[i]!;
    s += m;
  }
  return s;
}

/**
 * Σ |c|·∏|xᵢ|^eᵢ over p's terms at the point of moduli `moduli`: the size of what p(x) sums, against
 * which its rounding error (and so a residual) is measured. `x^3/3 − 2e12·x` at x = 1.4e6 sums terms near 1e18.
 */
export function termMagnitude(p: Polynomial, moduli: readonly number[]): number {
  let s = 0;
  for (const t of p.terms) {
    let m = Math.abs(t.coeff);
    for (let i = 0; i < t.exps.length; i++) if (t.exps[i]) m *= moduli[i]! ** t.exps[i]!;
    s += m;
  }
  return s;
}

/**
 * A polynomial compiled for fast evaluation at complex points. `evaluate(re, im)` returns
 * [Re p, Im p]; powers of each coordinate are computed once per call.
 */
export interface CompiledPolynomial {
  readonly degree: number;
  evaluate(re: Float64Array, im: Float64Array): [number, number];
}

export function compilePolynomial(p: Polynomial): CompiledPolynomial {
  const n = p.nvars;
  const maxExp = new Array<number>(n).fill(0);
  for (const t of p.terms) t.exps.forEach((e, i) => (maxExp[i] = Math.max(maxExp[i]!, e)));
  const powRe = maxExp.map((m) => new Float64Array(m + 1));
  const powIm = maxExp.map((m) => new Float64Array(m + 1));
  const coeffs = Float64Array.from(p.terms.map((t) => t.coeff));
  const exps = p.terms.map((t) => Int32Array.from(t.exps));
  return {
    degree: degree(p),
    evaluate(re, im) {
      for (let i = 0; i < n; i++) {
        const pr = powRe[i]!;
        const pi = powIm[i]!;
        pr[0] = 1;
        pi[0] = 0;
        for (let k = 1; k < pr.length; k++) {
          // (a + bi)(c + di) = (ac − bd) + (ad + bc)i
          pr[k] = pr[k - 1]! * re[i]! - pi[k - 1]! * im[i]!;
          pi[k] = pr[k - 1]! * im[i]! + pi[k - 1]! * re[i]!;
        }
      }
      let sr = 0;
      let si = 0;
      for (let t = 0; t < coeffs.length; t++) {
        let mr = coeffs[t]!;
        let mi = 0;
        const e = exps[t]!;
        for (let i = 0; i < n; i++) {
          const k = e[i]!;
          if (k === 0) continue;
          const ar = powRe[i]![k]!;
          const ai = powIm[i]![k]!;
          const r = mr * ar - mi * ai;
          mi = mr * ai + mi * ar;
          mr = r;
        }
        sr += mr;
        si += mi;
      }
      return [sr, si];
    },
  };
}
