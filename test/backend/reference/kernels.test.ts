// The reference kernels where their results are bit patterns, not just values: signed zeros at ties, fresh buffers, int32 casts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { setBackend } from '../../../src/backend/registry.js';
import { referenceBackend } from '../../../src/backend/reference/index.js';
import { argmax, assign, max, maximum, relu, reshape } from '../../../src/ops/index.js';
import { cast } from '../../../src/ops/elementwise.js';
import { tensor, zeros } from '../../../src/tensor/creation.js';

let previous: Backend;
beforeAll(() => { previous = setBackend(referenceBackend); });
afterAll(() => { setBackend(previous); });

/** −0 shown as '-0', so toEqual tells the two zeros apart. */
const signed = (xs: number[]): string[] => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));

describe('max and argmax agree bit for bit', () => {
  it.each([[[0, -0]], [[-0, 0]], [[-0, -0, 0]], [[1, 3, 3, -0]], [[NaN, 2, NaN]]])('on %j: max(x) is x[argmax(x)] (the first of equal entries, ±0 included)', (xs) => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor(xs, { dtype });
      const m = max(x).item();
      const i = argmax(x).item();
      expect(Object.is(m, (x.toArray() as number[])[i]), `max ${m}, argmax ${i} in ${dtype}`).toBe(true);
    }
  });
});

describe('maximum at a tie', () => {
  it('gives its second operand, bit for bit: relu(−0) = maximum(−0, 0) is +0', () => {
    const a = tensor([0, -0, 0, -0], { dtype: 'float64' });
    const b = tensor([-0, 0, 0, -0], { dtype: 'float64' });
    expect(signed(maximum(a, b).toArray() as number[])).toEqual(['-0', '0', '0', '-0']);
    expect(signed(relu(tensor([-0, 0, -1, 2], { dtype: 'float64' })).toArray() as number[])).toEqual(['0', '0', '0', '2']);
  });
});

describe('reshape', () => {
  it('returns a tensor of its own: assigning to its input afterwards leaves it as it was', () => {
    const p = tensor([1, 2, 3, 4], { dtype: 'float64' });
    const y = reshape(p, [2, 2]);
    assign(p, zeros([4], { dtype: 'float64' }));
    expect(y.toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

describe('cast to int32', () => {
  it('truncates toward zero, as a C cast does, and maps NaN and ±∞ to 0', () => {
    const x = tensor([2.7, -2.7, 0.5, -0.5, 1e9 + 0.9, NaN, Infinity, -Infinity], { dtype: 'float64' });
    expect(cast(x, 'int32').toArray()).toEqual([2, -2, 0, 0, 1e9, 0, 0, 0]);
  });
});
