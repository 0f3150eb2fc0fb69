// The course's critical-point answers, reproduced: classification, degenerate and non-isolated cases, claim checking.

import { describe, expect, it } from 'vitest';
import { checkCriticalPoints } from '../../src/calculus/check-claims.js';
import { criticalPoints, multiStartPoints } from '../../src/calculus/critical-points.js';

const rounded = (xs: readonly number[]): number[] => xs.map((x) => Math.round(x * 1e9) / 1e9 + 0);

describe('criticalPoints', () => {
  it('x² + y² + z² − xyz: a minimum at the origin and four saddles with eigenvalues −2, 4, 4', () => {
    const r = criticalPoints('x^2 + y^2 + z^2 - x*y*z');
    expect(r.complete).toBe(true);
    expect(r.method).toBe('homotopy continuation');
    expect(r.points.map((p) => [rounded(p.point), p.type])).toEqual([
      [[-2, -2, 2], 'saddle point'],
      [[-2, 2, -2], 'saddle point'],
      [[0, 0, 0], 'local minimum'],
      [[2, -2, -2], 'saddle point'],
      [[2, 2, 2], 'saddle point'],
    ]);
    for (const p of r.points.filter((q) => q.type === 'saddle point')) expect(rounded(p.eigenvalues)).toEqual([-2, 4, 4]);
    expect(rounded(r.points[2]!.eigenvalues)).toEqual([2, 2, 2]);
  });

  it('x²y + xy² − 6xy: saddles at (0,0), (6,0), (0,6) and a minimum at (2,2)', () => {
    const r = criticalPoints('x^2*y + x*y^2 - 6*x*y');
    expect(r.points.map((p) => [rounded(p.point), p.type])).toEqual([
      [[0, 0], 'saddle point'],
      [[0, 6], 'saddle point'],
      [[2, 2], 'local minimum'],
      [[6, 0], 'saddle point'],
    ]);
    expect(r.points[2]!.value).toBeCloseTo(-8, 12);
    expect(r.points.map((p) => p.exact.join(','))).toEqual(['0,0', '0,6', '2,2', '6,0']);
  });

  it("catches the course solution's slip (3/2, 3): the gradient there is (0, 9/4)", () => {
    const r = checkCriticalPoints('x^2*y + x*y^2 - 6*x*y', [[1.5, 3], [0, 0]]);
    expect(r.check[0]!.isCritical).toBe(false);
    expect(r.check[0]!.gradient[0]).toBeCloseTo(0, 14);
    expect(r.check[0]!.gradient[1]).toBeCloseTo(9 / 4, 14);
    expect(r.check[0]!.type).toBeNull();
    expect(r.check[1]).toMatchObject({ isCritical: true, type: 'saddle point' });
    expect(r.missed.map((p) => rounded(p.point))).toEqual([[0, 6], [2, 2], [6, 0]]);
  });

  it("Himmelblau's function has 9 critical points: 4 minima, 4 saddles, 1 maximum", () => {
    const r = criticalPoints('(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
    expect(r.points).toHaveLength(9);
    const count = (t: string): number => r.points.filter((p) => p.type === t).length;
    expect([count('local minimum'), count('saddle point'), count('local maximum')]).toEqual([4, 4, 1]);
    expect(r.points.some((p) => p.exact.join(',') === '3,2' && p.type === 'local minimum')).toBe(true);
    for (const p of r.points) expect(Math.max(...p.gradient.map(Math.abs))).toBeLessThan(1e-9);
  });

  it('the monkey saddle x³ − 3xy² is degenerate at the origin (H = 0), and isolated', () => {
    const r = criticalPoints('x^3 - 3*x*y^2');
    expect(r.nonIsolated).toEqual([]);
    expect(r.points).toHaveLength(1);
    expect(rounded(r.points[0]!.point)).toEqual([0, 0]);
    expect(r.points[0]!.type).toBe('degenerate');
    expect(rounded(r.points[0]!.eigenvalues)).toEqual([0, 0]);
  });

  it('(x − y)² has a line of critical points, reported as a set and not as points', () => {
    const r = criticalPoints('(x - y)^2');
    expect(r.points).toEqual([]);
    expect(r.nonIsolated).toHaveLength(1);
    expect(r.nonIsolated[0]!.description).toContain('line of critical points x − y = 0');
    const [x, y] = r.nonIsolated[0]!.samplePoint;
    expect(x).toBeCloseTo(y!, 9);
  });

  it('(x² + y² − 1)² has a circle of critical points and a maximum at the origin', () => {
    const r = criticalPoints('(x^2 + y^2 - 1)^2');
    expect(r.points.map((p) => [rounded(p.point), p.type])).toEqual([[[0, 0], 'local maximum']]);
    expect(r.nonIsolated).toHaveLength(1);
    expect(r.nonIsolated[0]!.description).toContain('circle of critical points x² + y² = 1');
  });

  it('shows coordinates exactly: ±1/√2 for x·exp(−x² − y²) (Newton with deflation, not complete)', () => {
    const r = criticalPoints('x*exp(-x^2 - y^2)', { box: [-3, 3] });
    expect(r.complete).toBe(false);
    expect(r.method).toBe('multi-start Newton with deflation');
    expect(r.points.map((p) => [p.exact.join(','), p.type])).toEqual([
      ['-√2/2,0', 'local minimum'],
      ['√2/2,0', 'local maximum'],
    ]);
  });

  it('finds the critical points of sin(x)cos(y) in a small box', () => {
    const r = criticalPoints('sin(x)*cos(y)', { box: [-2, 2] });
    // in [−2, 2]²: (±π/2, 0) extrema and (0, ±π/2) saddles
    expect(r.points.map((p) => [rounded(p.point.map((v) => v / Math.PI * 2)), p.type])).toEqual([
      [[-1, 0], 'local minimum'],
      [[0, -1], 'saddle point'],
      [[0, 1], 'saddle point'],
      [[1, 0], 'local maximum'],
    ]);
  });

  it('a polynomial of degree 4 in 3 variables: every endpoint accounted for, quickly', () => {
    const start = performance.now();
    const r = criticalPoints('x^4 + y^4 + z^4 - 4*x*y*z + x^2 - y*z');
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.paths).toBe(27);
    expect(r.points.map((p) => p.type).sort()).toEqual(['local minimum', 'local minimum', 'saddle point']);
  });

  it('reports no critical points when a partial derivative is a nonzero constant', () => {
    const r = criticalPoints('x^2 + y');
    expect(r.points).toEqual([]);
    expect(r.complete).toBe(true);
  });
});

