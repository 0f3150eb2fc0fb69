// Recognises numbers that are simple rationals or square roots of them (3/2, √2, -√3/2), as a student writes them.

/** An exact form of a float: `numerator/denominator`, times `√radicand` when `radicand > 1`. */
export interface ExactNumber {
  readonly sign: 1 | -1;
  readonly numerator: number;
  readonly denominator: number;
  readonly radicand: number;
  /** Text form: `3/2`, `-√2`, `√3/2`, `2√2`, `0`. */
  readonly text: string;
  /** LaTeX form: `\frac{3}{2}`, `-\sqrt{2}`. */
  readonly latex: string;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The best rational approximation p/q of `x >= 0` with q <= maxDenominator (continued fractions). */
export function nearestRational(x: number, maxDenominator: number): { p: number; q: number } {
  let [p0, q0, p1, q1] = [0, 1, 1, 0];
  let r = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(r);
    const [p2, q2] = [a * p1 + p0, a * q1 + q0];
    if (q2 > maxDenominator) break;
    [p0, q0, p1, q1] = [p1, q1, p2, q2];
    const frac = r - a;
    if (frac < 1e-15) break;
    r = 1 / frac;
  }
  return q1 === 0 ? { p: Math.round(x), q: 1 } : { p: p1, q: q1 };
}

/** Splits n = k² m with m square-free. */
function squareFreePart(n: number): { k: number; m: number } {
  let k = 1;
  let m = n;
  for (let f = 2; f * f <= m; f++) {
    while (m % (f * f) === 0) { m /= f * f; k *= f; }
  }
  return { k, m };
}

function make(sign: 1 | -1, numerator: number, denominator: number, radicand: number): ExactNumber {
  const g = gcd(numerator, denominator);
  const [p, q] = [numerator / g, denominator / g];
  const s = sign < 0 && p !== 0 ? '-' : '';
  const root = radicand > 1 ? `√${radicand}` : '';
  const rootTex = radicand > 1 ? `\\sqrt{${radicand}}` : '';
  const head = root ? (p === 1 ? root : `${p}${root}`) : `${p}`;
  const headTex = rootTex ? (p === 1 ? rootTex : `${p}${rootTex}`) : `${p}`;
  const text = q === 1 ? `${s}${head}` : `${s}${head}/${q}`;
  const latex = q === 1 ? `${s}${headTex}` : `${s}\\frac{${headTex}}{${q}}`;
  return { sign: sign < 0 && p !== 0 ? -1 : 1, numerator: p, denominator: q, radicand, text, latex };
}

/**
 * The exact form of `x` if it lies within `tolerance` of p/q (q <= maxDenominator) or of ±√(p/q),
 * else null. Rationals are preferred over roots.
 * @example recognizeExact(1.5)?.text === '3/2'; recognizeExact(Math.SQRT2)?.text === '√2'
 */
export function recognizeExact(x: number, tolerance = 1e-9, maxDenominator = 100): ExactNumber | null {
  if (!Number.isFinite(x)) return null;
  const sign: 1 | -1 = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a > 1e6) return null;
  const r = nearestRational(a, maxDenominator);
  if (Math.abs(a - r.p / r.q) <= tolerance) return make(sign, r.p, r.q, 1);
  // x² = p/q  =>  |x| = √(pq)/q = k√m/q
  const sq = nearestRational(a * a, maxDenominator);
  if (sq.p > 0 && Math.abs(a - Math.sqrt(sq.p / sq.q)) <= tolerance) {
    const { k, m } = squareFreePart(sq.p * sq.q);
    if (m > 1 && m <= 1000) return make(sign, k, sq.q, m);
  }
  return null;
}

/** `x` as text: its exact form when recognised, else a rounded decimal. */
export function formatNumber(x: number, digits = 6): string {
  const exact = recognizeExact(x);
  if (exact) return exact.text;
  return formatDecimal(x, digits);
}

/** A rounded decimal without trailing zeros (`-0` shown as `0`). */
export function formatDecimal(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e7 || Math.abs(x) < 1e-4)) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  const s = x.toFixed(digits).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
