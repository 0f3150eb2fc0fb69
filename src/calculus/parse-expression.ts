// Parses plain math text (`x^2*y + 2x - relu(b + x*w)`) into an expression tree, with column-accurate errors.

import { binary, call, constant, neg, num, variable } from './expression.js';
import type { Expr } from './expression.js';
import { expressionDepth } from './expression.js';
import { functionAliases, functionCatalog, isKnownFunction, lookup } from './function-catalog.js';
import { calculusLimits } from './limits.js';

/** The number of code points in `text` (what a reader counts as characters; an emoji is one). */
export const codePointLength = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** `text` cut to at most `max` code points, with an ellipsis when cut (never half an emoji). */
export function excerpt(text: string, max = 60): string {
  if (text.length <= max) return text;
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** A syntax error; `column` is 1-based in the text given to the parser. */
export class ExpressionSyntaxError extends Error {
  override name = 'ExpressionSyntaxError';
  constructor(
    readonly reason: string,
    readonly column: number,
    readonly source: string,
  ) {
    super(`syntax error at column ${column}: ${reason} in "${excerpt(source)}"`);
  }
}

/** Text longer than `calculusLimits.maxExpressionLength` characters. */
export class ExpressionTooLongError extends Error {
  override name = 'ExpressionTooLongError';
  constructor(readonly length: number, readonly limit: number) {
    super(`expression too long: ${length} characters (limit ${limit})`);
  }
}

/** Refuses `text` longer than the expression length limit (counted in code points). */
export function checkExpressionLength(text: string): void {
  const limit = calculusLimits.maxExpressionLength;
  if (text.length <= limit) return;
  const length = codePointLength(text);
  if (length > limit) throw new ExpressionTooLongError(length, limit);
}

/** An unknown function name, e.g. `foo(x)`. */
export class UnknownFunctionError extends Error {
  override name = 'UnknownFunctionError';
  constructor(readonly functionName: string, readonly column: number) {
    super(`unknown function '${functionName}' at column ${column} (known: ${Object.keys(functionCatalog).join(', ')})`);
  }
}

type TokenKind = 'num' | 'ident' | 'op' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 0-based offset in the source, in UTF-16 code units (columns are reported in code points). */
  readonly pos: number;
}

const operatorAliases: ReadonlyMap<string, string> = new Map([['−', '-'], ['·', '*'], ['×', '*'], ['÷', '/']]);

// sticky patterns match at lastIndex without copying the rest of the text (tokenizing stays linear)
const numberPattern = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;
const identPattern = /[A-Za-z_\u03b1-\u03c9][A-Za-z0-9_]*/y;

