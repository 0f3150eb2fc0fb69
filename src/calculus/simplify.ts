// Algebraic simplification: brings an expression to a sum of terms (coefficient × product of powers) and back, in the order a student writes.

import { binary, call, neg, num, piecewise } from './expression.js';
import type { BinaryOp, Condition, Expr } from './expression.js';
import { nearestRational } from './exact-number.js';
import { formatText } from './format-expression.js';
import { calculusLimits } from './limits.js';

/** The simplifier spent more than `calculusLimits.maxSimplifyWork` on one expression (its result would be too large to read). */
export class SimplificationTooLargeError extends Error {
  override name = 'SimplificationTooLargeError';
  constructor(readonly limit: number) {
    super(`expression too large to simplify: more than ${limit} work units (limit ${limit})`);
  }
}

// work left for the simplification in progress (simplify is synchronous, so one counter suffices)
let workLeft = Number.POSITIVE_INFINITY;
function spend(units: number): void {
  workLeft -= units;
  if (workLeft < 0) throw new SimplificationTooLargeError(calculusLimits.maxSimplifyWork);
}

/** Runs `fn` with the simplifier's work budget set, restoring the previous budget afterwards. */
function withBudget<T>(fn: () => T): T {
  const saved = workLeft;
  workLeft = calculusLimits.maxSimplifyWork;
  try {
    return fn();
  } finally {
    workLeft = saved;
  }
}

type AtomKind = 'var' | 'num' | 'const' | 'call' | 'sum' | 'pow' | 'piecewise';

interface NormalCase {
  readonly value: Sum;
  readonly op: '>' | '<';
  /** The condition is `lhs op 0`. */
  readonly lhs: Sum;
}

interface Atom {
  readonly kind: AtomKind;
  readonly key: string;
  readonly expr: Expr;
  readonly base?: number;
  readonly cases?: readonly NormalCase[];
}

interface Factor {
  readonly atom: Atom;
  readonly exp: number;
}

interface Term {
  readonly coeff: number;
  readonly factors: readonly Factor[];
}

type Sum = readonly Term[];

const kindRank: Readonly<Record<AtomKind, number>> = { var: 0, num: 1, const: 2, call: 3, pow: 3, sum: 4, piecewise: 5 };
/** Largest number of terms an expansion may produce before a power or product is kept factored. */
const expansionLimit = 200;
/** Small integer powers of sums are expanded, larger ones kept as powers. */
const maxExpandedPower = 6;

function atomOf(kind: AtomKind, expr: Expr, extra: Partial<Atom> = {}): Atom {
  const key = `${kindRank[kind]}${kind}:${formatText(expr)}`;
  spend(key.length);
  return { kind, expr, key, ...extra };
}

const constantTerm = (c: number): Sum => (c === 0 ? [] : [{ coeff: c, factors: [] }]);
const atomTerm = (atom: Atom, exp = 1): Sum => [{ coeff: 1, factors: [{ atom, exp }] }];

function monomialKey(factors: readonly Factor[]): string {
  return factors.map((f) => `${f.atom.key}^${f.exp}`).join('*');
}

/** Adds up like terms; drops coefficients that cancel to rounding noise. */
function collect(terms: readonly Term[]): Sum {
  spend(terms.length);
  const byKey = new Map<string, { coeff: number; factors: readonly Factor[]; scale: number }>();
  for (const t of terms) {
    const key = monomialKey(t.factors);
    const prev = byKey.get(key);
    if (prev) { prev.coeff += t.coeff; prev.scale = Math.max(prev.scale, Math.abs(t.coeff)); }
    else byKey.set(key, { coeff: t.coeff, factors: t.factors, scale: Math.abs(t.coeff) });
  }
  const out: Term[] = [];
  for (const { coeff, factors, scale } of byKey.values()) {
    if (coeff === 0 || Math.abs(coeff) < 1e-14 * scale) continue;
    out.push({ coeff, factors });
  }
  return out;
}

