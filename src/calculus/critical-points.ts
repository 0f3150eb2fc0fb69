// Every critical point of f: homotopy continuation for polynomials, multi-start Newton with deflation otherwise.

import { criticalPointType } from './classify.js';
import type { CriticalPointType } from './classify.js';
import { derivativesAt } from './derivatives.js';
import { recognizeExact } from './exact-number.js';
import { autodiffOracle, polynomialOracle, refineCriticalPoint, solveOrLeastSquares } from './gradient-oracle.js';
import type { GradientOracle } from './gradient-oracle.js';
import { num, substitute } from './expression.js';
import { bezoutNumber, solvePolynomialSystem } from './homotopy-continuation.js';
import { calculusLimits } from './limits.js';
import { describeCriticalSet, isNonIsolated } from './non-isolated.js';
import type { NonIsolatedSet } from './non-isolated.js';
import { differentiatePolynomial, polynomialFrom, PolynomialTooLargeError, termMagnitude } from './polynomial.js';
import type { Polynomial } from './polynomial.js';
import { parseFunction } from './scalar-function.js';
import type { ScalarFunction } from './scalar-function.js';
import { Rng } from '../core/rng.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** One isolated critical point, classified by the eigenvalues of the Hessian there. */
export interface CriticalPoint {
  readonly point: number[];
  /** Coordinates as exact text where recognised (`3/2`, `√2`), else null. */
  readonly exact: (string | null)[];
  readonly value: number;
  readonly gradient: number[];
  readonly hessian: number[][];
  /** Ascending. */
  readonly eigenvalues: number[];
  readonly type: CriticalPointType;
}

export interface CriticalPointsResult {
  readonly variables: string[];
  readonly points: CriticalPoint[];
  readonly nonIsolated: NonIsolatedSet[];
  /** True when every isolated critical point is guaranteed found (polynomials, by homotopy continuation, when no path failed). */
  readonly complete: boolean;
  readonly method: 'homotopy continuation' | 'multi-start Newton with deflation';
  /** Homotopy: paths tracked (the Bézout number). Newton: starting points. */
  readonly paths: number;
  /** The search box of multi-start Newton (lo, hi per coordinate). */
  readonly box?: [number, number];
  /** Why a polynomial was searched by multi-start Newton instead of homotopy continuation (over a limit), or why homotopy continuation is not complete. */
  readonly note?: string;
}

export interface CriticalPointsOptions {
  readonly variables?: readonly string[];
  /**
   * Box of multi-start Newton for non-polynomials; default [−10, 10]. Given explicitly, it is also
   * where a polynomial too large for homotopy continuation is searched (instead of an error).
   */
  readonly box?: readonly [number, number];
  /** Most homotopy paths (the Bézout number) to track; default `calculusLimits.defaultMaxPaths`. */
  readonly maxPaths?: number;
  /** Starting points of multi-start Newton; default 40 per variable. */
  readonly starts?: number;
  /** Seed of homotopy continuation's γ (its own default) or of multi-start Newton's random shift (default 7). */
  readonly seed?: number;
}

const normInf = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const distance = (a: readonly number[], b: readonly number[]): number => normInf(a.map((x, i) => x - b[i]!));

/** Merges points closer than a relative tolerance, averaging each cluster (several paths meet at a singular solution). */
function cluster(points: readonly number[][], tolerance = 1e-5): number[][] {
  const groups: number[][][] = [];
  for (const p of points) {
    const g = groups.find((members) => distance(members[0]!, p) < tolerance * (1 + normInf(p)));
    if (g) g.push(p);
    else groups.push([p]);
  }
  return groups.map((members) => members[0]!.map((_, i) => members.reduce((s, m) => s + m[i]!, 0) / members.length));
}

