// Evaluates expression trees through nabla's own ops in float64, so derivatives come from autodiff.

import {
  abs, add, cos, div, erf, exp, gelu, greater, less, log, maximum, minimum, mul, neg, pow, relu, sigmoid, sin, softplus, sqrt, sub, tanh, where,
} from '../ops/index.js';
import { tensor, Tensor } from '../tensor/index.js';
import type { Expr } from './expression.js';
import { lookup } from './function-catalog.js';

type Value = Tensor | number;

const lift = (v: Value): Tensor => (v instanceof Tensor ? v : tensor(v, { dtype: 'float64' }));

const unaryOps: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  exp, log, sqrt, abs, sin, cos, tanh, sigmoid, erf, softplus, relu,
  gelu: (x) => gelu(x),
};

function evaluateNode(e: Expr, env: ReadonlyMap<string, Tensor>): Value {
  switch (e.kind) {
    case 'num': return e.value;
    case 'const': return e.name === 'pi' ? Math.PI : Math.E;
    case 'var': {
      const t = env.get(e.name);
      if (!t) throw new Error(`no value for variable '${e.name}'`);
      return t;
    }
    case 'neg': {
      const a = evaluateNode(e.arg, env);
      return typeof a === 'number' ? -a : neg(a);
    }
    case 'binary': {
      // e^u is exp(u): its derivative then needs no log of the base
      if (e.op === '^' && e.left.kind === 'const' && e.left.name === 'e') return exp(lift(evaluateNode(e.right, env)));
      const l = evaluateNode(e.left, env);
      const r = evaluateNode(e.right, env);
      if (typeof l === 'number' && typeof r === 'number') {
        switch (e.op) {
          case '+': return l + r;
          case '-': return l - r;
          case '*': return l * r;
          case '/': return l / r;
          case '^': return l ** r;
        }
      }
      switch (e.op) {
        case '+': return add(l, r);
        case '-': return sub(l, r);
        case '*': return mul(l, r);
        case '/': return div(l, r);
        case '^':
          // u^0 = 1 and u^1 = u exactly (pow's rule would give 0·u^(−1), NaN at u = 0)
          if (r === 0) return 1;
          if (r === 1) return l;
          return pow(lift(l), r);
      }
      throw new Error('unknown operator');
    }
    case 'call': {
      const args = e.args.map((a) => evaluateNode(a, env));
      if (e.name === 'max') return maximum(lift(args[0]!), args[1]!);
      if (e.name === 'min') return minimum(lift(args[0]!), args[1]!);
      const op = lookup(unaryOps, e.name);
      if (!op) throw new Error(`cannot evaluate function '${e.name}'`);
      return op(lift(args[0]!));
    }
    case 'piecewise': {
      // undefined (NaN) where no case holds, e.g. relu'(0)
      let out: Value = Number.NaN;
      for (let i = e.cases.length - 1; i >= 0; i--) {
        const c = e.cases[i]!;
        const lhs = lift(evaluateNode(c.cond.lhs, env));
        const rhs = evaluateNode(c.cond.rhs, env);
        const holds = c.cond.op === '>' ? greater(lhs, rhs) : less(lhs, rhs);
        out = where(holds, evaluateNode(c.value, env), out);
      }
      return out;
    }
  }
}

/**
 * Evaluates `expr` with each variable bound to a float64 tensor (all of one shape, a batch of
 * points). The result has that shape, even when the expression is constant.
 * @example evaluateExpression(parseExpression('x*y'), new Map([['x', tensor([2], f64)], ['y', tensor([3], f64)]])) // [6]
 */
export function evaluateExpression(expr: Expr, env: ReadonlyMap<string, Tensor>): Tensor {
  const v = evaluateNode(expr, env);
  const first = env.values().next().value as Tensor | undefined;
  if (v instanceof Tensor && (!first || v.shape.length === first.shape.length)) return v;
  // a constant (or lower-rank) result: broadcast against the inputs so every point gets a value
  return first ? add(mul(first, 0), v) : lift(v);
}

/** Evaluates at one point with plain numbers (no gradient tracking). */
export function evaluateAt(expr: Expr, point: Readonly<Record<string, number>>): number {
  const env = new Map(Object.entries(point).map(([k, v]) => [k, tensor(v, { dtype: 'float64' })] as const));
  return evaluateExpression(expr, env).item();
}
