// `nabla critical`: every critical point of an expression, classified; `--check` marks a student's claimed answer.

import type { Command } from 'commander';
import { checkCriticalPoints, criticalPoints, formatPretty, parseClaims, parseFunction } from '../../calculus/index.js';
import type { CheckedCriticalPoints, CriticalPoint, CriticalPointsResult, ClaimCheck } from '../../calculus/index.js';
import { action, UsageError } from '../errors.js';
import { boxOption, num, positiveIntOption, printJson, printLines, table, tuple, varsOption } from './calculus-output.js';

const examples = `
Examples:
  $ nabla critical "x^2 + y^2 + z^2 - x*y*z"
  $ nabla critical "x^2*y + x*y^2 - 6*x*y" --check "(3/2, 3); (0, 0)"
  $ nabla critical "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"     # Himmelblau: 9 critical points
  $ nabla critical "x^3 - 3*x*y^2"                          # the monkey saddle: degenerate
  $ nabla critical "(x - y)^2"                              # a line of critical points
  $ nabla critical "sin(x)*cos(y)" --box -4,4 --json
  $ nabla critical "x^8*y^8*z^8" --box -2,2                # 12167 homotopy paths: searches the box instead

Polynomials are solved completely by homotopy continuation (every isolated critical point,
complete: true), tracking one path per solution of the start system: the Bézout number, the
product of the degrees of ∂f/∂xᵢ. Past --max-paths (default 1000) it stops with that number,
or, given --box, searches the box by multi-start Newton instead (complete: false). Other
expressions use multi-start Newton with deflation in --box (complete: false).
Points are classified by the eigenvalues of the Hessian.`;

interface CriticalFlags {
  vars?: string;
  box?: string;
  starts?: string;
  maxPaths?: string;
  check?: string;
  json?: boolean;
}

const pointJson = (p: CriticalPoint) => ({ point: p.point, exact: p.exact, value: p.value, eigenvalues: p.eigenvalues, type: p.type });

function pointText(p: CriticalPoint): string {
  return `(${p.point.map((x, i) => p.exact[i]?.replace(/^-/, '−') ?? num(x)).join(', ')})`;
}

function typeText(type: string): string {
  return type === 'degenerate' ? 'degenerate (a zero eigenvalue: the second-derivative test is inconclusive)' : type;
}

function resultLines(r: CriticalPointsResult): string[] {
  const how = r.method === 'homotopy continuation'
    ? `homotopy continuation, ${r.paths} path${r.paths === 1 ? '' : 's'}; complete: every isolated critical point is listed`
    : `multi-start Newton with deflation, ${r.paths} starts in [${r.box![0]}, ${r.box![1]}]^${r.variables.length}; not complete: points outside the box or missed by all starts are not listed`;
  const lines = [`method: ${how}`, ...(r.note ? [`note: ${r.note}`] : []), ''];
  if (r.points.length === 0) lines.push('no isolated critical points');
  else {
    lines.push(...table(
      ['point', 'f', 'eigenvalues of H', 'type'],
      r.points.map((p) => [pointText(p), num(p.value), p.eigenvalues.map(num).join(', '), typeText(p.type)]),
    ));
  }
  if (r.nonIsolated.length > 0) {
    lines.push('', 'not isolated (reported as sets, not points):');
    for (const s of r.nonIsolated) lines.push(`  ${s.description}  (e.g. ${tuple(s.samplePoint)})`);
  }
  return lines;
}

function checkLines(check: readonly ClaimCheck[], missed: readonly CriticalPoint[]): string[] {
  const lines = ['', 'check of the claimed points:'];
  lines.push(...table(
    ['claimed', '∇f there', 'verdict'],
    check.map((c) => [tuple(c.point), tuple(c.gradient), c.isCritical ? `critical: ${c.type}` : 'NOT a critical point (∇f ≠ 0)']),
  ).map((l) => `  ${l}`));
  if (missed.length === 0) lines.push('', 'no critical point was missed');
  else lines.push('', `missed: ${missed.map((p) => `${pointText(p)} ${p.type}`).join('; ')}`);
  return lines;
}

export function registerCritical(program: Command): void {
  program
    .command('critical')
    .description('find and classify every critical point of an expression')
    .argument('<expr>', 'the expression, e.g. "x^2*y + x*y^2 - 6*x*y"')
    .option('--vars <names>', 'variable order, comma-separated (default: alphabetical)')
    .option('--box <lo,hi>', 'search box for non-polynomials (default -10,10)')
    .option('--starts <n>', 'Newton starting points for non-polynomials (default 40 per variable)')
    .option('--max-paths <n>', 'most homotopy paths to track for a polynomial (default 1000)')
    .option('--check <points>', 'check claimed critical points, e.g. "(3/2, 3); (0, 0)"')
    .option('--json', 'print one JSON document')
    .addHelpText('after', examples)
    .action(
      action('critical', (expr: string, flags: CriticalFlags) => {
        const f = parseFunction(expr, varsOption(flags.vars));
        const options = {
          box: boxOption(flags.box),
          ...(flags.starts !== undefined ? { starts: positiveIntOption('--starts', flags.starts, 1) } : {}),
          ...(flags.maxPaths !== undefined ? { maxPaths: positiveIntOption('--max-paths', flags.maxPaths, 1) } : {}),
        };
        let claims: number[][] | undefined;
        if (flags.check !== undefined) {
          try {
            claims = parseClaims(flags.check, f.variables.length);
          } catch (error) {
            throw new UsageError(`--check: ${(error as Error).message}`);
          }
        }
        const check: CheckedCriticalPoints | undefined = claims ? checkCriticalPoints(f, claims, options) : undefined;
        const r: CriticalPointsResult = check ?? criticalPoints(f, options);
        if (flags.json) {
          printJson({
            variables: r.variables,
            points: r.points.map(pointJson),
            nonIsolated: r.nonIsolated.map((s) => ({ description: s.description, samplePoint: s.samplePoint, value: s.value, dimension: s.dimension })),
            complete: r.complete,
            method: r.method,
            ...(r.note ? { note: r.note } : {}),
            ...(check ? { check: check.check.map((c) => ({ point: c.point, isCritical: c.isCritical, gradient: c.gradient, type: c.type })), missed: check.missed.map(pointJson) } : {}),
          });
          return;
        }
        printLines([
          `f(${r.variables.join(', ')}) = ${formatPretty(f.expr)}`,
          ...resultLines(r),
          ...(check ? checkLines(check.check, check.missed) : []),
        ]);
      }),
    );
}