describe('criticalPoints within budgets', () => {
  it('x⁸y⁸z⁸: 23³ = 12167 homotopy paths exceed the default budget of 1000, so it fails early and says what to do', () => {
    expect(() => criticalPoints('x^8*y^8*z^8')).toThrow(
      /homotopy continuation would track 12167 paths \(Bézout number 23·23·23\), over the limit of 1000: raise it with --max-paths 12167, or search a box with multi-start Newton \(--box/,
    );
  });

  it('x³⁰ + y³⁰ + z³⁰ + w³⁰ fails early too (29⁴ = 707281 paths)', () => {
    expect(() => criticalPoints('x^30 + y^30 + z^30 + w^30')).toThrow(/707281 paths/);
  });

  it('the budget is an option: maxPaths below the Bézout number refuses, at or above it solves', () => {
    expect(() => criticalPoints('x^2*y + x*y^2 - 6*x*y', { maxPaths: 3 })).toThrow(/4 paths .*limit of 3/);
    expect(criticalPoints('x^2*y + x*y^2 - 6*x*y', { maxPaths: 4 }).points).toHaveLength(4);
  });

  it('over the budget with a box given, it falls back to multi-start Newton (complete: false) and says why', () => {
    const r = criticalPoints('x^2*y + x*y^2 - 6*x*y', { maxPaths: 3, box: [-10, 10] });
    expect(r.complete).toBe(false);
    expect(r.method).toBe('multi-start Newton with deflation');
    expect(r.note).toMatch(/4 homotopy paths exceed the limit of 3/);
    expect(r.points.map((p) => rounded(p.point))).toEqual([[0, 0], [0, 6], [2, 2], [6, 0]]);
  });

  it('(a+b+c+d+f+g+h+i+j+k)^64 is not expanded: the polynomial term limit is named', () => {
    expect(() => criticalPoints('(a+b+c+d+f+g+h+i+j+k)^64')).toThrow(/polynomial too large to expand: more than 10000 terms \(limit 10000\)/);
  });
});

describe('criticalPoints when a variable cancels out', () => {
  it.each(['x - x + y^2', 'x*0 + y^2', '(x + y)^2 - x^2 - 2*x*y'])('%s: a line of critical points y = 0 with x free', (source) => {
    const r = criticalPoints(source);
    expect(r.variables).toEqual(['x', 'y']);
    expect(r.points).toEqual([]);
    expect(r.nonIsolated).toHaveLength(1);
    expect(r.nonIsolated[0]!.dimension).toBe(1);
    expect(r.nonIsolated[0]!.description).toMatch(/^line of critical points y = 0, x free \(f does not depend on x; local minimum in y\)/);
  });
});

describe('criticalPoints on polynomials whose coefficients overflow', () => {
  it('(x+1)(x+2)⋯(x+200)·y: refuses rather than report noise as complete', () => {
    const product = `${Array.from({ length: 200 }, (_, i) => `(x+${i + 1})`).join('*')}*y`;
    expect(() => criticalPoints(product)).toThrow(/coefficients overflow float64/);
  });
});

describe('criticalPoints on degenerate input', () => {
  it('refuses an expression without variables', () => {
    expect(() => criticalPoints('7')).toThrow(/^the expression has no variables$/);
  });

  it('a constant f: every point is critical, one set of the full dimension and no paths', () => {
    const r = criticalPoints('x*0 + y*0 + 3');
    expect(r).toEqual({
      variables: ['x', 'y'], points: [], complete: true, method: 'homotopy continuation', paths: 0,
      nonIsolated: [{ description: 'every point is critical (f is constant, f = 3)', samplePoint: [0, 0], value: 3, dimension: 2 }],
    });
  });

  it('two free variables make a plane of critical points, three a 3-dimensional set', () => {
    const plane = criticalPoints('x - x + y - y + z^2');
    expect(plane.nonIsolated).toEqual([{
      description: 'plane of critical points z = 0, x, y free (f does not depend on x, y; local minimum in z); f = 0 on it',
      samplePoint: [0, 0, 0], value: 0, dimension: 2,
    }]);
    const solid = criticalPoints('w*0 + x*0 + y*0 + (z-1)^2 + 5');
    expect(solid.nonIsolated).toEqual([{
      description: '3-dimensional set of critical points z = 1, w, x, y free (f does not depend on w, x, y; local minimum in z); f = 5 on it',
      samplePoint: [0, 0, 0, 1], value: 5, dimension: 3,
    }]);
    expect(solid.points).toEqual([]);
  });

  it('a free variable with a coordinate that is not exact: the line is described by its decimal value', () => {
    const r = criticalPoints('x*0 + z^4 - 12*z');
    const z = Math.cbrt(3);
    expect(r.nonIsolated).toHaveLength(1);
    expect(r.nonIsolated[0]!.description).toMatch(/^line of critical points z = 1\.44224957030740\d*, x free \(f does not depend on x; local minimum in z\); f = -12\.98024613276667\d* on it$/);
    expect(r.nonIsolated[0]!.samplePoint[0]).toBe(0);
    expect(r.nonIsolated[0]!.samplePoint[1]).toBeCloseTo(z, 12);
  });

  it('the options reach the variables f depends on: over the path budget with a box, Newton searches it and says why', () => {
    const r = criticalPoints('x*0 + y^2 + z^2 + y^2*z^2', { maxPaths: 3, box: [-2, 2] });
    expect(r.method).toBe('multi-start Newton with deflation');
    expect(r.complete).toBe(false);
    expect(r.box).toEqual([-2, 2]);
    expect(r.paths).toBe(80);
    expect(r.note).toBe('9 homotopy paths exceed the limit of 3 (--max-paths), so multi-start Newton searched the box instead');
    expect(r.nonIsolated.map((s) => s.description)).toEqual([
      'line of critical points y = 0, z = 0, x free (f does not depend on x; local minimum in y, z); f = 0 on it',
    ]);
  });

  it('a polynomial within the path budget has no box and no note', () => {
    const r = criticalPoints('x^2*y + x*y^2 - 6*x*y', { maxPaths: 4, box: [-10, 10] });
    expect(r.method).toBe('homotopy continuation');
    expect(r.box).toBeUndefined();
    expect(r.note).toBeUndefined();
    expect(r.paths).toBe(4);
  });

  it('a polynomial too large to expand is searched in the box when one is given, and the note says so', () => {
    const r = criticalPoints('(a+b+c+d)^40 + a^2 + b^2 + c^2 + d^2', { box: [-1, 1], starts: 8 });
    expect(r.method).toBe('multi-start Newton with deflation');
    expect(r.note).toBe('polynomial too large to expand: more than 10000 terms (limit 10000), so multi-start Newton searched the box instead');
    expect(r.points.map((p) => [p.point, p.type])).toEqual([[[0, 0, 0, 0], 'local minimum']]);
    expect(() => criticalPoints('(a+b+c+d)^40 + a^2')).toThrow(
      'polynomial too large to expand: more than 10000 terms (limit 10000); search a box with multi-start Newton instead (--box -10,10; not complete)',
    );
  });
});

describe('criticalPoints by multi-start Newton with deflation', () => {
  it('reports its box and starts: 40 per variable by default, or as many as asked', () => {
    const r = criticalPoints('exp(x) - 2*x');
    expect([r.method, r.complete, r.box, r.paths]).toEqual(['multi-start Newton with deflation', false, [-10, 10], 40]);
    expect(r.points.map((p) => p.type)).toEqual(['local minimum']);
    expect(r.points[0]!.point[0]).toBeCloseTo(Math.LN2, 14);
    expect(criticalPoints('x + cos(y)', { box: [-2, 2] }).paths).toBe(80);
  });

  it('one start is enough for a convex function: Newton from anywhere in the box reaches ln 2 for eˣ − 2x', () => {
    const r = criticalPoints('exp(x) - 2*x', { starts: 1 });
    expect(r.paths).toBe(1);
    expect(r.points.map((p) => p.point[0])).toEqual([Math.LN2]);
  });

  it('drops points where Newton stalls but the gradient is not zero: x + cos(y) has no critical point', () => {
    // ∂f/∂x = 1 never vanishes; the singular Hessian lets least-squares Newton settle on y = kπ
    const r = criticalPoints('x + cos(y)', { box: [-2, 2] });
    expect(r.points).toEqual([]);
    expect(r.nonIsolated).toEqual([]);
  });

  it('keeps a critical point within rounding of the box edge (a relative margin of 1e-9) and none outside', () => {
    const r = criticalPoints('cos(x)', { box: [-Math.PI + 5e-9, 2 * Math.PI - 5e-9] });
    expect(r.points.map((p) => [p.point[0]! / Math.PI, p.type])).toEqual([
      [expect.closeTo(-1, 12), 'local minimum'],
      [0, 'local maximum'],
      [expect.closeTo(1, 12), 'local minimum'],
      [expect.closeTo(2, 12), 'local maximum'],
    ]);
    const inside = criticalPoints('cos(x)', { box: [-Math.PI + 1e-6, 2 * Math.PI - 1e-6] });
    expect(inside.points.map((p) => p.point[0]! / Math.PI)).toEqual([0, expect.closeTo(1, 12)]);
  });

  it('deflation steers later starts away from the points already found: x²·e^(−x²) from 6 starts gives all three', () => {
    const r = criticalPoints('x^2*exp(-x^2)', { box: [-5, 5], starts: 6 });
    expect(r.points.map((p) => [p.point[0], p.type])).toEqual([[-1, 'local maximum'], [0, 'local minimum'], [1, 'local maximum']]);
  });

  it('with deflation, 10 starts find all six critical points of sin in [−10, 10] (±π/2, ±3π/2, ±5π/2)', () => {
    const r = criticalPoints('sin(x)', { box: [-10, 10], starts: 10 });
    expect(r.points.map((p) => p.point[0]! / (Math.PI / 2))).toEqual([-5, -3, -1, 1, 3, 5].map((k) => expect.closeTo(k, 9)));
    expect(r.points.map((p) => p.type)).toEqual(['local minimum', 'local maximum', 'local minimum', 'local maximum', 'local minimum', 'local maximum']);
  });

  it('a Newton step longer than half the box is cut back: eˣ − 2x in [−30, 2], where far-left steps are ~e³⁰ long', () => {
    const r = criticalPoints('exp(x) - 2*x', { box: [-30, 2], starts: 4 });
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.point[0]).toBeCloseTo(Math.LN2, 14);
  });

  it('snaps coordinates within rounding of an exact value onto it', () => {
    const himmelblau = criticalPoints('(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
    expect(himmelblau.points.filter((p) => p.point[0] === 3 && p.point[1] === 2)).toHaveLength(1);
    const r = criticalPoints('x*exp(-x^2 - y^2)', { box: [-3, 3] });
    expect(r.points.map((p) => p.point)).toEqual([[-Math.SQRT2 / 2, 0], [Math.SQRT2 / 2, 0]]);
  });

  it('the seed places the starts: the default is 7, and with two starts another seed finds other points', () => {
    const points = (seed?: number) => criticalPoints('sin(x)', { starts: 2, ...(seed === undefined ? {} : { seed }) }).points.map((p) => p.point[0]! / Math.PI);
    expect(points()).toEqual(points(7));
    expect(points(0)).not.toEqual(points(7));
  });
});

describe('criticalPoints at singular and flat critical points', () => {
  it('(x² − 1)²(1 + y²): two lines of critical points, x = −1 and x = 1, each reported once, and a saddle at the origin', () => {
    const r = criticalPoints('(x^2 - 1)^2*(1 + y^2)');
    expect(r.points.map((p) => [p.point, p.type])).toEqual([[[0, 0], 'saddle point']]);
    expect(r.nonIsolated.map((s) => s.description).sort()).toEqual(['line of critical points x = 1; f = 0 on it', 'line of critical points x = −1; f = 0 on it']);
  });

  it('(x − 100)⁴: the minimum is found although the paths end off the real axis (f′ has a triple root)', () => {
    // rounding in f′ near 100 is about 1e-10, so the paths reach the triple root only to within about (1e-10)^(1/3)
    const r = criticalPoints('(x - 100)^4');
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.point[0]).toBeCloseTo(100, 2);
    expect(r.nonIsolated).toEqual([]);
  });

  it('several paths meeting at a singular point give one point, their average: (x − 1)⁴ + (y − 2)² at (1, 2)', () => {
    const r = criticalPoints('(x - 1)^4 + (y - 2)^2');
    expect(r.paths).toBe(3);
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.point[0]).toBeCloseTo(1, 4);
    expect(r.points[0]!.point[1]).toBeCloseTo(2, 12);
    // the Hessian diag(12(x − 1)², 2) is singular there: the second-derivative test cannot decide
    expect(r.points[0]!.type).toBe('degenerate');
  });

  it('a flat but isolated minimum or maximum (an eigenvalue of 2e-7) is a point, not a set of critical points', () => {
    const min = criticalPoints('x^2 + 1e-7*y^2');
    expect(min.nonIsolated).toEqual([]);
    expect(min.points.map((p) => [p.point, p.type])).toEqual([[[0, 0], 'local minimum']]);
    expect(min.points[0]!.eigenvalues[0]).toBeCloseTo(2e-7, 15);
    const max = criticalPoints('-x^2 - 1e-7*y^2');
    expect(max.nonIsolated).toEqual([]);
    expect(max.points.map((p) => p.type)).toEqual(['local maximum']);
  });
});

