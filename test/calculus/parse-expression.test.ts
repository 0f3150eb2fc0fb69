// Parsing: precedence, associativity, juxtaposition, and errors that point at the column.

import { describe, expect, it } from 'vitest';
import { evaluateAt } from '../../src/calculus/evaluate-expression.js';
import { formatText } from '../../src/calculus/format-expression.js';
import { ExpressionSyntaxError, parseExpression, parseExpressionList, UnknownFunctionError } from '../../src/calculus/parse-expression.js';

const value = (s: string, p: Record<string, number> = {}): number => evaluateAt(parseExpression(s), p);

describe('parseExpression', () => {
  it('binds ^ tighter than unary minus, and right to left', () => {
    expect(value('-2^2')).toBe(-4);
    expect(value('2^3^2')).toBe(512);
    expect(value('2^-1')).toBe(0.5);
  });

  it('reads the usual precedence of + - * /', () => {
    expect(value('1 + 2*3 - 4/2')).toBe(5);
    expect(value('(1 + 2)*3')).toBe(9);
    expect(value('8/2/2')).toBe(2);
  });

  it('accepts juxtaposition such as 2x and 2(x+1)', () => {
    expect(value('2x', { x: 3 })).toBe(6);
    expect(value('2(x+1)', { x: 3 })).toBe(8);
    expect(value('3x^2', { x: 2 })).toBe(12);
  });

  it('knows pi, e and the named functions', () => {
    expect(value('cos(pi)')).toBeCloseTo(-1, 15);
    expect(value('log(e)')).toBeCloseTo(1, 15);
    expect(value('max(0.1*x, x)', { x: -2 })).toBeCloseTo(-0.2, 15);
    expect(value('relu(b + x*w)', { b: 1, x: 2, w: -3 })).toBe(0);
  });

  it('reports the column of a syntax error', () => {
    try {
      parseExpression('x + * y');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      expect((error as ExpressionSyntaxError).column).toBe(5);
      expect((error as Error).message).toContain('column 5');
    }
  });

  it('reports an unclosed parenthesis at the end', () => {
    expect(() => parseExpression('(x + 1')).toThrow(/column 7/);
  });

  it('names an unknown function', () => {
    expect(() => parseExpression('foo(x) + 1')).toThrow(UnknownFunctionError);
    expect(() => parseExpression('foo(x) + 1')).toThrow(/'foo'/);
  });

  it('checks the number of arguments', () => {
    expect(() => parseExpression('max(x)')).toThrow(/2 arguments/);
  });

  it('prints text that parses back to the same tree', () => {
    for (const s of ['x^2*y + x*y^2 - 6*x*y', '-(x - y)^2', 'x/(y*z)', 'relu(b + x*w)', '2^3^2', '(2^3)^2']) {
      const e = parseExpression(s);
      expect(parseExpression(formatText(e))).toEqual(e);
    }
  });
});

describe('parseExpression on extreme and unusual text', () => {
  const messageOf = (source: string): string => {
    try {
      parseExpression(source);
    } catch (error) {
      return (error as Error).message;
    }
    return expect.unreachable('no error');
  };

  it.each([
    ['2,000 nested parentheses', `${'('.repeat(2000)}x${')'.repeat(2000)}`],
    ['a 3,000-term sum', Array.from({ length: 3000 }, () => 'x').join('+')],
    ['9,999 unary minuses', `${'-'.repeat(9_999)}x`],
    ['600 nested sin', `${'sin('.repeat(600)}x${')'.repeat(600)}`],
    ['a tower of 600 powers', Array.from({ length: 600 }, () => 'x').join('^')],
  ])('%s: says the expression is nested too deeply, naming the limit', (_, source) => {
    expect(messageOf(source)).toMatch(/expression nested too deeply: more than 512 levels \(limit 512\)/);
  });

  it('accepts nesting up to the limit', () => {
    expect(value(`${'('.repeat(511)}x${')'.repeat(511)}`, { x: 2 })).toBe(2);
    expect(value(`${'-'.repeat(510)}x`, { x: 2 })).toBe(2);
    expect(value(Array.from({ length: 500 }, () => 'x').join('+'), { x: 2 })).toBe(1000);
  });

  it('refuses text longer than the limit, before reading it', () => {
    expect(messageOf(`${'-'.repeat(10_000)}x`)).toMatch(/expression too long: 10001 characters \(limit 10000\)/);
  });

  it('reports whole code points, with columns counted in code points', () => {
    const message = messageOf('x + 😀');
    expect(message).toContain("unexpected character '😀'");
    expect(message).toMatch(/column 5/);
    expect(message).not.toMatch(/\p{Surrogate}/u);
    expect(messageOf('σ + 😀*y')).toMatch(/column 5: unexpected character '😀'/);
  });

  it('counts columns of later statements in code points', () => {
    try {
      parseExpressionList('x + 1; 😀');
      expect.unreachable();
    } catch (error) {
      expect((error as ExpressionSyntaxError).column).toBe(8);
    }
  });

  it('treats names of Object.prototype members as ordinary names', () => {
    expect(() => parseExpression('constructor(x)')).toThrow(/unknown function 'constructor'/);
    expect(() => parseExpression('toString(x)')).toThrow(/unknown function 'toString'/);
    expect(() => parseExpression('__proto__(x)')).toThrow(/unknown function '__proto__'/);
    expect(value('2*constructor + toString', { constructor: 3, toString: 1 })).toBe(7);
  });
});
