// Shared pieces of the lab commands: reading number lists and bounded files, and printing decimals and matrices.

import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** A decimal with 6 significant digits and a typographic minus: 0.0883560, −1.5. */
export function dec(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a >= 1e7 || a < 1e-4 ? x.toExponential(digits - 1).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(digits)));
  return text.replace(/^-/, '−').replace(/e-/, 'e−');
}

/** `(1, −2.5)` */
export const vec = (v: readonly number[]): string => `(${v.map((x) => dec(x)).join(', ')})`;

/** A percentage with one decimal: 86.3%. */
export const percent = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** A matrix as right-aligned rows: `[  1  −1 ]`. */
export function matrixRows(m: readonly (readonly number[])[], indent = '    '): string[] {
  const cells = m.map((row) => row.map((x) => dec(x)));
  const width = Math.max(1, ...cells.flat().map((c) => [...c].length));
  return cells.map((row) => `${indent}[ ${row.map((c) => ' '.repeat(width - [...c].length) + c).join('  ')} ]`);
}

/** "1,2" or "-1, 2.5" → numbers; a usage error naming the flag otherwise. */
export function numberList(flag: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (text.trim() === '' || parts.some((p) => p === '') || !values.every(Number.isFinite)) {
    throw new UsageError(`${flag}: expected comma-separated numbers such as "1,2" (write ${flag}=-1,2 for negative values), got '${text}'`);
  }
  return values;
}

/** A finite number option; `flag=-1` style works for negative values. */
export function numberOption(flag: string, text: string | undefined, fallback: number, check: (v: number) => boolean = () => true, rule = 'a number'): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !check(v)) throw new UsageError(`${flag}: expected ${rule}, got '${text}'`);
  return v;
}

/** An integer option in [lo, hi]. */
export function intOption(flag: string, text: string | undefined, fallback: number, lo: number, hi: number): number {
  return numberOption(flag, text, fallback, (v) => Number.isInteger(v) && v >= lo && v <= hi, `an integer from ${lo} to ${hi}`);
}

/** A text file of at most `maxBytes`, with a usage error naming the flag when it is missing or too large. */
export function readBoundedText(flag: string, path: string, maxBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${flag}: cannot read '${path}' (no such file)`);
  }
  if (size > maxBytes) throw new UsageError(`${flag}: '${path}' is ${size} bytes, more than the limit of ${maxBytes}`);
  return readFileSync(path, 'utf8');
}