/** Real candidates from the endpoints of the homotopy on ∇f = 0. */
function homotopyCandidates(system: readonly Polynomial[], oracle: GradientOracle, seed: number | undefined, maxPaths: number): { candidates: number[][]; paths: number; failed: number } {
  const { endpoints, paths } = solvePolynomialSystem(system, { seed, maxPaths });
  const real: number[][] = [];
  const projected: number[][] = [];
  for (const e of endpoints) {
    // a diverged path has residual ∞; the residual is measured against the size of the terms F sums there,
    // so a badly scaled system (x³/3 − 2e12·x, roots at ±1.4e6) keeps endpoints whose rounding alone is above 1e-6
    const moduli = e.re.map((r, i) => Math.hypot(r, e.im[i]!));
    const scale = Math.max(1, ...system.map((p) => termMagnitude(p, moduli)));
    if (!(e.residual < 1e-6 * scale)) continue;
    const size = 1 + normInf(e.re);
    if (normInf(e.im) <= 1e-8 * size) {
      real.push(refineCriticalPoint(oracle, e.re).x);
    } else if (e.pivotRatio < 1e-6 || normInf(e.im) <= 1e-2 * size) {
      // a singular complex endpoint may lie on a positive-dimensional component that also has
      // real points, and paths reach a real root of multiplicity m only to within about residual^(1/m),
      // off the real axis (the pivot ratio, a relative measure, misses singularity in every direction,
      // e.g. always 1 for one variable): pull its real part onto the real critical set
      const p = refineCriticalPoint(oracle, e.re, 200);
      if (p.residual < 1e-10) projected.push(p.x);
    }
  }
  // a projection near a real endpoint adds nothing but its lesser accuracy
  const near = (p: readonly number[]) => real.some((r) => distance(r, p) < 1e-5 * (1 + normInf(p)));
  const failed = endpoints.filter((e) => e.status === 'failed').length;
  return { candidates: [...real, ...projected.filter((p) => !near(p))], paths, failed };
}

/** The first `count` points of the Halton sequence (bases 2, 3, 5, ...) scaled to the box. */
function haltonPoints(count: number, n: number, [lo, hi]: readonly [number, number], random: () => number): number[][] {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
  const shift = Array.from({ length: n }, () => random());
  const points: number[][] = [];
  for (let k = 1; k <= count; k++) {
    points.push(Array.from({ length: n }, (_, d) => {
      const base = primes[d % primes.length]!;
      let f = 1;
      let r = 0;
      for (let i = k; i > 0; i = Math.floor(i / base)) { f /= base; r += f * (i % base); }
      // a random shift (mod 1) keeps the starts off special points such as 0
      return lo + (hi - lo) * ((r + shift[d]!) % 1);
    }));
  }
  return points;
}

/**
 * The starting points of multi-start Newton in `box`: `count − 2⌊count/4⌋` fill the box, and ⌊count/4⌋ each the
 * boxes of 1/5 and 1/25 its size about its centre, where textbook functions keep their features. Each group is
 * a Halton sequence (bases 2, 3, 5, …), shifted per coordinate by `random()` modulo 1.
 * @example multiStartPoints(4, 1, [0, 10], () => 0) // [[5], [2.5], [5], [5]]
 */
export function multiStartPoints(count: number, n: number, box: readonly [number, number], random: () => number): number[][] {
  const centre = (box[0] + box[1]) / 2;
  const shrink = (k: number): [number, number] => [centre - (box[1] - box[0]) / (2 * k), centre + (box[1] - box[0]) / (2 * k)];
  const quarter = Math.floor(count / 4);
  return [
    ...haltonPoints(count - 2 * quarter, n, box, random),
    ...haltonPoints(quarter, n, shrink(5), random),
    ...haltonPoints(quarter, n, shrink(25), random),
  ];
}

/**
 * Multi-start Newton with deflation (Farrell, Birkisson and Funke 2015): all starts advance together
 * (one batched autodiff evaluation per iteration); each Newton step d for ∇f = 0 becomes the step of
 * the deflated system M(x)∇f(x), M(x) = ∏ᵣ(1/‖x − r‖² + 1) over the roots r found so far,
 * which is τd with τ = 1/(1 − ∇M·d/M). Deflation pushes later starts away from known roots.
 */
