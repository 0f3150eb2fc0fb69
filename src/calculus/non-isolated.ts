// Detects and describes curves and surfaces of critical points (such as the line x = y of (x − y)²).

import { formatNumber } from './exact-number.js';
import type { GradientOracle } from './gradient-oracle.js';
import { dampedLeastSquares } from './lu-solve.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** A set of critical points that is not a point: its dimension, a description and one sample point. */
export interface NonIsolatedSet {
  readonly description: string;
  readonly samplePoint: number[];
  readonly value: number;
  readonly dimension: number;
}

const norm = (v: readonly number[]): number => Math.hypot(...v);
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const normInf = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Directions along which the Hessian at x vanishes (eigenvalues within a relative tolerance of 0). */
export function nullDirections(hessian: number[][]): number[][] {
  const { values, vectors } = symmetricEigen(hessian);
  const scale = Math.max(1, ...values.map(Math.abs));
  return vectors.filter((_, k) => Math.abs(values[k]!) <= 1e-6 * scale);
}

/** An orthonormal basis of the hyperplane orthogonal to the unit vector v (Gram–Schmidt on the axes). */
function orthogonalBasis(v: readonly number[]): number[][] {
  const n = v.length;
  const basis: number[][] = [];
  for (let k = 0; k < n && basis.length < n - 1; k++) {
    const e = Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));
    let u = e.map((x, i) => x - dot(e, v) * v[i]!);
    for (const b of basis) u = u.map((x, i) => x - dot(u, b) * b[i]!);
    const len = norm(u);
    if (len > 1e-8) basis.push(u.map((x) => x / len));
  }
  return basis;
}

/**
 * A critical point in the hyperplane through q orthogonal to v, near q: Gauss–Newton on ∇f = 0
 * over the hyperplane's coordinates. Null when ∇f does not vanish there (an isolated point).
 */
function projectOntoCriticalSet(oracle: GradientOracle, q: readonly number[], v: readonly number[]): number[] | null {
  const basis = orthogonalBasis(v);
  let x = [...q];
  for (let it = 0; it < 80; it++) {
    const g = oracle.gradient(x);
    if (!g.every(Number.isFinite)) return null;
    if (normInf(g) < 1e-13) break;
    const h = oracle.hessian(x);
    // J = H·B restricted to the hyperplane directions
    const j = h.map((row) => basis.map((b) => dot(row, b)));
    const y = dampedLeastSquares(j, g.map((s) => -s), 1e-14);
    const step = x.map((_, i) => basis.reduce((s, b, k) => s + b[i]! * y[k]!, 0));
    x = x.map((xi, i) => xi + step[i]!);
    if (normInf(step) < 1e-16 * (1 + normInf(x))) break;
  }
  return normInf(oracle.gradient(x)) < 1e-10 ? x : null;
}

/**
 * Tests whether the critical point p lies on a curve or surface of critical points: where the
 * Hessian is singular, step a little along each null direction and look for a critical point in the
 * hyperplane orthogonal to it. An isolated degenerate point (the monkey saddle's origin) has none.
 */
export function isNonIsolated(oracle: GradientOracle, p: readonly number[]): boolean {
  const nulls = nullDirections(oracle.hessian(p));
  if (nulls.length === 0) return false;
  const directions = [...nulls];
  for (let a = 0; a < nulls.length; a++) {
    for (let b = a + 1; b < nulls.length; b++) directions.push(nulls[a]!.map((x, i) => (x + nulls[b]![i]!) / Math.SQRT2));
  }
  const scale = 1 + normInf(p);
  for (const v of directions) {
    for (const h of [1e-2 * scale, 1e-3 * scale]) {
      const q = p.map((x, i) => x + h * v[i]!);
      const found = projectOntoCriticalSet(oracle, q, v);
      if (found && norm(found.map((x, i) => x - p[i]!)) < 5 * h) return true;
    }
  }
  return false;
}

