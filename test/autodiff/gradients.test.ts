// Specification of gradients(): seeds and their shapes and dtypes, gradients with respect to intermediate tensors, inputs the output ignores, and a walk limited to the part of the graph that matters.

import { describe, expect, it, vi } from 'vitest';
import { backward, gradients, tensor } from '../../src/index.js';

const f64 = (v: number | number[], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

describe('gradients', () => {
  it('refuses a seed whose shape is not the output’s, naming both shapes', () => {
    const x = f64([1, 2], true);
    const y = x.mul(x);
    expect(() => gradients(y, [x], { seed: f64([1, 1, 1]) })).toThrow("gradients: seed of shape [3] does not match the output's shape [2]");
  });

  it('needs a seed for an output with more than one element', () => {
    const x = f64([1, 2], true);
    expect(() => gradients(x.mul(2), [x])).toThrow('backward: output of shape [2] is not a scalar; pass a seed gradient of that shape');
    expect(() => backward(x.mul(2))).toThrow('is not a scalar');
  });

  it('casts a seed of another dtype to the output’s dtype', () => {
    const x = f64([1, 2], true);
    const [dx] = gradients(x.mul(x), [x], { seed: tensor([1, 0.5], { dtype: 'float32' }) });
    expect(dx.dtype).toBe('float64');
    expect(dx.toArray()).toEqual([2, 2]);
  });

  it('differentiates with respect to an intermediate tensor as well as a leaf', () => {
    // y = Σ 3h with h = 2x: ∂y/∂h = 3, ∂y/∂x = 6
    const x = f64([1, 2], true);
    const h = x.mul(2);
    const y = h.mul(3).sum();
    const [dh, dx] = gradients(y, [h, x]);
    expect(dh.toArray()).toEqual([3, 3]);
    expect(dx.toArray()).toEqual([6, 6]);
    expect(gradients(y, [h])[0].toArray()).toEqual([3, 3]);
  });

  it('gives zeros of the input’s shape and dtype for an input the output does not depend on', () => {
    const x = f64([1, 2], true);
    const unused = f64([5, 6, 7], true);
    const [dx, dUnused] = gradients(x.mul(x).sum(), [x, unused]);
    expect(dx.toArray()).toEqual([2, 4]);
    expect(dUnused.dtype).toBe('float64');
    expect(dUnused.toArray()).toEqual([0, 0, 0]);
  });

  it('walks only the part of the graph between the inputs and the output', () => {
    // y = 2x + e^c with c tracked too: the gradient with respect to x never needs exp's backward rule
    const x = f64([1, 2], true);
    const c = f64([0.5, 1.5], true);
    const e = c.exp();
    const y = x.mul(2).add(e).sum();
    const expDef = e.node!.def as unknown as { vjp: (...args: unknown[]) => unknown };
    const expRule = vi.spyOn(expDef, 'vjp');
    try {
      expect(gradients(y, [x])[0].toArray()).toEqual([2, 2]);
      expect(expRule).not.toHaveBeenCalled();
      // asked for e^c itself, the walk stops there: nothing below it was asked for
      expect(gradients(y, [e])[0].toArray()).toEqual([1, 1]);
      expect(expRule).not.toHaveBeenCalled();
      // asked for c, it is needed
      expect(gradients(y, [c])[0].toArray()).toEqual([Math.exp(0.5), Math.exp(1.5)]);
      expect(expRule).toHaveBeenCalledTimes(1);
    } finally {
      expRule.mockRestore();
    }
  });
});