function newtonCandidates(f: ScalarFunction, box: readonly [number, number], starts: number, seed: number): number[][] {
  const n = f.variables.length;
  const roots: number[][] = [];
  const rng = new Rng(seed);
  let active = multiStartPoints(starts, n, box, () => rng.uniform());
  const width = box[1] - box[0];
  for (let it = 0; it < 60 && active.length > 0; it++) {
    const { gradients, hessians } = derivativesAt(f.expr, f.variables, active, 2);
    const next: number[][] = [];
    active.forEach((x, k) => {
      const g = gradients[k]!;
      if (!g.every(Number.isFinite)) return;
      const d = solveOrLeastSquares(hessians![k]!, g.map((v) => -v));
      if (!d.every(Number.isFinite)) return;
      const gScale = 1 + normInf(x);
      // converged when the Newton step vanishes (a small gradient alone also happens on plateaus, e.g. far out on exp(−x²))
      // (a zero gradient gives d = 0: H d = 0 has the least-norm solution 0)
      if (normInf(d) < 1e-12 * gScale) {
        if (!roots.some((r) => distance(r, x) < 1e-6 * gScale)) roots.push(x);
        return;
      }
      // M = ∏(1/‖x − r‖² + 1); ∇M/M = Σ ∇mᵣ/mᵣ with ∇mᵣ = −2(x − r)/‖x − r‖⁴
      let ratio = 0;
      for (const r of roots) {
        const diff = x.map((v, i) => v - r[i]!);
        const d2 = diff.reduce((s, v) => s + v * v, 0);
        const m = 1 / d2 + 1;
        const gradDotD = diff.reduce((s, v, i) => s + (-2 * v / (d2 * d2)) * d[i]!, 0);
        ratio += gradDotD / m;
      }
      const tau = roots.length > 0 && Math.abs(1 - ratio) > 1e-12 ? 1 / (1 - ratio) : 1;
      let step = d.map((v) => tau * v);
      const size = normInf(step);
      // a step longer than the box is cut back: Newton far from a root can overshoot wildly
      if (size > width / 2) step = step.map((v) => (v * width) / (2 * size));
      const y = x.map((v, i) => v + step[i]!);
      const outside = y.some((v) => v < box[0] - width || v > box[1] + width);
      if (!outside) next.push(y);
    });
    active = next;
  }
  const margin = 1e-9 * (1 + Math.max(Math.abs(box[0]), Math.abs(box[1])));
  return roots.filter((r) => r.every((v) => v >= box[0] - margin && v <= box[1] + margin));
}

/** Coordinates shown exactly when within 1e-9 of a rational or a square root of one. */
export function exactCoordinates(point: readonly number[]): (string | null)[] {
  return point.map((x) => recognizeExact(x)?.text ?? null);
}

/** Snaps coordinates that are within rounding of an exact value onto it (0.9999999999 becomes 1). */
function snap(point: readonly number[]): number[] {
  return point.map((x) => {
    const e = recognizeExact(x, 1e-11);
    if (!e) return x;
    const exact = (e.sign * e.numerator * Math.sqrt(e.radicand)) / e.denominator;
    return exact;
  });
}

/**
 * All real critical points of f, classified, with curves and surfaces of critical points reported
 * separately. Polynomials are solved completely by total-degree homotopy continuation on ∇f = 0;
 * other functions by multi-start Newton with deflation in a box (complete: false).
 * Gradients and Hessians at the reported points come from nabla's autodiff.
 * @example criticalPoints('x^2*y + x*y^2 - 6*x*y').points.map((p) => [p.point, p.type])
 * // [[0,0] saddle, [0,6] saddle, [2,2] local minimum, [6,0] saddle]
 */
export function criticalPoints(source: string | ScalarFunction, options: CriticalPointsOptions = {}): CriticalPointsResult {
  const f = parseFunction(source, options.variables);
  const variables = [...f.variables];
  const n = variables.length;
  if (n === 0) throw new Error('the expression has no variables');
  let poly: Polynomial | null;
  let note: string | undefined;
  try {
    poly = polynomialFrom(f.expr, variables);
  } catch (error) {
    if (!(error instanceof PolynomialTooLargeError)) throw error;
    if (!options.box) throw new Error(`${error.message}; search a box with multi-start Newton instead (--box -10,10; not complete)`);
    poly = null;
    note = `${error.message}, so multi-start Newton searched the box instead`;
  }
  const maxPaths = options.maxPaths ?? calculusLimits.defaultMaxPaths;
  if (poly && options.box) {
    // over the path budget with a box given: search the box rather than refuse
    const paths = bezoutNumber(variables.map((_, i) => differentiatePolynomial(poly!, i)));
    if (paths > maxPaths) {
      note = `${paths} homotopy paths exceed the limit of ${maxPaths} (--max-paths), so multi-start Newton searched the box instead`;
      poly = null;
    }
  }
  let candidates: number[][];
  let oracle: GradientOracle;
  let complete: boolean;
  let method: CriticalPointsResult['method'];
  let paths: number;
  const box = options.box ?? ([-10, 10] as const);
  if (poly) {
    oracle = polynomialOracle(poly);
    method = 'homotopy continuation';
    complete = true;
    const partials = variables.map((_, i) => differentiatePolynomial(poly, i));
    if (partials.every((p) => p.terms.length === 0)) {
      // f is constant: every point is critical
      return {
        variables, points: [], complete, method, paths: 0,
        nonIsolated: [{ description: `every point is critical (f is constant, f = ${oracle.value(variables.map(() => 0))})`, samplePoint: variables.map(() => 0), value: oracle.value(variables.map(() => 0)), dimension: n }],
      };
    }
    if (partials.some((p) => p.terms.length === 0)) {
      return freeVariableCase(f, poly, partials, options);
    }
    // a nonzero constant partial derivative never vanishes: its degree 0 makes the Bézout number 0, no paths
    const found = homotopyCandidates(partials, oracle, options.seed, maxPaths);
    candidates = found.candidates;
    paths = found.paths;
    if (found.failed > 0) {
      // a path that did not reach t = 0 may have been heading for a critical point
      complete = false;
      note = `${found.failed} of ${paths} homotopy paths failed (the step size collapsed, e.g. on a badly scaled polynomial), so critical points may be missing`;
    }
  } else {
    oracle = autodiffOracle(f.expr, variables);
    method = 'multi-start Newton with deflation';
    complete = false;
    paths = options.starts ?? 40 * n;
    candidates = newtonCandidates(f, box, paths, options.seed ?? 7);
  }
  const clustered = cluster(candidates).map(snap);
  const { points, nonIsolated } = classifyCandidates(f, oracle, clustered);
  return { variables, points, nonIsolated, complete, method, paths, ...(poly ? {} : { box: [box[0], box[1]] as [number, number] }), ...(note ? { note } : {}) };
}