describe('multiStartPoints', () => {
  it('half the starts fill the box, a quarter each the central boxes of 1/5 and 1/25 its size: shifted Halton points', () => {
    // box [2, 10], centre 6; shift 0.75 in every coordinate; bases 2 and 3: 1/2, 1/4, 3/4, 1/8 and 1/3, 2/3, 1/9, 4/9
    const points = multiStartPoints(8, 2, [2, 10], () => 0.75);
    const expected = [
      [2 + 8 * 0.25, 2 + 8 * (1 / 3 + 0.75 - 1)], [2 + 8 * 0, 2 + 8 * (2 / 3 + 0.75 - 1)],
      [2 + 8 * 0.5, 2 + 8 * (1 / 9 + 0.75)], [2 + 8 * 0.875, 2 + 8 * (4 / 9 + 0.75 - 1)],
      // [6 − 0.8, 6 + 0.8]
      [5.2 + 1.6 * 0.25, 5.2 + 1.6 * (1 / 3 + 0.75 - 1)], [5.2, 5.2 + 1.6 * (2 / 3 + 0.75 - 1)],
      // [6 − 0.16, 6 + 0.16]
      [5.84 + 0.32 * 0.25, 5.84 + 0.32 * (1 / 3 + 0.75 - 1)], [5.84, 5.84 + 0.32 * (2 / 3 + 0.75 - 1)],
    ];
    expect(points).toHaveLength(8);
    points.forEach((p, k) => p.forEach((v, d) => expect(v).toBeCloseTo(expected[k]![d]!, 12)));
  });

  it('an odd count or one under 4 fills the box with the rest; one start lies in the box', () => {
    expect(multiStartPoints(1, 1, [0, 10], () => 0)).toEqual([[5]]);
    expect(multiStartPoints(5, 1, [0, 8], () => 0)).toEqual([[4], [2], [6], [4], [4]]);
    let u = 0;
    for (const p of multiStartPoints(40, 3, [-1, 1], () => (u = (u + 0.37) % 1))) for (const v of p) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });
});

