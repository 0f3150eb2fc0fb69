// Total-degree homotopy continuation: every isolated complex solution of a square polynomial system.

import { complexArray, complexSolve } from './complex-solve.js';
import type { ComplexArray } from './complex-solve.js';
import { compilePolynomial, degree, differentiatePolynomial } from './polynomial.js';
import type { CompiledPolynomial, Polynomial } from './polynomial.js';
import { calculusLimits } from './limits.js';
import { Rng } from '../core/rng.js';

/** Where one path ended. */
export interface PathEndpoint {
  readonly re: number[];
  readonly im: number[];
  /** ‖F(x)‖∞ after refinement. */
  readonly residual: number;
  /**
   * Smallest/largest LU pivot of the Jacobian at the endpoint: near 0 at singular solutions. A relative
   * measure: 1 for one equation unless the derivative is exactly 0, and not small when the Jacobian is
   * small in every direction (0 when a pivot vanishes exactly).
   */
  readonly pivotRatio: number;
  /** `diverged`: the path went to infinity (a solution at infinity); `failed`: the step size collapsed before t = 0. */
  readonly status: 'converged' | 'diverged' | 'failed';
  /** How many predictor–corrector steps the path took. */
  readonly steps: number;
}

export interface HomotopyResult {
  /** The Bézout number ∏dᵢ: how many paths were tracked. */
  readonly paths: number;
  readonly endpoints: PathEndpoint[];
}

export interface HomotopyOptions {
  /** Seed of the random complex γ = e^{2πiu} (the "gamma trick" keeps paths apart for almost every γ); default 20240917. */
  readonly seed?: number;
  /** Predictor–corrector steps after which a path is given up as `failed`; default 20000. */
  readonly maxStepsPerPath?: number;
  /** Most paths to track; default `calculusLimits.defaultMaxPaths`. More throws TooManyPathsError before any is tracked. */
  readonly maxPaths?: number;
}

/** The Bézout number of a system is over the path budget. */
export class TooManyPathsError extends Error {
  override name = 'TooManyPathsError';
  constructor(readonly paths: number, readonly degrees: readonly number[], readonly limit: number) {
    super(
      `homotopy continuation would track ${paths} paths (Bézout number ${degrees.join('·')}), over the limit of ${limit}: ` +
        `raise it with --max-paths ${paths}, or search a box with multi-start Newton (--box -10,10; not complete)`,
    );
  }
}

/** The number of paths total-degree homotopy tracks for `polys`: the Bézout number ∏ deg pᵢ. */
export function bezoutNumber(polys: readonly Polynomial[]): number {
  return polys.reduce((product, p) => product * Math.max(0, degree(p)), 1);
}

interface System {
  readonly n: number;
  readonly f: CompiledPolynomial[];
  /** jac[i][j] = ∂fᵢ/∂xⱼ */
  readonly jac: CompiledPolynomial[][];
  readonly degrees: number[];
}

const divergenceRadius = 1e8;

/**
 * Solves F(x) = 0 for n polynomials in n unknowns by tracking H(x, t) = (1 − t)F(x) + tγG(x) from
 * t = 1 to t = 0, where G_i = x_i^{d_i} − 1 has the ∏dᵢ known roots-of-unity solutions.
 * Paths are followed by an RK4 predictor on dx/dt = −H_x⁻¹H_t and a Newton corrector with adaptive
 * steps in t (0.02 at first, doubled after three accepted steps up to 0.1, halved when the corrector
 * does not settle); paths escaping to infinity are cut at |x| > 1e8; endpoints are refined by Newton's method
 * on F (linearly convergent at singular solutions, which paths reach from several directions).
 * @example solvePolynomialSystem([x² − 1, y − x]) // endpoints (1, 1) and (−1, −1)
 */
