// gradientAt, hessianAt, jacobianAt: numbers by autodiff, symbolic forms bounded in size, and no silent infinities.

import { describe, expect, it } from 'vitest';
import { gradientAt, hessianAt, jacobianAt } from '../../src/calculus/derivatives-at-point.js';
import { newton } from '../../src/calculus/newton.js';

const tower = (n: number): string => Array.from({ length: n }, () => 'x').join('^');

describe('symbolic derivatives of large expressions', () => {
  it('a tower x^x^…^x of 50 x\'s: the derivative is too large to show, the number is still given', { timeout: 10_000 }, () => {
    const r = gradientAt(tower(50), { x: 1 });
    // d/dx of any tower of x's is 1 at x = 1 (each level is x^(…) with log 1 = 0)
    expect(r.gradient[0]).toBeCloseTo(1, 12);
    expect(r.symbolic[0]!.omitted).toMatch(/too large to show/);
    expect(r.symbolic[0]!.pretty).toBeNull();
  });

  it('150 nested sin: the derivative ∏ cos(…) is too large to show, the number matches the chain rule', { timeout: 10_000 }, () => {
    const depth = 150;
    const r = gradientAt(`${'sin('.repeat(depth)}x${')'.repeat(depth)}`, { x: 0.7 });
    let inner = 0.7;
    let chain = 1;
    for (let k = 0; k < depth; k++) { chain *= Math.cos(inner); inner = Math.sin(inner); }
    expect(r.value).toBeCloseTo(inner, 12);
    expect(r.gradient[0]).toBeCloseTo(chain, 12);
    expect(r.symbolic[0]!.omitted).toMatch(/too large to show/);
  });

  it('small derivatives are still shown in all three notations', () => {
    const r = gradientAt('x^x', { x: 1 });
    expect(r.symbolic[0]).toMatchObject({ variable: 'x', omitted: null });
    expect(r.symbolic[0]!.text).toContain('log(x)');
  });
});

describe('derivatives that are not finite at a point of the domain', () => {
  it('grad of √x at 0: undefined there, named with the point', () => {
    expect(() => gradientAt('sqrt(x)', { x: 0 })).toThrow(/∂f\/∂x is not finite \(Infinity\) at \(x\) = \(0\)/);
    expect(() => gradientAt('sqrt(x) + y', { x: 0, y: 1 })).toThrow(/∂f\/∂x is not finite/);
  });

  it('the Hessian of x^1.5 at 0 names the entry', () => {
    expect(() => hessianAt('x^1.5 + y^2', { x: 0, y: 1 })).toThrow(/∂²f\/∂x∂x is not finite \(Infinity\) at \(x, y\) = \(0, 1\)/);
  });

  it('a Jacobian entry of √x at 0 names the row and the variable', () => {
    expect(() => jacobianAt('x + y; sqrt(x)', { x: 0, y: 2 })).toThrow(/∂f₂\/∂x is not finite \(Infinity\) at \(x, y\) = \(0, 2\)/);
  });

  it('newton from a point where ∇f is not finite stops with an error naming the step', () => {
    expect(() => newton('sqrt(x) + x^2', { x: 0 })).toThrow(/∂f\/∂x is not finite \(Infinity\) at \(x\) = \(0\) \(step 0\)/);
  });

  it('relu at its kink keeps autodiff\'s convention relu\'(0) = 0 (finite, so no error)', () => {
    expect(gradientAt('relu(x)', { x: 0 }).gradient).toEqual([0]);
    expect(gradientAt('abs(x)', { x: 0 }).gradient).toEqual([0]);
    // max and min split a tie equally between their arguments
    expect(gradientAt('max(x, y)', { x: 1, y: 1 }).gradient).toEqual([0.5, 0.5]);
  });
});