const addSums = (a: Sum, b: Sum): Sum => collect([...a, ...b]);
const scaleSum = (a: Sum, c: number): Sum => collect(a.map((t) => ({ coeff: t.coeff * c, factors: t.factors })));

const isNumber = (s: Sum): boolean => s.length === 0 || (s.length === 1 && s[0]!.factors.length === 0);
const numberValue = (s: Sum): number => (s.length === 0 ? 0 : s[0]!.coeff);
/** A sum is polynomial-like when its atoms are variables and constants only: safe and tidy to expand. */
const isPolynomialLike = (s: Sum): boolean => s.every((t) => t.factors.every((f) => f.atom.kind === 'var' || f.atom.kind === 'const'));

function multiplyTerms(a: Term, b: Term): Term {
  spend(1 + a.factors.length + b.factors.length);
  let coeff = a.coeff * b.coeff;
  const exps = new Map<string, { atom: Atom; exp: number }>();
  for (const f of [...a.factors, ...b.factors]) {
    const prev = exps.get(f.atom.key);
    if (prev) prev.exp += f.exp;
    else exps.set(f.atom.key, { atom: f.atom, exp: f.exp });
  }
  const factors: Factor[] = [];
  for (const { atom, exp } of exps.values()) {
    if (Math.abs(exp) < 1e-14) continue;
    // √2·√2 = 2: a number's power folds into the coefficient once it is an integer power
    if (atom.kind === 'num' && Number.isInteger(Math.round(exp * 1e9) / 1e9)) { coeff *= atom.base! ** Math.round(exp); continue; }
    factors.push({ atom, exp });
  }
  factors.sort((x, y) => (x.atom.key < y.atom.key ? -1 : x.atom.key > y.atom.key ? 1 : 0));
  return absorbIntoPiecewise({ coeff, factors });
}

/** c·{v₁ if C₁; v₂ if C₂} = {c·v₁ if C₁; c·v₂ if C₂}: the rest of a term moves into the cases. */
function absorbIntoPiecewise(term: Term): Term {
  const index = term.factors.findIndex((f) => f.atom.kind === 'piecewise');
  if (index < 0) return term;
  const pw = term.factors[index]!;
  const others = term.factors.filter((_, i) => i !== index);
  if (others.length === 0 && term.coeff === 1 && pw.exp === 1) return term;
  if (others.some((f) => f.atom.kind === 'piecewise')) return term;
  const rest: Sum = [{ coeff: term.coeff, factors: others }];
  const cases = pw.atom.cases!.map((c) => ({ ...c, value: multiplySums(powerOfSum(c.value, pw.exp), rest) }));
  const result = makePiecewise(cases);
  return result.length === 1 ? result[0]! : { coeff: 1, factors: [{ atom: sumAtom(result), exp: 1 }] };
}

function multiplySums(a: Sum, b: Sum): Sum {
  if (a.length === 0 || b.length === 0) return [];
  if (a.length > 1 && b.length > 1) {
    const expand = isPolynomialLike(a) && isPolynomialLike(b) && a.length * b.length <= expansionLimit;
    if (!expand) return multiplySums(wrapSum(a), wrapSum(b));
  } else if (a.length > 1 || b.length > 1) {
    // a monomial times a sum: distribute over polynomial-like sums, or numbers over anything
    const [m, s] = a.length === 1 ? [a[0]!, b] : [b[0]!, a];
    if (!isPolynomialLike(s) && m.factors.length > 0) return multiplySums([m], wrapSum(s));
  }
  const out: Term[] = [];
  for (const x of a) for (const y of b) out.push(multiplyTerms(x, y));
  return collect(out);
}

/** Keeps a multi-term sum as one factor, its leading coefficient pulled out: 2 − 2σ = 2·(1 − σ). */
function wrapSum(s: Sum): Sum {
  if (s.length <= 1) return s;
  const lead = displayOrder(s)[0]!.coeff;
  const inner = scaleSum(s, 1 / lead);
  return [{ coeff: lead, factors: [{ atom: sumAtom(inner), exp: 1 }] }];
}

