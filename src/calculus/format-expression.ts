// Prints expressions three ways: parseable text (2*x*y + y^2), pretty Unicode (2xy + y²) and LaTeX.

import type { Condition, Expr } from './expression.js';
import { functionCatalog, lookup } from './function-catalog.js';

type Style = 'text' | 'pretty' | 'latex';

// precedence: higher binds tighter
const SUM = 1;
const PRODUCT = 2;
const NEG = 3;
const POWER = 4;
const ATOM = 5;

interface Printed {
  readonly s: string;
  readonly prec: number;
  /** Starts with a minus sign (needs parentheses after an operator). */
  readonly signed?: boolean;
}

const superscripts: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

function formatNum(v: number, style: Style): string {
  if (Number.isNaN(v)) return style === 'latex' ? '\\text{undefined}' : 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? (style === 'text' ? 'Infinity' : '∞') : style === 'text' ? '-Infinity' : '−∞';
  const s = Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  return style === 'pretty' ? s.replace('-', '−') : s;
}

function paren(p: Printed, style: Style): string {
  return style === 'latex' ? `\\left(${p.s}\\right)` : `(${p.s})`;
}

function printCondition(c: Condition, style: Style): string {
  const rel = ` ${c.op} `;
  return `${print(c.lhs, style).s}${rel}${print(c.rhs, style).s}`;
}

/** Flattens a*b*c into its factors, in order (an explicit stack: long products are deep on the left). */
function productFactors(e: Expr): Expr[] {
  const factors: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.kind === 'binary' && f.op === '*') stack.push(f.right, f.left);
    else factors.push(f);
  }
  return factors;
}

/** A factor that reads unambiguously when juxtaposed: x, π, σ(x), √x, (…), x². */
const isShortFactor = (s: string): boolean => /^([A-Za-zα-ωπ][⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*|σ\(.*|√.*|\(.*)$/u.test(s) && !/^[A-Za-z]{2,}/.test(s);

/** Ends in a name of two or more characters (`ab`, `x1`), after which another letter would merge into it. */
const endsInLongName = (s: string): boolean => /[A-Za-z_][A-Za-z0-9_]+$/.test(s);

function printProduct(e: Expr, style: Style): Printed {
  const parts = productFactors(e).map((f, i) => {
    const p = print(f, style);
    const needs = p.prec < PRODUCT || (i > 0 && p.signed) || (p.prec === PRODUCT && i > 0);
    return needs ? paren(p, style) : p.s;
  });
  if (style === 'text') return { s: parts.join('*'), prec: PRODUCT };
  let s = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const next = parts[i]!;
    if (style === 'latex') s += /^[\d.]/.test(next) ? ` \\cdot ${next}` : ` ${next}`;
    // juxtaposing after a multi-letter name would read as one name (constructor x, not constructorx)
    else s += isShortFactor(next) && !/^\d/.test(next) && !endsInLongName(parts[i - 1]!) ? next : `·${next}`;
  }
  return { s, prec: PRODUCT, signed: parts[0]!.startsWith('-') || parts[0]!.startsWith('−') };
}

function print(e: Expr, style: Style): Printed {
  switch (e.kind) {
    case 'num': {
      const s = formatNum(e.value, style);
      return { s, prec: e.value < 0 ? NEG : ATOM, signed: e.value < 0 };
    }
    case 'var':
      return { s: e.name, prec: ATOM };
    case 'const':
      if (e.name === 'e') return { s: 'e', prec: ATOM };
      return { s: style === 'text' ? 'pi' : style === 'pretty' ? 'π' : '\\pi', prec: ATOM };
    case 'neg': {
      const a = print(e.arg, style);
      const inner = a.prec < PRODUCT || a.signed ? paren(a, style) : a.s;
      return { s: `${style === 'pretty' ? '−' : '-'}${inner}`, prec: NEG, signed: true };
    }
    case 'binary': {
      // a product prints its flattened factors itself: printing both sides here too would print
      // every nested factor twice per level (2^depth work)
      if (e.op === '*') return printProduct(e, style);
      const l = print(e.left, style);
      const r = print(e.right, style);
      switch (e.op) {
        case '+':
        case '-': {
          const rs = r.signed || (e.op === '-' && r.prec <= SUM) ? paren(r, style) : r.s;
          const op = e.op === '-' && style === 'pretty' ? ' − ' : ` ${e.op} `;
          return { s: `${l.s}${op}${rs}`, prec: SUM, signed: l.signed };
        }
        case '/': {
          if (style === 'latex') return { s: `\\frac{${l.s}}{${r.s}}`, prec: ATOM };
          const ls = l.prec < PRODUCT ? paren(l, style) : l.s;
          const rs = r.prec <= PRODUCT || r.signed ? paren(r, style) : r.s;
          return { s: `${ls}/${rs}`, prec: PRODUCT, signed: l.signed };
        }
        case '^': {
          const base = l.prec <= POWER || l.signed ? paren(l, style) : l.s;
          if (style === 'latex') return { s: `${base}^{${r.s}}`, prec: POWER };
          if (style === 'pretty' && e.right.kind === 'num' && Number.isInteger(e.right.value) && Math.abs(e.right.value) < 1000) {
            const sup = String(e.right.value).split('').map((c) => superscripts[c]).join('');
            return { s: `${base}${sup}`, prec: POWER };
          }
          const exponent = r.prec < ATOM || r.signed ? paren(r, style) : r.s;
          return { s: `${base}^${exponent}`, prec: POWER };
        }
      }
      throw new Error(`unknown operator`);
    }
    case 'call': {
      const args = e.args.map((a) => print(a, style));
      const joined = args.map((a) => a.s).join(', ');
      if (style === 'text') return { s: `${e.name}(${joined})`, prec: ATOM };
      if (e.name === 'abs') return { s: style === 'latex' ? `\\left|${joined}\\right|` : `|${joined}|`, prec: ATOM };
      if (e.name === 'sqrt') {
        if (style === 'latex') return { s: `\\sqrt{${joined}}`, prec: ATOM };
        return { s: args[0]!.prec === ATOM ? `√${joined}` : `√(${joined})`, prec: ATOM };
      }
      const info = lookup(functionCatalog, e.name);
      if (style === 'latex') return { s: `${info?.latex ?? `\\operatorname{${e.name}}`}\\left(${joined}\\right)`, prec: ATOM };
      return { s: `${info?.pretty ?? e.name}(${joined})`, prec: ATOM };
    }
    case 'piecewise': {
      if (style === 'latex') {
        const rows = e.cases.map((c) => `${print(c.value, style).s} & \\text{if } ${printCondition(c.cond, style)}`);
        return { s: `\\begin{cases} ${rows.join(' \\\\ ')} \\end{cases}`, prec: ATOM };
      }
      const rows = e.cases.map((c) => `${print(c.value, style).s} if ${printCondition(c.cond, style)}`);
      return { s: `{${rows.join('; ')}}`, prec: ATOM };
    }
  }
}

/** Plain ASCII text that `parseExpression` reads back (except piecewise forms): `2*x*y + y^2 - 6*y`. */
export function formatText(e: Expr): string {
  return print(e, 'text').s;
}

/** Unicode as a student writes it: `2xy + y² − 6y`, `σ(x)(1 − σ(x))`. */
export function formatPretty(e: Expr): string {
  return print(e, 'pretty').s;
}

/** LaTeX: `2 x y + y^{2} - 6 y`, `\frac{1}{2 \sqrt{x}}`. */
export function formatLatex(e: Expr): string {
  return print(e, 'latex').s;
}