/** Evaluates candidates with autodiff, keeps true critical points, splits isolated points from critical sets. */
function classifyCandidates(f: ScalarFunction, oracle: GradientOracle, candidates: readonly number[][]): { points: CriticalPoint[]; nonIsolated: NonIsolatedSet[] } {
  const d = derivativesAt(f.expr, f.variables, candidates, 2);
  const points: CriticalPoint[] = [];
  const nonIsolated: NonIsolatedSet[] = [];
  candidates.forEach((p, k) => {
    const gradient = d.gradients[k]!;
    const hessian = d.hessians![k]!;
    const hScale = 1 + normInf(hessian.flat());
    if (!(normInf(gradient) <= 1e-7 * hScale * (1 + normInf(p)))) return;
    const eigenvalues = symmetricEigen(hessian).values;
    const type = criticalPointType(eigenvalues);
    if (type !== 'local minimum' && type !== 'local maximum' && eigenvalues.some((v) => Math.abs(v) <= 1e-6 * hScale) && isNonIsolated(oracle, p)) {
      const set = describeCriticalSet(oracle, p, f.variables);
      if (!nonIsolated.some((s) => s.description === set.description)) nonIsolated.push(set);
      return;
    }
    points.push({ point: p, exact: exactCoordinates(p), value: d.values[k]!, gradient, hessian, eigenvalues, type });
  });
  points.sort((a, b) => {
    for (let i = 0; i < a.point.length; i++) if (a.point[i] !== b.point[i]) return a.point[i]! - b.point[i]!;
    return 0;
  });
  return { points, nonIsolated };
}

/** f does not depend on some variables: solve in the others, each solution is a line or plane of critical points. */
function freeVariableCase(f: ScalarFunction, poly: Polynomial, partials: Polynomial[], options: CriticalPointsOptions): CriticalPointsResult {
  const variables = [...f.variables];
  const used = variables.filter((_, i) => partials[i]!.terms.length > 0);
  const free = variables.filter((v) => !used.includes(v));
  // f does not depend on the free variables (their partials vanish identically), so f = f with them set to 0;
  // the substituted expression has only the used variables (x − x + y² becomes 0 − 0 + y²)
  const expr = substitute(f.expr, new Map(free.map((v) => [v, num(0)] as const)));
  const reduced = criticalPoints({ source: f.source, expr, variables: used }, { ...options, variables: used });
  const oracle = polynomialOracle(poly);
  const nonIsolated: NonIsolatedSet[] = reduced.points.map((p) => {
    const sample = variables.map((v) => (used.includes(v) ? p.point[used.indexOf(v)]! : 0));
    const fixed = used.map((v, i) => `${v} = ${p.exact[i] ?? p.point[i]}`).join(', ');
    const kind = free.length === 1 ? 'line' : free.length === 2 ? 'plane' : `${free.length}-dimensional set`;
    return {
      description: `${kind} of critical points ${fixed}, ${free.join(', ')} free (f does not depend on ${free.join(', ')}; ${p.type} in ${used.join(', ')}); f = ${oracle.value(sample)} on it`,
      samplePoint: sample,
      value: oracle.value(sample),
      dimension: free.length,
    };
  });
  return {
    variables, points: [], nonIsolated: [...nonIsolated, ...reduced.nonIsolated], complete: reduced.complete, method: reduced.method, paths: reduced.paths,
    ...(reduced.box ? { box: reduced.box } : {}), ...(reduced.note ? { note: reduced.note } : {}),
  };
}
