// Symbolic differentiation of expression trees (for display; numbers come from autodiff).

import { add, call, constant, div, mul, neg, num, piecewise, pow, sub, treeSize } from './expression.js';
import type { Expr } from './expression.js';
import { calculusLimits } from './limits.js';
import { simplify, SimplificationTooLargeError } from './simplify.js';

/** A derivative too large to simplify and print (its value at a point is still available by autodiff). */
export class DerivativeTooLargeError extends Error {
  override name = 'DerivativeTooLargeError';
  constructor(readonly variable: string, readonly limit: number, readonly unit: 'nodes' | 'work units' = 'nodes') {
    super(`the derivative with respect to ${variable} is too large to show: more than ${limit} ${unit} (limit ${limit})`);
  }
}

const ZERO = num(0);
const ONE = num(1);

const dependsOn = (e: Expr, name: string): boolean => {
  switch (e.kind) {
    case 'var': return e.name === name;
    case 'num': case 'const': return false;
    case 'neg': return dependsOn(e.arg, name);
    case 'binary': return dependsOn(e.left, name) || dependsOn(e.right, name);
    case 'call': return e.args.some((a) => dependsOn(a, name));
    case 'piecewise': return e.cases.some((c) => dependsOn(c.value, name) || dependsOn(c.cond.lhs, name) || dependsOn(c.cond.rhs, name));
  }
};

/** Step function as a piecewise form: {a if u > 0; b if u < 0}, undefined at u = 0. */
const step = (u: Expr, positive: Expr, negative: Expr): Expr =>
  piecewise([
    { value: positive, cond: { op: '>', lhs: u, rhs: ZERO } },
    { value: negative, cond: { op: '<', lhs: u, rhs: ZERO } },
  ]);

/** f'(u) for the named functions, as an expression in u (chain rule applied by the caller). */
function outerDerivative(name: string, args: readonly Expr[], x: string): Expr {
  const u = args[0]!;
  const du = derivative(u, x);
  const chain = (outer: Expr): Expr => mul(outer, du);
  switch (name) {
    // d/du exp u = exp u
    case 'exp': return chain(call('exp', u));
    // d/du log u = 1/u
    case 'log': return div(du, u);
    // d/du √u = 1/(2√u)
    case 'sqrt': return div(du, mul(num(2), call('sqrt', u)));
    // d/du |u| = sign u, undefined at 0
    case 'abs': return chain(step(u, ONE, num(-1)));
    case 'sin': return chain(call('cos', u));
    case 'cos': return chain(neg(call('sin', u)));
    // d/du tanh u = 1 − tanh² u
    case 'tanh': return chain(sub(ONE, pow(call('tanh', u), num(2))));
    // d/du σ(u) = σ(u)(1 − σ(u))
    case 'sigmoid': return chain(mul(call('sigmoid', u), sub(ONE, call('sigmoid', u))));
    // d/du erf u = 2/√π · exp(−u²)
    case 'erf': return chain(div(mul(num(2), call('exp', neg(pow(u, num(2))))), call('sqrt', constant('pi'))));
    // GELU(u) = u Φ(u): d/du = Φ(u) + u φ(u) = (1 + erf(u/√2))/2 + u exp(−u²/2)/√(2π)
    case 'gelu':
      return chain(
        add(
          div(add(ONE, call('erf', div(u, call('sqrt', num(2))))), num(2)),
          div(mul(u, call('exp', neg(div(pow(u, num(2)), num(2))))), call('sqrt', mul(num(2), constant('pi')))),
        ),
      );
    // softplus u = log(1 + e^u): d/du = σ(u)
    case 'softplus': return chain(call('sigmoid', u));
    // relu'(u) = 1 if u > 0, 0 if u < 0, undefined at 0
    case 'relu': return step(u, du, ZERO);
    case 'max':
    case 'min': {
      const [a, b] = [args[0]!, args[1]!];
      const [da, db] = [derivative(a, x), derivative(b, x)];
      const aWins = name === 'max' ? '>' : '<';
      const bWins = name === 'max' ? '<' : '>';
      return piecewise([
        { value: da, cond: { op: aWins, lhs: a, rhs: b } },
        { value: db, cond: { op: bWins, lhs: a, rhs: b } },
      ]);
    }
    default:
      throw new Error(`no derivative rule for ${name}`);
  }
}

/** The raw (unsimplified) derivative of `e` with respect to `x`. */
export function derivative(e: Expr, x: string): Expr {
  if (!dependsOn(e, x)) return ZERO;
  switch (e.kind) {
    case 'var': return ONE;
    case 'num': case 'const': return ZERO;
    case 'neg': return neg(derivative(e.arg, x));
    case 'binary': {
      const { left: u, right: v } = e;
      const du = derivative(u, x);
      const dv = derivative(v, x);
      switch (e.op) {
        case '+': return add(du, dv);
        case '-': return sub(du, dv);
        // (uv)' = u'v + uv'
        case '*': return add(mul(du, v), mul(u, dv));
        // (u/v)' = u'/v − uv'/v²
        case '/': return sub(div(du, v), div(mul(u, dv), pow(v, num(2))));
        case '^': {
          // (u^c)' = c u^(c−1) u'
          if (!dependsOn(v, x)) return mul(mul(v, pow(u, sub(v, ONE))), du);
          // (e^v)' = e^v v'
          if (u.kind === 'const' && u.name === 'e') return mul(call('exp', v), dv);
          // (u^v)' = u^v (v' log u + v u'/u)
          return mul(e, add(mul(dv, call('log', u)), div(mul(v, du), u)));
        }
      }
      throw new Error('unknown operator');
    }
    case 'call':
      return outerDerivative(e.name, e.args, x);
    case 'piecewise':
      // the derivative of a piecewise form is taken case by case (the boundaries stay undefined)
      return piecewise(e.cases.map((c) => ({ value: derivative(c.value, x), cond: c.cond })));
  }
}

/**
 * The simplified derivative ∂e/∂x. The raw derivative shares subtrees (u appears in u' and in
 * (uv)' = u'v + uv'), so its printed size can grow as the square of e's; past
 * `calculusLimits.maxSymbolicNodes` nodes, counted as printed, or past the simplifier's work
 * limit, it throws DerivativeTooLargeError.
 * @example formatPretty(differentiate(parseExpression('x^2*y + x*y^2 - 6*x*y'), 'x')) === '2xy + y² − 6y'
 */
export function differentiate(e: Expr, x: string): Expr {
  const raw = derivative(e, x);
  const limit = calculusLimits.maxSymbolicNodes;
  if (treeSize(raw, limit) > limit) throw new DerivativeTooLargeError(x, limit);
  try {
    return simplify(raw);
  } catch (error) {
    if (error instanceof SimplificationTooLargeError) throw new DerivativeTooLargeError(x, error.limit, 'work units');
    throw error;
  }
}

