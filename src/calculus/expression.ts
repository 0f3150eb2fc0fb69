// The expression tree (AST) shared by the parser, the differentiator, the simplifier and the printers.

/** A comparison used by piecewise expressions: `lhs op rhs`. */
export interface Condition {
  readonly op: '>' | '<';
  readonly lhs: Expr;
  readonly rhs: Expr;
}

/** One branch of a piecewise expression: `value if cond`. */
export interface PiecewiseCase {
  readonly value: Expr;
  readonly cond: Condition;
}

/**
 * An expression. `call` covers the named functions (exp, relu, max...); `piecewise` appears only in
 * derivatives of non-smooth functions and is undefined where no case holds (relu'(0)).
 */
export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'const'; readonly name: 'pi' | 'e' }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'piecewise'; readonly cases: readonly PiecewiseCase[] };

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export const num = (value: number): Expr => ({ kind: 'num', value });
export const variable = (name: string): Expr => ({ kind: 'var', name });
export const constant = (name: 'pi' | 'e'): Expr => ({ kind: 'const', name });
export const neg = (arg: Expr): Expr => ({ kind: 'neg', arg });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const add = (left: Expr, right: Expr): Expr => binary('+', left, right);
export const sub = (left: Expr, right: Expr): Expr => binary('-', left, right);
export const mul = (left: Expr, right: Expr): Expr => binary('*', left, right);
export const div = (left: Expr, right: Expr): Expr => binary('/', left, right);
export const pow = (left: Expr, right: Expr): Expr => binary('^', left, right);
export const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
export const piecewise = (cases: readonly PiecewiseCase[]): Expr => ({ kind: 'piecewise', cases });

/** The variables of `expr`, sorted alphabetically (the default variable order). */
export function variablesOf(expr: Expr): string[] {
  const names = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'var': names.add(e.name); break;
      case 'neg': visit(e.arg); break;
      case 'binary': visit(e.left); visit(e.right); break;
      case 'call': e.args.forEach(visit); break;
      case 'piecewise': for (const c of e.cases) { visit(c.value); visit(c.cond.lhs); visit(c.cond.rhs); } break;
      default: break;
    }
  };
  visit(expr);
  return [...names].sort();
}

/** The children of a node, in order (for walks that keep their own stack). */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'neg': return [e.arg];
    case 'binary': return [e.left, e.right];
    case 'call': return [...e.args];
    case 'piecewise': return e.cases.flatMap((c) => [c.value, c.cond.lhs, c.cond.rhs]);
    default: return [];
  }
}

/** The number of levels of `expr` (a leaf has depth 1), walked with an explicit stack so any depth is safe. */
export function expressionDepth(expr: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[expr, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    for (const c of childrenOf(e)) stack.push([c, d + 1]);
  }
  return deepest;
}

/**
 * The number of nodes of `expr` counted as a tree, where a subtree shared by several parents
 * (as derivatives share them) counts once per parent: the size of its printed text, up to a
 * constant. Linear in the number of distinct nodes; stops counting past `cap`.
 */
export function treeSize(expr: Expr, cap = Number.POSITIVE_INFINITY): number {
  const sizes = new Map<Expr, number>();
  // post-order with an explicit stack: a node's size once all its children have theirs
  const stack: [Expr, boolean][] = [[expr, false]];
  while (stack.length > 0) {
    const [e, ready] = stack.pop()!;
    if (sizes.has(e)) continue;
    const children = childrenOf(e);
    if (ready) {
      sizes.set(e, Math.min(cap + 1, children.reduce((s, c) => s + sizes.get(c)!, 1)));
    } else {
      stack.push([e, true]);
      for (const c of children) if (!sizes.has(c)) stack.push([c, false]);
    }
  }
  return sizes.get(expr)!;
}

/** `expr` with each variable named in `values` replaced by that expression. */
export function substitute(expr: Expr, values: ReadonlyMap<string, Expr>): Expr {
  const walk = (e: Expr): Expr => {
    switch (e.kind) {
      case 'var': return values.get(e.name) ?? e;
      case 'num': case 'const': return e;
      case 'neg': return neg(walk(e.arg));
      case 'binary': return binary(e.op, walk(e.left), walk(e.right));
      case 'call': return call(e.name, ...e.args.map(walk));
      case 'piecewise':
        return piecewise(e.cases.map((c) => ({ value: walk(c.value), cond: { op: c.cond.op, lhs: walk(c.cond.lhs), rhs: walk(c.cond.rhs) } })));
    }
  };
  return walk(expr);
}
