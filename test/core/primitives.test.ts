// Specification of the primitive catalogue: the unary and binary elementwise lists name distinct primitives that have kernels.

import { describe, expect, it } from 'vitest';
import { binaryPrims as binaryCatalogue, unaryPrims as unaryCatalogue } from '../../src/core/primitives.js';

const unaryPrims = Object.keys(unaryCatalogue);
const binaryPrims = Object.keys(binaryCatalogue);
import { referenceKernels } from '../../src/backend/reference/index.js';

describe('the elementwise primitive lists', () => {
  it('name the twelve unary and eight binary primitives, each once, none in both', () => {
    expect([...unaryPrims]).toEqual(['neg', 'exp', 'log', 'sin', 'cos', 'sqrt', 'tanh', 'erf', 'abs', 'sign', 'sigmoid', 'softplus']);
    expect([...binaryPrims]).toEqual(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'less', 'equal']);
    expect(new Set([...unaryPrims, ...binaryPrims]).size).toBe(20);
  });

  it('every one has a reference kernel', () => {
    for (const prim of [...unaryPrims, ...binaryPrims]) expect(Object.keys(referenceKernels), prim).toContain(prim);
  });
});
