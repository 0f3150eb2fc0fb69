// Decides whether a claimed loss L(s, y) yields a linear rule's update: −∂L/∂s = c·(y − ỹ(s)) for one c > 0.

import { derivativesAt, parseExpression, variablesOf } from '../calculus/index.js';
import { linearRules, type LinearRuleName } from './linear-rules.js';

/** A sample point where −∂L/∂s is not c·(y − ỹ(s)). */
export interface LossCounterexample {
  readonly s: number;
  readonly y: number;
  /** c·(y − ỹ(s)), with `c` below. */
  readonly expected: number;
  /** The estimated c when it is positive, else the rule's own factor (1/2 or 1). */
  readonly c: number;
  /** −∂L/∂s by autodiff. */
  readonly got: number;
}

/** The verdict of `checkLoss`. */
export interface LossCheck {
  readonly rule: LinearRuleName;
  readonly loss: string;
  readonly consistent: boolean;
  /** c, when consistent. */
  readonly factor?: number;
  readonly counterexample?: LossCounterexample;
  /** Why not, in one sentence. */
  readonly reason?: string;
  /** How many (s, y) points were checked. */
  readonly samples: number;
}

/** Relative and absolute tolerances on −∂L/∂s = c·(y − ỹ): autodiff is exact to rounding. */
const rtol = 1e-6;
const atol = 1e-9;

/**
 * Checks a claimed loss against `rule`'s update at s = −5, −4.9, …, 5 and y = ±1 (the perceptron
 * skips s = 0, where sign jumps and max(0, −ys) has a kink). −∂L/∂s comes from nabla's autodiff of
 * the parsed expression. c is the least-squares ratio Σ g·e / Σ e² over points with e = y − ỹ ≠ 0;
 * the loss is consistent when c > 0 and g = c·e at every point (within 1e-6 relative), including
 * g = 0 where y = ỹ. Otherwise the point farthest from c·e is the counterexample.
 * @example checkLoss('logistic', '-2*log(1 + exp(-y*s))').consistent // false
 */
export function checkLoss(name: LinearRuleName, lossSource: string): LossCheck {
  const rule = linearRules[name];
  const expr = parseExpression(lossSource);
  const unknown = variablesOf(expr).filter((v) => v !== 's' && v !== 'y');
  if (unknown.length > 0) throw new Error(`the loss may use only s and y, found ${unknown.join(', ')}`);
  const points: [number, number][] = [];
  for (let i = 0; i <= 100; i++) {
    const s = Math.round(-50 + i) / 10;
    if (name === 'perceptron' && s === 0) continue;
    for (const y of [-1, 1]) points.push([s, y]);
  }
  const { gradients } = derivativesAt(expr, ['s', 'y'], points);
  const got = gradients.map((g) => -g[0]!);
  const direction = points.map(([s, y]) => y - rule.predict(s));
  let num = 0;
  let den = 0;
  direction.forEach((e, k) => {
    if (e !== 0) {
      num += got[k]! * e;
      den += e * e;
    }
  });
  const c = num / den;
  const base = { rule: name, loss: lossSource, samples: points.length };
  const reference = c > 0 && Number.isFinite(c) ? c : rule.factor;
  const misfit = (k: number): number => {
    const g = got[k]!;
    const want = reference * direction[k]!;
    if (!Number.isFinite(g)) return Number.POSITIVE_INFINITY;
    return Math.abs(g - want) / (atol + rtol * Math.max(Math.abs(g), Math.abs(want)));
  };
  let worst = 0;
  for (let k = 1; k < points.length; k++) if (misfit(k) > misfit(worst)) worst = k;
  if (c > 0 && Number.isFinite(c) && misfit(worst) <= 1) return { ...base, consistent: true, factor: c };
  const [s, y] = points[worst]!;
  const counterexample = { s, y, expected: reference * direction[worst]!, got: got[worst]!, c: reference };
  return { ...base, consistent: false, counterexample, reason: reasonFor(got, direction, c, counterexample) };
}

// One sentence on what went wrong, from the most basic failure to the subtlest.
function reasonFor(got: readonly number[], direction: readonly number[], c: number, at: LossCounterexample): string {
  if (got.some((g) => !Number.isFinite(g))) return '−∂L/∂s is not finite at some sample points';
  if (!(c > 0)) return c === 0 || !Number.isFinite(c) ? '−∂L/∂s does not follow y − ỹ(s) at all (no positive factor c)' : '−∂L/∂s points against y − ỹ(s): the best factor c is negative, so the loss would be climbed, not descended';
  const ratios = got.flatMap((g, k) => (direction[k] !== 0 ? [g / direction[k]!] : []));
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  if (hi - lo > rtol * Math.max(Math.abs(lo), Math.abs(hi))) return `−∂L/∂s ÷ (y − ỹ(s)) is not constant: it ranges from ${lo.toPrecision(4)} to ${hi.toPrecision(4)}`;
  return `−∂L/∂s = ${at.got.toPrecision(4)} where y − ỹ(s) = 0 (s = ${at.s}, y = ${at.y})`;
}