/** Walks along the critical set from p, collecting points (for telling a line from a circle). */
function samplesAlong(oracle: GradientOracle, p: readonly number[]): number[][] {
  const points: number[][] = [[...p]];
  const first = nullDirections(oracle.hessian(p))[0];
  if (!first) return points;
  for (const sign of [1, -1]) {
    let c = [...p];
    let dir = first.map((x) => sign * x);
    let stepSize = 0.25 * (1 + normInf(p));
    for (let k = 0; k < 4; k++) {
      let next: number[] | null = null;
      for (let tries = 0; tries < 4 && !next; tries++, stepSize /= 2) {
        next = projectOntoCriticalSet(oracle, c.map((x, i) => x + stepSize * dir[i]!), dir);
      }
      if (!next) break;
      const nulls = nullDirections(oracle.hessian(next));
      const best = nulls.reduce<number[] | null>((b, u) => (b === null || Math.abs(dot(u, dir)) > Math.abs(dot(b, dir)) ? u : b), null);
      if (!best) break;
      dir = dot(best, dir) >= 0 ? best : best.map((x) => -x);
      c = next;
      points.push(c);
    }
  }
  return points;
}

function linearEquation(normal: readonly number[], p: readonly number[], variables: readonly string[]): string {
  const lead = normal.find((x) => Math.abs(x) > 1e-9)!;
  const coeffs = normal.map((x) => x / lead);
  const rhs = dot(coeffs, p);
  let lhs = '';
  coeffs.forEach((c, i) => {
    if (Math.abs(c) < 1e-9) return;
    const magnitude = formatNumber(Math.abs(c));
    const term = `${magnitude === '1' ? '' : magnitude}${variables[i]}`;
    lhs += lhs === '' ? (c < 0 ? `−${term}` : term) : c < 0 ? ` − ${term}` : ` + ${term}`;
  });
  return `${lhs} = ${formatNumber(rhs)}`.replace(/= -/, '= −');
}

/**
 * Describes the critical set through p: a line or plane (with its equation), a circle or sphere
 * about the origin, or else a curve or surface through p; and the value of f on it.
 */
export function describeCriticalSet(oracle: GradientOracle, p: readonly number[], variables: readonly string[]): NonIsolatedSet {
  const n = p.length;
  const samples = samplesAlong(oracle, p);
  const generic = samples[Math.min(1, samples.length - 1)]!;
  const dimension = Math.max(1, nullDirections(oracle.hessian(generic)).length);
  const value = oracle.value(p);
  const tolerance = 1e-6 * (1 + Math.max(...samples.map(normInf)));
  const where = `f = ${formatNumber(value)} on it`;
  const point = `(${p.map((x) => formatNumber(x)).join(', ')})`;
  // a hyperplane: the Hessian's non-null eigenvector is its normal
  if (dimension === n - 1) {
    const { values, vectors } = symmetricEigen(oracle.hessian(generic));
    const normal = vectors[values.reduce((bi, v, i) => (Math.abs(v) > Math.abs(values[bi]!) ? i : bi), 0)]!;
    if (samples.every((s) => Math.abs(dot(normal, s) - dot(normal, p)) < tolerance)) {
      const kind = n === 2 ? 'line' : n === 3 ? 'plane' : 'hyperplane';
      return { description: `${kind} of critical points ${linearEquation(normal, p, variables)}; ${where}`, samplePoint: [...p], value, dimension };
    }
  }
  const radius = norm(p);
  if (samples.length > 2 && radius > tolerance && samples.every((s) => Math.abs(norm(s) - radius) < tolerance) && dimension === n - 1) {
    const kind = n === 2 ? 'circle' : n === 3 ? 'sphere' : 'hypersphere';
    const lhs = variables.map((v) => `${v}²`).join(' + ');
    return { description: `${kind} of critical points ${lhs} = ${formatNumber(radius * radius)}; ${where}`, samplePoint: [...p], value, dimension };
  }
  if (dimension === 1 && samples.length > 2) {
    const far = samples.reduce((b, s) => (norm(s.map((x, i) => x - p[i]!)) > norm(b.map((x, i) => x - p[i]!)) ? s : b));
    const u = far.map((x, i) => x - p[i]!);
    const len = norm(u);
    const straight = samples.every((s) => {
      const d = s.map((x, i) => x - p[i]!);
      const along = dot(d, u) / (len * len);
      return norm(d.map((x, i) => x - along * u[i]!)) < tolerance;
    });
    if (straight) {
      const big = u.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
      const direction = `(${u.map((x) => formatNumber(x / big)).join(', ')})`;
      return { description: `line of critical points through ${point} with direction ${direction}; ${where}`, samplePoint: [...p], value, dimension };
    }
  }
  const kind = dimension === 1 ? 'curve' : dimension === 2 ? 'surface' : `${dimension}-dimensional set`;
  return { description: `${kind} of critical points through ${point}; ${where}`, samplePoint: [...p], value, dimension };
}