function sumAtom(s: Sum): Atom {
  return atomOf('sum', toExpr(s));
}

function powerOfSum(s: Sum, n: number): Sum {
  if (n === 1) return s;
  if (n === 0) return constantTerm(1);
  if (s.length === 0) return n > 0 ? [] : constantTerm(Number.NaN);
  if (s.length === 1) return powerOfTerm(s[0]!, n);
  if (Number.isInteger(n) && n > 0 && n <= maxExpandedPower && isPolynomialLike(s) && s.length ** n <= expansionLimit * 4) {
    let out: Sum = s;
    for (let i = 1; i < n; i++) out = multiplySums(out, s);
    return out;
  }
  const wrapped = wrapSum(s)[0]!;
  if (wrapped.coeff > 0 || Number.isInteger(n)) return powerOfTerm(wrapped, n);
  return atomTerm(atomOf('pow', binary('^', toExpr(s), num(n))));
}

const positiveKinds: ReadonlySet<string> = new Set(['exp', 'sigmoid', 'softplus']);
const isPositiveAtom = (a: Atom): boolean =>
  a.kind === 'num' || a.kind === 'const' || (a.kind === 'call' && a.expr.kind === 'call' && positiveKinds.has(a.expr.name));

function powerOfTerm(t: Term, n: number): Sum {
  if (Number.isInteger(n)) {
    return [absorbIntoPiecewise({ coeff: t.coeff ** n, factors: t.factors.map((f) => ({ atom: f.atom, exp: f.exp * n })) })];
  }
  // (x²)^(1/2) = |x|, not x: fractional powers pass through a factor only when that is safe
  const safe = t.coeff > 0 && t.factors.every((f) => Math.abs(f.exp) === 1 || isPositiveAtom(f.atom));
  if (!safe) return atomTerm(atomOf('pow', binary('^', toExpr([t]), num(n))));
  let result: Sum = [{ coeff: 1, factors: t.factors.map((f) => ({ atom: f.atom, exp: f.exp * n })) }];
  return multiplySums(result, numberPower(t.coeff, n));
}

/** c^n for a fractional n, kept exact as a root when c is rational: 2^(1/2) stays √2. */
function numberPower(c: number, n: number): Sum {
  const value = c ** n;
  const r = nearestRational(value, 1000);
  if (Math.abs(value - r.p / r.q) < 1e-13 * Math.max(1, value)) return constantTerm(r.p / r.q);
  const cr = nearestRational(c, 1000);
  if (Math.abs(c - cr.p / cr.q) > 1e-13 * c) return constantTerm(value);
  let out: Sum = constantTerm(1);
  if (cr.p !== 1) out = multiplySums(out, atomTerm(atomOf('num', num(cr.p), { base: cr.p }), n));
  if (cr.q !== 1) out = multiplySums(out, atomTerm(atomOf('num', num(cr.q), { base: cr.q }), -n));
  return out;
}

function makePiecewise(cases: readonly NormalCase[]): Sum {
  const kept: NormalCase[] = [];
  for (const c of cases) {
    if (isNumber(c.lhs)) {
      const v = numberValue(c.lhs);
      if (c.op === '>' ? v > 0 : v < 0) return c.value;
      continue;
    }
    kept.push(c);
  }
  if (kept.length === 0) return constantTerm(Number.NaN);
  const first = monomialKey(kept[0]!.value.flatMap((t) => t.factors)) + kept[0]!.value.map((t) => t.coeff).join();
  const allSame = kept.every((c) => monomialKey(c.value.flatMap((t) => t.factors)) + c.value.map((t) => t.coeff).join() === first);
  if (allSame && kept.length === cases.length) return kept[0]!.value;
  const expr = piecewise(kept.map((c) => ({ value: toExpr(c.value), cond: { op: c.op, lhs: toExpr(c.lhs), rhs: num(0) } })));
  return atomTerm(atomOf('piecewise', expr, { cases: kept }));
}

