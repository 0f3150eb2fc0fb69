// Parsers for flag values: each rejects bad input with a message naming the flag and the value.

import { InvalidArgumentError } from 'commander';

/** A finite number, optionally bounded. */
export function number(what: string, check?: (v: number) => boolean, rule = '') {
  return (text: string): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || (check && !check(v))) {
      throw new InvalidArgumentError(`${what} must be ${rule || 'a number'}, got "${text}"`);
    }
    return v;
  };
}

export const positiveInt = (what: string) => number(what, (v) => Number.isInteger(v) && v > 0, 'a positive integer');
export const nonNegativeInt = (what: string) => number(what, (v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0');
export const nonNegative = (what: string) => number(what, (v) => v >= 0, 'a number ≥ 0');
export const positive = (what: string) => number(what, (v) => v > 0, 'a number > 0');

/** A comma-separated list of positive integers, e.g. "256,128,64" (an empty string means none). */
export function intList(what: string) {
  return (text: string): number[] => {
    if (text.trim() === '' || text.trim() === 'none') return [];
    return text.split(',').map((part) => {
      const v = Number(part.trim());
      if (!Number.isInteger(v) || v <= 0) throw new InvalidArgumentError(`${what} must be comma-separated positive integers, got "${text}"`);
      return v;
    });
  };
}

/** One of a fixed set of names. */
export function oneOf<T extends string>(what: string, names: readonly T[]) {
  return (text: string): T => {
    if (!(names as readonly string[]).includes(text)) throw new InvalidArgumentError(`${what} must be one of ${names.join(', ')}, got "${text}"`);
    return text as T;
  };
}