function tokenize(source: string, report: (reason: string, pos: number) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    // a whole code point: an emoji is two UTF-16 units
    const c = String.fromCodePoint(source.codePointAt(i)!);
    if (/\s/.test(c)) { i += c.length; continue; }
    numberPattern.lastIndex = i;
    const numberMatch = numberPattern.exec(source);
    if (numberMatch && /[\d.]/.test(c)) {
      // `2e` followed by no digits is 2 times e: the regex only takes an exponent with digits
      tokens.push({ kind: 'num', text: numberMatch[0], pos: i });
      i += numberMatch[0].length;
      continue;
    }
    identPattern.lastIndex = i;
    const identMatch = identPattern.exec(source);
    if (identMatch) {
      tokens.push({ kind: 'ident', text: identMatch[0], pos: i });
      i += identMatch[0].length;
      continue;
    }
    if (source.startsWith('**', i)) { tokens.push({ kind: 'op', text: '^', pos: i }); i += 2; continue; }
    if ('+-*/^(),'.includes(c)) { tokens.push({ kind: 'op', text: c, pos: i }); i++; continue; }
    const alias = operatorAliases.get(c);
    if (alias) { tokens.push({ kind: 'op', text: alias, pos: i }); i++; continue; }
    report(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

/**
 * Parses an expression. Precedence, lowest first: `+ -`, `* /` and juxtaposition (`2x`), unary
 * minus, `^` (right-associative, so `2^3^2 = 2^9` and `-x^2 = -(x^2)`).
 *
 * @param columnOffset added to reported columns when `source` is a slice of a longer text.
 * @example parseExpression('x^2*y + x*y^2 - 6*x*y')
 */
export function parseExpression(source: string, columnOffset = 0): Expr {
  checkExpressionLength(source);
  const column = (pos: number): number => codePointLength(source.slice(0, pos)) + 1 + columnOffset;
  const report = (reason: string, pos: number): never => {
    throw new ExpressionSyntaxError(reason, column(pos), source);
  };
  const tokens = tokenize(source, report);
  const maxDepth = calculusLimits.maxExpressionDepth;
  const tooDeep = `expression nested too deeply: more than ${maxDepth} levels (limit ${maxDepth})`;
  // the parser recurses once per level of parentheses, calls, unary minus and powers: bounded here
  let depth = 0;
  const nested = <T>(pos: number, parse: () => T): T => {
    if (++depth > maxDepth) report(tooDeep, pos);
    const out = parse();
    depth--;
    return out;
  };
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isOp = (t: Token, text: string): boolean => t.kind === 'op' && t.text === text;
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of input' : `'${t.text}'`);
  const expect = (text: string): void => {
    const t = next();
    if (!isOp(t, text)) report(`expected '${text}' but found ${describe(t)}`, t.pos);
  };

  const parseSum = (): Expr => {
    let left = parseProduct();
    for (;;) {
      const t = peek();
      if (isOp(t, '+') || isOp(t, '-')) {
        next();
        left = binary(t.text as '+' | '-', left, parseProduct());
      } else return left;
    }
  };

  const parseProduct = (): Expr => {
    let left = parseUnary();
    for (;;) {
      const t = peek();
      if (isOp(t, '*') || isOp(t, '/')) {
        next();
        left = binary(t.text as '*' | '/', left, parseUnary());
      } else if (t.kind === 'ident' || isOp(t, '(') || (t.kind === 'num' && left.kind !== 'num')) {
        // juxtaposition: 2x, 2(x+1), x y, (x+1)(x-1)
        left = binary('*', left, parsePower());
      } else if (t.kind === 'num') {
        return report(`unexpected number ${t.text} (write '*' between numbers)`, t.pos);
      } else return left;
    }
  };

  const parseUnary = (): Expr => {
    const t = peek();
    if (isOp(t, '-')) { next(); return nested(t.pos, () => neg(parseUnary())); }
    if (isOp(t, '+')) { next(); return nested(t.pos, parseUnary); }
    return parsePower();
  };

  const parsePower = (): Expr => {
    const base = parsePrimary();
    const t = peek();
    if (isOp(t, '^')) {
      next();
      return nested(t.pos, () => binary('^', base, parseUnary()));
    }
    return base;
  };

  const parsePrimary = (): Expr => {
    const t = next();
    if (t.kind === 'num') return num(Number(t.text));
    if (isOp(t, '(')) {
      const inner = nested(t.pos, parseSum);
      expect(')');
      return inner;
    }
    if (t.kind === 'ident') {
      const name = lookup(functionAliases, t.text) ?? t.text;
      if (isOp(peek(), '(')) {
        if (!isKnownFunction(name)) throw new UnknownFunctionError(t.text, column(t.pos));
        next();
        const args: Expr[] = [];
        nested(t.pos, () => {
          if (!isOp(peek(), ')')) {
            args.push(parseSum());
            while (isOp(peek(), ',')) { next(); args.push(parseSum()); }
          }
        });
        expect(')');
        const arity = lookup(functionCatalog, name)!.arity;
        if (args.length !== arity) report(`${name} takes ${arity} argument${arity === 1 ? '' : 's'}, got ${args.length}`, t.pos);
        return call(name, ...args);
      }
      if (isKnownFunction(name)) report(`function '${name}' needs an argument list, e.g. ${name}(x)`, t.pos);
      if (t.text === 'pi' || t.text === 'π') return constant('pi');
      if (t.text === 'e') return constant('e');
      return variable(t.text);
    }
    return report(t.kind === 'end' ? 'unexpected end of input' : `unexpected ${describe(t)}`, t.pos);
  };

  if (peek().kind === 'end') report('empty expression', 0);
  const expr = parseSum();
  const rest = peek();
  if (rest.kind !== 'end') report(`unexpected ${describe(rest)}`, rest.pos);
  // long sums and products are read by loops, but every later step walks the tree recursively
  if (expressionDepth(expr) > maxDepth) report(tooDeep, 0);
  return expr;
}

/**
 * Splits `text` on `;` (and newlines), keeping each piece's 0-based offset for error columns,
 * counted in code points.
 */
export function splitStatements(text: string): { text: string; offset: number }[] {
  checkExpressionLength(text);
  const pieces: { text: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ';' || text[i] === '\n') {
      const piece = text.slice(start, i);
      if (piece.trim() !== '') pieces.push({ text: piece, offset: codePointLength(text.slice(0, start)) });
      start = i + 1;
    }
  }
  return pieces;
}

/** Parses `"E1; E2; ..."` into one expression per piece. */
export function parseExpressionList(text: string): Expr[] {
  const pieces = splitStatements(text);
  if (pieces.length === 0) throw new ExpressionSyntaxError('empty expression list', 1, text);
  return pieces.map((p) => parseExpression(p.text, p.offset));
}