/** Normalises `lhs op rhs` to `s op' 0` with s's leading coefficient 1: 0.1x > x becomes x < 0. */
function normalizeCondition(cond: Condition): { lhs: Sum; op: '>' | '<' } {
  const s = addSums(toSum(cond.lhs), scaleSum(toSum(cond.rhs), -1));
  if (isNumber(s)) return { lhs: s, op: cond.op };
  const lead = orderTerms(s)[0]!.coeff;
  const flipped = lead < 0 ? (cond.op === '>' ? '<' : '>') : cond.op;
  return { lhs: scaleSum(s, 1 / lead), op: flipped };
}

/** Values of calls at numbers that are exact: exp(0) = 1, log(1) = 0, sigmoid(0) = 1/2... */
function exactCall(name: string, args: readonly Sum[]): Sum | null {
  if (!args.every(isNumber)) return null;
  const v = args.map(numberValue);
  const x = v[0]!;
  switch (name) {
    case 'exp': return x === 0 ? constantTerm(1) : null;
    case 'log': return x === 1 ? [] : null;
    case 'sin': case 'tanh': case 'erf': case 'gelu': return x === 0 ? [] : null;
    case 'cos': return x === 0 ? constantTerm(1) : null;
    case 'sigmoid': return x === 0 ? constantTerm(0.5) : null;
    case 'abs': return constantTerm(Math.abs(x));
    case 'relu': return constantTerm(Math.max(0, x));
    case 'max': return constantTerm(Math.max(x, v[1]!));
    case 'min': return constantTerm(Math.min(x, v[1]!));
    default: return null;
  }
}

function binarySum(op: BinaryOp, left: Expr, right: Expr): Sum {
  const l = toSum(left);
  const r = toSum(right);
  switch (op) {
    case '+': return addSums(l, r);
    case '-': return addSums(l, scaleSum(r, -1));
    case '*': return multiplySums(l, r);
    // u/v^n = u·v^(−n): a power in a denominator is kept factored, not expanded
    case '/':
      if (right.kind === 'binary' && right.op === '^' && right.right.kind === 'num') {
        return multiplySums(l, powerOfSum(toSum(right.left), -right.right.value));
      }
      return multiplySums(l, powerOfSum(r, -1));
    case '^':
      if (isNumber(r)) return powerOfSum(l, numberValue(r));
      // e^u = exp(u)
      if (left.kind === 'const' && left.name === 'e') return atomTerm(atomOf('call', call('exp', toExpr(r))));
      return atomTerm(atomOf('pow', binary('^', toExpr(l), toExpr(r))));
  }
}

function toSum(e: Expr): Sum {
  switch (e.kind) {
    case 'num': return constantTerm(e.value);
    case 'var': return atomTerm(atomOf('var', e));
    case 'const': return atomTerm(atomOf('const', e));
    case 'neg': return scaleSum(toSum(e.arg), -1);
    case 'binary': return binarySum(e.op, e.left, e.right);
    case 'call': {
      const args = e.args.map(toSum);
      const exact = exactCall(e.name, args);
      if (exact) return exact;
      // √u = u^(1/2); log(e) = 1; exp(log u) is left alone (it needs u > 0)
      if (e.name === 'sqrt') return powerOfSum(args[0]!, 0.5);
      if (e.name === 'log' && e.args[0]!.kind === 'const' && e.args[0]!.name === 'e') return constantTerm(1);
      return atomTerm(atomOf('call', call(e.name, ...args.map(toExpr))));
    }
    case 'piecewise':
      return makePiecewise(e.cases.map((c) => ({ value: toSum(c.value), ...normalizeCondition(c.cond) })));
  }
}

