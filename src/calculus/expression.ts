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