export function solvePolynomialSystem(polys: readonly Polynomial[], options: HomotopyOptions = {}): HomotopyResult {
  const n = polys.length;
  const degrees = polys.map(degree);
  // a constant equation (degree ≤ 0) makes the Bézout number 0: there is nothing to track
  const total = bezoutNumber(polys);
  const maxPaths = options.maxPaths ?? calculusLimits.defaultMaxPaths;
  if (total > maxPaths) throw new TooManyPathsError(total, degrees, maxPaths);
  const system: System = {
    n,
    degrees,
    f: polys.map(compilePolynomial),
    jac: polys.map((p) => polys.map((_, j) => compilePolynomial(differentiatePolynomial(p, j)))),
  };
  const angle = 2 * Math.PI * new Rng(options.seed ?? 20240917).uniform();
  const gamma: [number, number] = [Math.cos(angle), Math.sin(angle)];
  const endpoints: PathEndpoint[] = [];
  for (let index = 0; index < total; index++) {
    // the index's mixed-radix digits pick the k-th d-th root of unity in each coordinate
    const start = complexArray(n);
    let rest = index;
    for (let i = 0; i < n; i++) {
      const d = degrees[i]!;
      const k = rest % d;
      rest = Math.floor(rest / d);
      start.re[i] = Math.cos((2 * Math.PI * k) / d);
      start.im[i] = Math.sin((2 * Math.PI * k) / d);
    }
    endpoints.push(trackPath(system, gamma, start, options.maxStepsPerPath ?? 20000));
  }
  return { paths: total, endpoints };
}

/** Evaluates H(x, t) into `h`, H_x into `hx` and, when given, H_t into `ht`. */
function evaluateHomotopy(
  s: System, gamma: [number, number], x: ComplexArray, t: number,
  h: ComplexArray, hx: ComplexArray, ht?: ComplexArray,
): void {
  const { n } = s;
  const [gr, gi] = gamma;
  for (let i = 0; i < n; i++) {
    const [fr, fi] = s.f[i]!.evaluate(x.re, x.im);
    // G_i = x_i^d − 1
    const d = s.degrees[i]!;
    let pr = 1;
    let pi = 0;
    for (let k = 0; k < d - 1; k++) { const r = pr * x.re[i]! - pi * x.im[i]!; pi = pr * x.im[i]! + pi * x.re[i]!; pr = r; }
    const xdr = pr * x.re[i]! - pi * x.im[i]!;
    const xdi = pr * x.im[i]! + pi * x.re[i]!;
    const Gr = xdr - 1;
    const Gi = xdi;
    const gGr = gr * Gr - gi * Gi;
    const gGi = gr * Gi + gi * Gr;
    h.re[i] = (1 - t) * fr + t * gGr;
    h.im[i] = (1 - t) * fi + t * gGi;
    if (ht) { ht.re[i] = gGr - fr; ht.im[i] = gGi - fi; }
    for (let j = 0; j < n; j++) {
      const [jr, ji] = s.jac[i]![j]!.evaluate(x.re, x.im);
      hx.re[i * n + j] = (1 - t) * jr;
      hx.im[i * n + j] = (1 - t) * ji;
    }
    // ∂G_i/∂x_i = d x_i^{d−1}, times tγ
    const dr = d * pr;
    const di = d * pi;
    hx.re[i * n + i]! += t * (gr * dr - gi * di);
    hx.im[i * n + i]! += t * (gr * di + gi * dr);
  }
}

function norm(v: ComplexArray): number {
  let m = 0;
  for (let i = 0; i < v.re.length; i++) m = Math.max(m, Math.hypot(v.re[i]!, v.im[i]!));
  return m;
}

function copy(v: ComplexArray): ComplexArray {
  return { re: Float64Array.from(v.re), im: Float64Array.from(v.im) };
}

