// checkLoss: a loss fits a rule when −∂L/∂s = c·(y − ỹ(s)) for one c > 0, decided by autodiff at many (s, y).

import { describe, expect, it } from 'vitest';
import { derivativesAt, parseExpression } from '../../src/calculus/index.js';
import { checkLoss, linearRules } from '../../src/labs/index.js';

describe('checkLoss', () => {
  it.each([
    ['perceptron', 'max(0, -y*s)', 0.5],
    ['adaline', '(y - s)^2/2', 1],
    ['logistic', 'log(1 + exp(-2*y*s))', 1],
  ] as const)('accepts the derived loss of the %s, %s, with c = %d', (rule, loss, c) => {
    const r = checkLoss(rule, loss);
    expect(r.consistent).toBe(true);
    expect(r.factor).toBeCloseTo(c, 12);
    expect(r.counterexample).toBeUndefined();
    expect(linearRules[rule].loss).toBe(loss);
    expect(linearRules[rule].factor).toBe(c);
  });

  it('rejects the written answer −2·log(1 + e^(−ys)) for the tanh rule, with a counterexample', () => {
    const r = checkLoss('logistic', '-2*log(1 + exp(-y*s))');
    expect(r.consistent).toBe(false);
    expect(r.factor).toBeUndefined();
    expect(r.reason).toMatch(/negative/);
    const k = r.counterexample!;
    // −∂L/∂s of the claim is −2yσ(−ys); the rule wants a positive multiple of y − tanh(s)
    expect(k.got).toBeCloseTo((-2 * k.y) / (1 + Math.exp(k.y * k.s)), 12);
    expect(k.expected).toBeCloseTo(1 * (k.y - Math.tanh(k.s)), 12);
    expect(Math.sign(k.got)).toBe(-Math.sign(k.expected));
  });

  it('rests on identities that hold at y = ±1: y − tanh(s) = 2y/(1 + e^(2ys)) and (y − sign s)/2 = y on mistakes', () => {
    for (const y of [-1, 1]) for (const s of [-5, -1.3, 0, 0.7, 5]) expect((2 * y) / (1 + Math.exp(2 * y * s))).toBeCloseTo(y - Math.tanh(s), 14);
    // and the perceptron's (y − sign s)/2 is y on mistakes, 0 otherwise
    const g = derivativesAt(parseExpression('max(0, -y*s)'), ['s', 'y'], [[-2, 1], [2, 1], [2, -1], [-2, -1]]).gradients.map((d) => -d[0]! + 0);
    expect(g).toEqual([1, 0, -1, 0]);
  });

  it('accepts any positive multiple and reports the factor', () => {
    expect(checkLoss('logistic', '3*log(1 + exp(-2*y*s))').factor).toBeCloseTo(3, 10);
    expect(checkLoss('adaline', '(y - s)^2').factor).toBeCloseTo(2, 12);
    expect(checkLoss('perceptron', 'relu(-y*s)').factor).toBeCloseTo(0.5, 12);
  });

  it('rejects a loss whose ratio to y − ỹ varies, naming the range', () => {
    const r = checkLoss('logistic', 'log(1 + exp(-y*s))');
    expect(r.consistent).toBe(false);
    expect(r.reason).toMatch(/not constant: it ranges from/);
    const k = r.counterexample!;
    expect(Math.abs(k.got - k.expected)).toBeGreaterThan(1e-6);
  });

  it("rejects Adaline's loss for the perceptron: it is not zero where sign(s) = y", () => {
    const r = checkLoss('perceptron', '(y - s)^2/2');
    expect(r.consistent).toBe(false);
    expect(r.counterexample!.y).toBe(Math.sign(r.counterexample!.s));
    expect(r.counterexample!.expected).toBe(0);
  });

  it('rejects a constant loss (c = 0) and a non-finite gradient', () => {
    expect(checkLoss('adaline', '7')).toMatchObject({ consistent: false, reason: expect.stringMatching(/no positive factor/) });
    expect(checkLoss('adaline', 'sqrt(s)')).toMatchObject({ consistent: false, reason: expect.stringMatching(/not finite/) });
  });

  it('skips only the kink s = 0 for the perceptron: 200 points against 202', () => {
    expect(checkLoss('perceptron', 'max(0, -y*s)').samples).toBe(200);
    expect(checkLoss('adaline', '(y - s)^2/2').samples).toBe(202);
  });

  it('refuses variables other than s and y, and bad syntax', () => {
    expect(() => checkLoss('adaline', '(y - s*w)^2')).toThrow(/only s and y, found w/);
    expect(() => checkLoss('adaline', '(y - s')).toThrow(/syntax error/);
  });
});
