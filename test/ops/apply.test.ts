// Specification of applying a primitive: when a graph node is recorded, what a tracer is told, and the grad-mode switches.

import { describe, expect, it } from 'vitest';
import { argmax, cast, enableGrad, equal, isGradEnabled, less, mul, noGrad, oneHot, sign, softmaxCrossEntropy, tensor } from '../../src/index.js';
import { recordOps } from '../support/record-ops.js';

describe('apply records a graph node', () => {
  it('for a differentiable primitive of a tracked input, with the primitive and its inputs', () => {
    const x = tensor([1, 2]).requireGrad();
    const y = mul(x, 3);
    expect(y.requiresGrad).toBe(true);
    expect(y.node?.prim).toBe('mul');
    expect(y.node?.inputs[0]).toBe(x);
  });

  it('not for a primitive without a derivative (comparisons, sign, argmax), even of a tracked input', () => {
    const x = tensor([1, -2]).requireGrad();
    for (const y of [less(x, 0), equal(x, 1), sign(x), argmax(x)]) {
      expect(y.node).toBe(null);
      expect(y.requiresGrad).toBe(false);
    }
  });

  it('not for an int32 result, though the primitive has a derivative (a cast to int32)', () => {
    const y = cast(tensor([1.5, -2.5]).requireGrad(), 'int32');
    expect(y.toArray()).toEqual([1, -2]);
    expect(y.node).toBe(null);
    expect(y.requiresGrad).toBe(false);
  });

  it('not when no input is tracked, nor inside noGrad', () => {
    expect(mul(tensor([1]), 2).node).toBe(null);
    const x = tensor([1]).requireGrad();
    expect(noGrad(() => mul(x, 2)).node).toBe(null);
  });
});

describe('grad mode', () => {
  it('noGrad and enableGrad switch recording for their function only, and restore it after', () => {
    const x = tensor([1]).requireGrad();
    expect(isGradEnabled()).toBe(true);
    const [off, on, stillOff] = noGrad(() => [mul(x, 2), enableGrad(() => mul(x, 2)), isGradEnabled()]);
    expect(off.requiresGrad).toBe(false);
    expect(on.requiresGrad).toBe(true);
    expect(stillOff).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('restores recording when the function throws', () => {
    expect(() => noGrad(() => enableGrad(() => { throw new Error('boom'); }))).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    const inner = noGrad(() => {
      try {
        enableGrad(() => { throw new Error('boom'); });
      } catch {
        // recording must be off again here
      }
      return isGradEnabled();
    });
    expect(inner).toBe(false);
  });
});

describe('while a function is traced', () => {
  it('each primitive runs its kernel inside insideKernel, then is reported with its inputs and output', () => {
    const x = tensor([1, 2]);
    const { result, events } = recordOps(() => mul(x, tensor([3, 3])));
    expect(result.toArray()).toEqual([3, 6]);
    expect(events.map((e) => e.kind)).toEqual(['kernel', 'primitive']);
    const p = events[1];
    expect(p.kind === 'primitive' && p.prim === 'mul' && p.output === result && p.inputs[0] === x && !p.inKernel).toBe(true);
  });

  it('label checks read the labels inside insideKernel (they run once, when the function is traced)', () => {
    const labels = tensor([2, 0], { dtype: 'int32' });
    const { result, events } = recordOps(() => oneHot(labels, 3));
    expect(result.toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    const kernels = events.filter((e) => e.kind === 'kernel').length;
    const primitives = events.filter((e) => e.kind === 'primitive').length;
    expect(kernels).toBe(primitives + 1); // one more: the read of the labels
    expect(events[0].kind).toBe('kernel');
    expect(events[1].kind).toBe('kernel');
    const loss = recordOps(() => softmaxCrossEntropy(tensor([[1, 2, 3]]), tensor([1], { dtype: 'int32' })));
    expect(loss.events.filter((e) => e.kind === 'kernel').length).toBe(loss.events.filter((e) => e.kind === 'primitive').length + 1);
  });
});
