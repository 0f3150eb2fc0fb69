// The calculus commands end to end, in process: JSON shapes, tables, files, and one-line errors with exit code 2.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';


afterEach(() => {
  process.exitCode = 0;
});

describe('nabla grad / hessian / jacobian', () => {
  it('grad --json gives {variables, point, value, gradient, symbolic}', async () => {
    const { out, code } = await run('grad', 'x^2*y + x*y^2 - 6*x*y', '--at', 'x=3/2,y=3', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.variables).toEqual(['x', 'y']);
    expect(r.point).toEqual([1.5, 3]);
    expect(r.value).toBeCloseTo(-6.75, 12);
    expect(r.gradient[0]).toBeCloseTo(0, 12);
    expect(r.gradient[1]).toBeCloseTo(2.25, 12);
    expect(r.symbolic).toEqual(['2*x*y + y^2 - 6*y', 'x^2 + 2*x*y - 6*x']);
  });

  it('grad prints the symbolic partials as a student writes them', async () => {
    const { out } = await run('grad', 'x^2*y + x*y^2 - 6*x*y', '--at', 'x=3/2,y=3');
    expect(out).toContain('2xy + y² − 6y');
    expect(out).toContain('∇f = (0, 9/4)');
  });

  it('hessian --json gives ascending eigenvalues and the definiteness', async () => {
    const r = JSON.parse((await run('hessian', 'x^2 + y^2 + z^2 - x*y*z', '--at', 'x=2,y=2,z=2', '--json')).out);
    expect(r.hessian).toEqual([[2, -2, -2], [-2, 2, -2], [-2, -2, 2]]);
    expect(r.eigenvalues.map((v: number) => Math.round(v * 1e9) / 1e9)).toEqual([-2, 4, 4]);
    expect(r.definiteness).toBe('indefinite');
  });

  it('jacobian of a linear map is its matrix, one row per expression', async () => {
    const r = JSON.parse((await run('jacobian', '2*x + 3*y; x - y', '--at', 'x=5,y=7', '--json')).out);
    expect(r.jacobian).toEqual([[2, 3], [1, -1]]);
  });
});

describe('nabla critical', () => {
  it('prints the classified table for x² + y² + z² − xyz', async () => {
    const { out, code } = await run('critical', 'x^2+y^2+z^2-x*y*z');
    expect(code).toBe(0);
    expect(out).toMatch(/\(0, 0, 0\)\s+0\s+2, 2, 2\s+local minimum/);
    expect(out).toMatch(/\(2, 2, 2\)\s+4\s+−2, 4, 4\s+saddle point/);
    expect(out).toContain('complete');
  });

  it('--check flags (3/2, 3) and lists the missed points in JSON', async () => {
    const r = JSON.parse((await run('critical', 'x^2*y + x*y^2 - 6*x*y', '--check', '(3/2, 3); (0, 0)', '--json')).out);
    expect(r.complete).toBe(true);
    expect(r.method).toBe('homotopy continuation');
    expect(r.check[0].isCritical).toBe(false);
    expect(r.check[0].gradient[1]).toBeCloseTo(2.25, 12);
    expect(r.check[1]).toMatchObject({ isCritical: true, type: 'saddle point' });
    expect(r.missed.map((p: { point: number[] }) => p.point.map(Math.round))).toEqual([[0, 6], [2, 2], [6, 0]]);
  });

  it('says the second-derivative test is inconclusive at a degenerate point', async () => {
    const { out } = await run('critical', 'x^3 - 3*x*y^2');
    expect(out).toContain('inconclusive');
  });

  it('reports (x − y)² under nonIsolated', async () => {
    const r = JSON.parse((await run('critical', '(x-y)^2', '--json')).out);
    expect(r.points).toEqual([]);
    expect(r.nonIsolated[0].description).toContain('x − y = 0');
  });
});

describe('nabla newton / descent', () => {
  it('newton converges in one step on a quadratic', async () => {
    const r = JSON.parse((await run('newton', 'x^2 + y^2', '--from', 'x=3,y=-4', '--json')).out);
    expect(r.converged).toBe(true);
    expect(r.trajectory).toHaveLength(2);
    expect(r.point).toEqual([0, 0]);
  });

  it('descent writes a contour plot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-descent-'));
    const file = join(dir, 'descent.svg');
    const r = JSON.parse((await run('descent', 'x^2 + 4*y^2', '--from', 'x=2,y=1', '--lr', '0.1', '--steps', '30', '--plot', file, '--json')).out);
    expect(r.trajectory.length).toBeGreaterThan(5);
    expect(r.value).toBeLessThan(1e-3);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('min (0, 0)');
  });
});

