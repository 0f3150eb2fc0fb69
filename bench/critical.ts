// Time of `criticalPoints` on a degree-4 polynomial in 3 variables (homotopy continuation), against multi-start Newton on the same function.

import { timeTrials } from './timing.js';
import { pathToFileURL } from 'node:url';
import { criticalPoints } from '../src/calculus/index.js';

export interface CriticalFigure {
  label: string;
  method: string;
  msPerCall: number;
  points: number;
  complete: boolean;
}

/** The benchmark function: ∇f has three cubics, so 27 homotopy paths. */
export const benchPolynomial = 'x^4 + y^4 + z^4 - 4*x*y*z + x^2 - y*z + x*y^2 - 3*z';


/**
 * Times the complete solver (homotopy continuation) and, as the peer, multi-start Newton with
 * deflation on the same function made non-polynomial by a term that is identically zero.
 */
export function benchCritical(minSeconds = 1): CriticalFigure[] {
  const cases = [
    { label: 'degree-4 in 3 variables', source: benchPolynomial },
    { label: 'same, + 0·exp(x) (forces Newton)', source: `${benchPolynomial} + 0*exp(x)` },
  ];
  return cases.map(({ label, source }) => {
    let result = criticalPoints(source, { box: [-3, 3] });
    const seconds = timeTrials(() => void (result = criticalPoints(source, { box: [-3, 3] })), 1, minSeconds).median;
    return { label, method: result.method, msPerCall: seconds * 1000, points: result.points.length, complete: result.complete };
  });
}

export function printCritical(figures: readonly CriticalFigure[]): void {
  console.log('\ncriticalPoints');
  console.log('case                                 method                             ms/call  points  complete');
  for (const f of figures) {
    console.log(`${f.label.padEnd(36)} ${f.method.padEnd(34)} ${f.msPerCall.toFixed(1).padStart(7)}  ${String(f.points).padStart(6)}  ${f.complete}`);
  }
  const [homotopy, newton] = figures;
  if (homotopy && newton) console.log(`homotopy / Newton time ratio: ${(homotopy.msPerCall / newton.msPerCall).toFixed(2)}`);
  if (homotopy && homotopy.msPerCall > 2000) console.log('WARNING: homotopy continuation took over 2 s (target: under 2 s)');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printCritical(benchCritical(process.argv.includes('--quick') ? 0.2 : 1));
}