describe('criticalPoints on badly scaled polynomials', () => {
  it('x³ − 3e15·x keeps its x³ term (it is not rounding noise) and, its paths failing, does not claim completeness', () => {
    // before, coefficients under 1e-15 of the largest were dropped: f′ became the constant −3e15, "no critical points, complete"
    const r = criticalPoints('x^3 - 3e15*x');
    expect(r.paths).toBe(2);
    expect(r.complete).toBe(false);
    expect(r.note).toBe('2 of 2 homotopy paths failed (the step size collapsed, e.g. on a badly scaled polynomial), so critical points may be missing');
  });

  it('cancellation noise is still dropped: 0.1x + 0.2x − 0.3x + y² does not depend on x', () => {
    const r = criticalPoints('0.1*x + 0.2*x - 0.3*x + y^2');
    expect(r.nonIsolated.map((s) => s.description)).toEqual(['line of critical points y = 0, x free (f does not depend on x; local minimum in y); f = 0 on it']);
  });
});

describe('criticalPoints on badly scaled polynomials', () => {
  it('x³/3 − 2e12·x: both critical points ±√2·10⁶, though the gradient rounds to about 1e-4 there (residuals are measured against the terms)', () => {
    const r = criticalPoints('x^3/3 - 2000000000000*x');
    expect(r.complete).toBe(true);
    expect(r.points.map((p) => p.type)).toEqual(['local maximum', 'local minimum']);
    expect(r.points[0]!.point[0]).toBeCloseTo(-Math.SQRT2 * 1e6, 6);
    expect(r.points[1]!.point[0]).toBeCloseTo(Math.SQRT2 * 1e6, 6);
  });

  it('x²y²: every critical point lies on a line, so the origin (H = 0) is not reported as an isolated point', () => {
    const r = criticalPoints('x^2*y^2');
    expect(r.points).toEqual([]);
    expect(r.nonIsolated.length).toBeGreaterThanOrEqual(1);
  });
});

