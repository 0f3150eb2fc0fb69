// Shared pieces of the calculus commands: reading points and boxes, printing tables and JSON.

import { formatNumber, parsePoint } from '../../calculus/index.js';
import { UsageError } from '../errors.js';

/** Parses `--at`/`--from` text, turning any problem into a usage error. */
export function pointOption(flag: string, text: string | undefined): Record<string, number> {
  if (text === undefined) throw new UsageError(`${flag} is required (e.g. ${flag} "x=1,y=2")`);
  try {
    return parsePoint(text);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

/** `--vars x,y,z` */
export function varsOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const vars = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = vars.find((v) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v));
  if (bad !== undefined || vars.length === 0) throw new UsageError(`--vars: expected names separated by commas, got '${text}'`);
  return vars;
}

/** `--box lo,hi` */
export function boxOption(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!)) {
    throw new UsageError(`--box: expected lo,hi with lo < hi, got '${text}'`);
  }
  return [parts[0]!, parts[1]!];
}

/** A positive integer option value. */
export function positiveIntOption(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v <= 0) throw new UsageError(`${flag}: expected a positive integer, got '${text}'`);
  return v;
}

/** Prints exactly one JSON document. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A number for tables: exact when recognised (3/2, √2), else 6 significant decimals. */
export const num = (x: number): string => formatNumber(x).replace(/^-/, '−');

/** `(3/2, 3)` */
export const tuple = (xs: readonly number[]): string => `(${xs.map(num).join(', ')})`;

/** Left-aligned columns separated by two spaces, with a rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** A matrix as aligned rows: `[ 2  0 ]`. */
export function matrixLines(m: readonly (readonly number[])[], indent = '  '): string[] {
  const cells = m.map((row) => row.map(num));
  const width = Math.max(1, ...cells.flat().map((c) => [...c].length));
  return cells.map((row) => `${indent}[ ${row.map((c) => ' '.repeat(width - [...c].length) + c).join('  ')} ]`);
}