function trackPath(s: System, gamma: [number, number], start: ComplexArray, maxSteps: number): PathEndpoint {
  const { n } = s;
  const h = complexArray(n);
  const hx = complexArray(n * n);
  const ht = complexArray(n);
  // dx/dt = −H_x⁻¹ H_t
  const velocity = (x: ComplexArray, t: number): ComplexArray | null => {
    evaluateHomotopy(s, gamma, x, t, h, hx, ht);
    for (let i = 0; i < n; i++) { ht.re[i] = -ht.re[i]!; ht.im[i] = -ht.im[i]!; }
    return complexSolve(n, hx, ht)?.x ?? null;
  };
  const axpy = (x: ComplexArray, a: number, v: ComplexArray): ComplexArray => {
    const out = copy(x);
    for (let i = 0; i < n; i++) { out.re[i]! += a * v.re[i]!; out.im[i]! += a * v.im[i]!; }
    return out;
  };
  let x = copy(start);
  let t = 1;
  let step = 0.02;
  let successes = 0;
  let steps = 0;
  let status: PathEndpoint['status'] = 'converged';
  while (t > 0) {
    if (steps >= maxSteps) { status = 'failed'; break; }
    steps++;
    const dt = Math.min(step, t);
    const t1 = t - dt;
    // RK4 predictor in t (moving by −dt)
    const k1 = velocity(x, t);
    const k2 = k1 && velocity(axpy(x, -dt / 2, k1), t - dt / 2);
    const k3 = k2 && velocity(axpy(x, -dt / 2, k2), t - dt / 2);
    const k4 = k3 && velocity(axpy(x, -dt, k3), t1);
    // each k is null when the one before it is (or its own solve failed)
    let ok = k4 !== null;
    let y = x;
    if (ok) {
      y = copy(x);
      for (let i = 0; i < n; i++) {
        y.re[i]! -= (dt / 6) * (k1!.re[i]! + 2 * k2!.re[i]! + 2 * k3!.re[i]! + k4!.re[i]!);
        y.im[i]! -= (dt / 6) * (k1!.im[i]! + 2 * k2!.im[i]! + 2 * k3!.im[i]! + k4!.im[i]!);
      }
      // Newton corrector at t1: accept when it settles within three iterations
      ok = false;
      for (let it = 0; it < 3; it++) {
        evaluateHomotopy(s, gamma, y, t1, h, hx);
        for (let i = 0; i < n; i++) { h.re[i] = -h.re[i]!; h.im[i] = -h.im[i]!; }
        const delta = complexSolve(n, hx, h)?.x;
        if (!delta) break;
        const size = norm(delta);
        for (let i = 0; i < n; i++) { y.re[i]! += delta.re[i]!; y.im[i]! += delta.im[i]!; }
        if (size > 0.1 * (1 + norm(y))) break;
        if (size <= 1e-9 * (1 + norm(y))) { ok = true; break; }
      }
    }
    if (ok) {
      x = y;
      t = t1;
      if (++successes >= 3) { step = Math.min(step * 2, 0.1); successes = 0; }
      if (norm(x) > divergenceRadius) { status = 'diverged'; break; }
    } else {
      step /= 2;
      successes = 0;
      // the step collapsed: a singular endpoint (or one at infinity) is near; refinement takes over
      if (step < 1e-14) { status = t < 1e-4 ? 'converged' : 'failed'; break; }
    }
  }
  if (status === 'diverged') return { re: [...x.re], im: [...x.im], residual: Infinity, pivotRatio: 0, status, steps };
  return { ...refine(s, x), status, steps };
}

/** Newton's method on F itself (t = 0), keeping the best iterate. */
function refine(s: System, start: ComplexArray): { re: number[]; im: number[]; residual: number; pivotRatio: number } {
  const { n } = s;
  const fx = complexArray(n);
  const jx = complexArray(n * n);
  const gammaUnused: [number, number] = [1, 0];
  const residualAt = (x: ComplexArray): number => {
    evaluateHomotopy(s, gammaUnused, x, 0, fx, jx);
    return norm(fx);
  };
  let x = copy(start);
  let best = copy(x);
  let bestResidual = residualAt(x);
  let pivotRatio = 0;
  for (let it = 0; it < 120; it++) {
    evaluateHomotopy(s, gammaUnused, x, 0, fx, jx);
    const r = norm(fx);
    if (r === 0) break;
    for (let i = 0; i < n; i++) { fx.re[i] = -fx.re[i]!; fx.im[i] = -fx.im[i]!; }
    const solved = complexSolve(n, jx, fx);
    if (!solved) break;
    pivotRatio = solved.pivotRatio;
    const next = copy(x);
    for (let i = 0; i < n; i++) { next.re[i]! += solved.x.re[i]!; next.im[i]! += solved.x.im[i]!; }
    const rn = residualAt(next);
    if (!Number.isFinite(rn)) break;
    x = next;
    if (rn <= bestResidual) { best = copy(x); bestResidual = rn; }
    if (norm(solved.x) <= 1e-16 * (1 + norm(x))) break;
  }
  // the pivot ratio of the Jacobian at the best iterate (the right-hand side, F there, does not affect it)
  evaluateHomotopy(s, gammaUnused, best, 0, fx, jx);
  const solved = complexSolve(n, jx, fx);
  return { re: [...best.re], im: [...best.im], residual: bestResidual, pivotRatio: solved?.pivotRatio ?? 0 };
}