describe('nabla graph', () => {
  it('prints DOT without --out, with values and gradients given --at', async () => {
    const { out } = await run('graph', 'a = x*y + z; b = a*(x+x); w = a*b + b', '--at', 'x=1,y=2,z=3');
    expect(out).toMatch(/^digraph/);
    expect(out).toContain('{ x | data 1 | grad 104 }');
    expect(out).toContain('{ w | data 60 | grad 1 }');
  });

  it('lays the graph out with Graphviz (WASM) into an SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-graph-'));
    const file = join(dir, 'graph.svg');
    await run('graph', 'a = x*y + z; b = a*(x+x); w = a*b + b', '--out', file);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('class="node"');
  });
});

describe('bad input', () => {
  it.each([
    [['grad', 'x + * y', '--at', 'x=1,y=2'], /column 5/],
    [['grad', 'foo(x)', '--at', 'x=1'], /unknown function 'foo'/],
    [['grad', 'x^2', '--at', 'y=1'], /unknown variable y/],
    [['grad', 'log(x)', '--at', 'x=-1'], /not finite/],
    [['hessian', 'x^2', '--at', 'x=abc'], /--at/],
    [['descent', 'x^2', '--from', 'x=1', '--lr', '-1'], /--lr/],
  ])('%j: one line on stderr, exit code 2', async (argv, message) => {
    const { err, code, out } = await run(...(argv as string[]));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});

describe('reliability of the calculus commands', () => {
  it.each([
    [['grad', 'sqrt(x)', '--at', 'x=0'], /∂f\/∂x is not finite \(Infinity\) at \(x\) = \(0\)/],
    [['hessian', 'x^1.5', '--at', 'x=0'], /∂²f\/∂x∂x is not finite/],
    [['jacobian', 'sqrt(x); y', '--at', 'x=0,y=1'], /∂f₁\/∂x is not finite/],
    [['newton', 'sqrt(x) + x^2', '--from', 'x=0'], /∂f\/∂x is not finite .*step 0/],
    [['grad', `${'('.repeat(2000)}x${')'.repeat(2000)}`, '--at', 'x=1'], /nested too deeply/],
    [['grad', 'x + 😀', '--at', 'x=1'], /column 5: unexpected character '😀'/],
    [['critical', 'x^8*y^8*z^8'], /12167 paths .*--max-paths/],
    [['critical', 'x^2', '--max-paths', '0'], /--max-paths: expected a positive integer/],
  ])('%j: one line on stderr, exit code 2', async (argv, message) => {
    const { err, code, out } = await run(...(argv as string[]));
    expect(out).toBe('');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\p{Surrogate}/u);
  });

  it('--at accepts constructor, toString and __proto__ as variable names', async () => {
    const r = JSON.parse((await run('grad', 'constructor*x + toString + __proto__^2', '--at', 'constructor=1,x=2,toString=3,__proto__=4', '--json')).out);
    expect(r.variables).toEqual(['__proto__', 'constructor', 'toString', 'x']);
    expect(r.gradient).toEqual([8, 2, 1, 1]);
  });

  it('grad of a large expression prints the numbers and says the symbolic form is too large', async () => {
    const { out, code } = await run('grad', Array.from({ length: 50 }, () => 'x').join('^'), '--at', 'x=1');
    expect(code).toBe(0);
    expect(out).toMatch(/∂f\/∂x\s+\(too large to show: .*\)\s+1\n/);
    expect(out).toContain('∇f = (1)');
    expect(out.length).toBeLessThan(2000);
  });

  it('critical with --max-paths raised past the Bézout number solves; with --box over the budget it falls back', async () => {
    const solved = JSON.parse((await run('critical', 'x^2*y + x*y^2 - 6*x*y', '--max-paths', '4', '--json')).out);
    expect(solved.complete).toBe(true);
    const { out } = await run('critical', 'x^2*y + x*y^2 - 6*x*y', '--max-paths', '3', '--box', '-10,10');
    expect(out).toMatch(/4 homotopy paths exceed the limit of 3/);
    expect(out).toContain('not complete');
  });

  it('critical x - x + y^2: the cancelled variable is free along a line', async () => {
    const { out, code } = await run('critical', 'x-x+y^2');
    expect(code).toBe(0);
    expect(out).toContain('line of critical points y = 0, x free');
  });
});
