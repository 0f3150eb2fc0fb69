// The one closeness assertion for tests: element-wise |actual − expected| ≤ atol + rtol·|expected|, failing with the index, both values and the error.

import { assert } from 'vitest';

/** Tolerances of `expectClose`: an entry passes when |actual − expected| ≤ atol + rtol·|expected|. */
export interface Closeness {
  /** Relative tolerance (default 1e-12). */
  rtol?: number;
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** Whether NaN matches NaN (default true: a NaN expected is a NaN required). */
  equalNaN?: boolean;
  /** Names the quantity in the failure message (default "value"). */
  label?: string;
}

/** Numbers, typed arrays or nested arrays of numbers; nested arrays are compared in row-major order. */
export type Numeric = number | ArrayLike<number> | readonly Numeric[];

function flatten(x: Numeric): number[] {
  if (typeof x === 'number') return [x];
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = (x as ArrayLike<Numeric>)[i];
    if (typeof v === 'number') out.push(v);
    else out.push(...flatten(v));
  }
  return out;
}

/** Whether `actual` is within atol + rtol·|expected| of `expected`; equal infinities match, NaN matches NaN when equalNaN. */
export function isClose(actual: number, expected: number, { rtol = 1e-12, atol = 0, equalNaN = true }: Closeness = {}): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return equalNaN && Number.isNaN(actual) && Number.isNaN(expected);
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * Asserts that `actual` and `expected` have the same number of entries and that each entry is close
 * (see `isClose`). A failure lists the first mismatches as `label[i]: actual A, expected E, error |A − E| = D > T`,
 * with the count of all mismatches, so it says which element is off and by how much.
 */
export function expectClose(actual: Numeric, expected: Numeric, closeness: Closeness = {}): void {
  const { rtol = 1e-12, atol = 0, label = 'value' } = closeness;
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.length !== e.length) assert.fail(`${label}: ${a.length} entries, expected ${e.length}`);
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < e.length; i++) {
    if (isClose(a[i], e[i], closeness)) continue;
    count++;
    if (bad.length < 5) {
      const where = typeof actual === 'number' ? label : `${label}[${i}]`;
      bad.push(`${where}: actual ${a[i]}, expected ${e[i]}, error ${Math.abs(a[i] - e[i])} > ${atol + rtol * Math.abs(e[i])} (atol ${atol} + rtol ${rtol}·|expected|)`);
    }
  }
  if (count > 0) assert.fail(`${count} of ${e.length} entries not close:\n  ${bad.join('\n  ')}${count > bad.length ? `\n  … ${count - bad.length} more` : ''}`);
}