/** Orders terms by total degree in the variables, then lexicographically, numbers last: 2xy + y² − 6y. */
function orderTerms(s: Sum): Term[] {
  const degree = (t: Term): number => t.factors.reduce((d, f) => d + (f.atom.kind === 'var' ? f.exp : 0), 0);
  const varExps = (t: Term): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of t.factors) if (f.atom.kind === 'var') m.set((f.atom.expr as { name: string }).name, f.exp);
    return m;
  };
  const names = [...new Set(s.flatMap((t) => [...varExps(t).keys()]))].sort();
  const sorted = [...s].sort((a, b) => {
    const da = degree(a);
    const db = degree(b);
    if (da !== db) return db - da;
    const ea = varExps(a);
    const eb = varExps(b);
    for (const n of names) {
      const d = (eb.get(n) ?? 0) - (ea.get(n) ?? 0);
      if (d !== 0) return d;
    }
    if (a.factors.length !== b.factors.length) return b.factors.length - a.factors.length;
    const ka = monomialKey(a.factors);
    const kb = monomialKey(b.factors);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return sorted;
}

/** A coefficient as numerator and denominator when it is a simple fraction (for x/2 rather than 0.5x). */
function splitCoefficient(c: number): { p: number; q: number } {
  const r = nearestRational(Math.abs(c), 1000);
  // tenths and hundredths read better as decimals (0.1x), halves and thirds as fractions (x/2)
  if (r.q % 5 === 0) return { p: Math.abs(c), q: 1 };
  if (r.q > 1 && Math.abs(Math.abs(c) - r.p / r.q) < 1e-12 * Math.max(1, Math.abs(c))) return r;
  return { p: Math.abs(c), q: 1 };
}

function factorExpr(f: Factor, exp: number): Expr {
  if (exp === 1) return f.atom.expr;
  if (exp === 0.5) return call('sqrt', f.atom.expr);
  return binary('^', f.atom.expr, num(exp));
}

const product = (items: Expr[]): Expr | null => (items.length === 0 ? null : items.reduce((a, b) => binary('*', a, b)));

function termExpr(t: Term): { expr: Expr; negative: boolean } {
  const { p, q } = splitCoefficient(t.coeff);
  const numerator: Expr[] = [];
  const denominator: Expr[] = [];
  if (p !== 1 || t.factors.every((f) => f.exp < 0)) numerator.push(num(p));
  if (q !== 1) denominator.push(num(q));
  for (const f of t.factors) {
    if (f.exp > 0) numerator.push(factorExpr(f, f.exp));
    else denominator.push(factorExpr(f, -f.exp));
  }
  const top = product(numerator) ?? num(1);
  const bottom = product(denominator);
  return { expr: bottom ? binary('/', top, bottom) : top, negative: t.coeff < 0 };
}

/** Terms in printing order; a leading minus reads badly, so the first positive term leads (1 − tanh²x). */
function displayOrder(s: Sum): Term[] {
  const ordered = orderTerms(s);
  if (ordered.length > 0 && ordered[0]!.coeff < 0) {
    const i = ordered.findIndex((t) => t.coeff > 0);
    if (i > 0) ordered.unshift(...ordered.splice(i, 1));
  }
  return ordered;
}

function toExpr(s: Sum): Expr {
  if (s.length === 0) return num(0);
  const ordered = displayOrder(s);
  let out: Expr | null = null;
  for (const t of ordered) {
    const { expr, negative } = termExpr(t);
    if (out === null) out = negative ? neg(expr) : expr;
    else out = binary(negative ? '-' : '+', out, expr);
  }
  return out!;
}

/**
 * Simplifies an expression: collects like terms, expands polynomial products, folds numbers,
 * and orders terms as a student would write them. Throws SimplificationTooLargeError past
 * `calculusLimits.maxSimplifyWork` units of work.
 * @example formatText(simplify(parseExpression('2*x*y + y*y - 6*y + 0*x'))) === '2*x*y + y^2 - 6*y'
 */
export function simplify(expr: Expr): Expr {
  return withBudget(() => toExpr(toSum(expr)));
}

/** True when `a - b` simplifies to 0 (a sufficient, not necessary, test of equality). */
export function simplifiesEqual(a: Expr, b: Expr): boolean {
  return withBudget(() => addSums(toSum(a), scaleSum(toSum(b), -1)).length === 0);
}

