// Reading points `x=1,y=2`: any identifier is a name, including those of Object.prototype members.

import { describe, expect, it } from 'vitest';
import { parsePoint } from '../../src/calculus/parse-point.js';
import { resolvePoint } from '../../src/calculus/scalar-function.js';

describe('parsePoint', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('reads %s as an ordinary variable name', (name) => {
    const p = parsePoint(`${name}=1,x=2`);
    expect(Object.keys(p).sort()).toEqual([name, 'x'].sort());
    expect(p[name]).toBe(1);
    expect(resolvePoint(p, [name, 'x'])).toEqual([1, 2]);
  });

  it('still refuses a name given twice', () => {
    expect(() => parsePoint('x=1,x=2')).toThrow(/x is given twice/);
    expect(() => parsePoint('constructor=1,constructor=2')).toThrow(/constructor is given twice/);
  });
});

describe('resolvePoint', () => {
  it('does not take inherited members for coordinates', () => {
    expect(() => resolvePoint({ x: 1 }, ['constructor', 'x'])).toThrow(/no value for variable constructor/);
  });
});
