// Specification of NumPy broadcasting for every binary op (and where), held against a naive index-by-index oracle.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  add, broadcastTo, div, equal, grad, greater, greaterEqual, less, lessEqual, maximum, minimum, mul, notEqual, pow, sub, tensor, where,
} from '../../src/index.js';
import type { Tensor, TensorLike } from '../../src/index.js';

type Op = (a: TensorLike, b: TensorLike) => Tensor;

const ops: Array<[string, Op, (a: number, b: number) => number]> = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
  ['pow', pow, (a, b) => Math.pow(a, b)],
  ['maximum', maximum, (a, b) => Math.max(a, b)],
  ['minimum', minimum, (a, b) => Math.min(a, b)],
  ['less', less, (a, b) => Number(a < b)],
  ['lessEqual', lessEqual, (a, b) => Number(a <= b)],
  ['greater', greater, (a, b) => Number(a > b)],
  ['greaterEqual', greaterEqual, (a, b) => Number(a >= b)],
  ['equal', equal, (a, b) => Number(a === b)],
  ['notEqual', notEqual, (a, b) => Number(a !== b)],
];

// ---- the oracle: broadcasting written out the slow, obvious way ----

/** NumPy's rule, or null when the shapes are incompatible. */
function naiveBroadcastShape(...shapes: number[][]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let j = 0; j < rank; j++) {
    const dims = shapes.map((s) => s[s.length - rank + j] ?? 1);
    const big = dims.filter((d) => d !== 1);
    if (new Set(big).size > 1) return null;
    out.push(big.length > 0 ? big[0] : 1);
  }
  return out;
}

function size(shape: number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The flat index into an operand of `shape` that output multi-index `index` reads. */
function sourceIndex(index: number[], shape: number[]): number {
  let flat = 0;
  const offset = index.length - shape.length;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + (shape[i] === 1 ? 0 : index[offset + i]);
  return flat;
}

function multiIndex(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return index;
}

function naiveMap(shapes: readonly number[][], datas: ArrayLike<number>[], f: (...v: number[]) => number): { shape: number[]; data: number[] } {
  const shape = naiveBroadcastShape(...shapes) as number[];
  const data: number[] = [];
  for (let k = 0; k < size(shape); k++) {
    const index = multiIndex(k, shape);
    data.push(f(...datas.map((d, i) => d[sourceIndex(index, shapes[i])])));
  }
  return { shape, data };
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

function mismatches(got: ArrayLike<number>, want: ArrayLike<number>): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} != ${want.length}`];
  for (let i = 0; i < got.length; i++) if (!same(got[i], want[i])) bad.push(`[${i}] ${got[i]} != ${want[i]}`);
  return bad;
}

// ---- generators ----

/** An output shape with dims in 0..3, and n operand shapes that broadcast to it (suffixes, some dims set to 1). */
function broadcastableShapes(n: number) {
  return fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }).chain((out) =>
    fc.tuple(
      ...Array.from({ length: n }, () =>
        fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })).map(([drop, ones]) =>
          out.slice(drop).map((d, i) => (ones[drop + i] ? 1 : d)),
        ),
      ),
    ),
  );
}

/** Small integers, so ties, zeros and negative bases occur often. */
function values(shape: number[]) {
  return fc.array(fc.integer({ min: -3, max: 3 }), { minLength: size(shape), maxLength: size(shape) });
}

function pairs() {
  return broadcastableShapes(2).chain(([sa, sb]) => fc.tuple(fc.constant(sa), fc.constant(sb), values(sa), values(sb)));
}

describe('broadcasting', () => {
  it('the oracle agrees with hand-worked shapes', () => {
    expect(naiveBroadcastShape([3, 1], [1, 4])).toEqual([3, 4]);
    expect(naiveBroadcastShape([2, 3], [3])).toEqual([2, 3]);
    expect(naiveBroadcastShape([0, 3], [1, 3])).toEqual([0, 3]);
    expect(naiveBroadcastShape([2, 3], [3, 2])).toBeNull();
    expect(naiveBroadcastShape([0], [2])).toBeNull();
  });

  for (const [name, op, f] of ops) {
    it(`${name} broadcasts like NumPy (any rank, size-1 and empty dims) in float64`, () => {
      fc.assert(
        fc.property(pairs(), ([sa, sb, va, vb]) => {
          const a = tensor(Float64Array.from(va), { shape: sa });
          const b = tensor(Float64Array.from(vb), { shape: sb });
          const want = naiveMap([sa, sb], [va, vb], f);
          const got = op(a, b);
          expect(got.shape).toEqual(want.shape);
          expect(got.dtype).toBe('float64');
          expect(mismatches(got.data, want.data)).toEqual([]);
        }),
        { numRuns: 50 },
      );
    });

    it(`${name} rejects incompatible shapes, naming the op and both shapes`, () => {
      const a = tensor([[1, 2, 3], [4, 5, 6]]);
      const b = tensor([[1, 2], [3, 4], [5, 6]]);
      expect(() => op(a, b)).toThrow(new RegExp(`^${name}: .*\\[2,3\\].*\\[3,2\\]`));
    });
  }

  it('works in float32, rounding each result once', () => {
    const a = tensor([[0.1], [0.2], [0.3]]);
    const b = tensor([0.7, 1.1]);
    const got = div(a, b);
    const want = naiveMap([[3, 1], [2]], [a.data, b.data], (x, y) => Math.fround(x / y));
    expect(got.dtype).toBe('float32');
    expect(mismatches(got.data, want.data)).toEqual([]);
  });

  it('works for int32 operands', () => {
    const a = tensor([[1], [2]], { dtype: 'int32' });
    const b = tensor([10, 20, 30], { dtype: 'int32' });
    const c = add(a, b);
    expect(c.dtype).toBe('int32');
    expect(c.toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });

  it('gives the documented results for standard cases', () => {
    expect(add(tensor([[1], [2], [3]]), tensor([[10, 20, 30, 40]])).toArray()).toEqual([
      [11, 21, 31, 41], [12, 22, 32, 42], [13, 23, 33, 43],
    ]);
    expect(mul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 0, -1])).toArray()).toEqual([[1, 0, -3], [4, 0, -6]]);
    expect(add(tensor(1), tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(add(tensor([[1, 2, 3]]), tensor([[]]).reshape([0, 1])).shape).toEqual([0, 3]);
    expect(add(tensor([5]), tensor([])).shape).toEqual([0]);
  });

  it('treats a JS number as a 0-d tensor of the other operand’s dtype, on either side', () => {
    const t = tensor([1, 2, 4], { dtype: 'float64' });
    expect(sub(t, 1).toArray()).toEqual([0, 1, 3]);
    expect(sub(1, t).toArray()).toEqual([0, -1, -3]);
    expect(div(8, t).toArray()).toEqual([8, 4, 2]);
    expect(pow(2, t).toArray()).toEqual([2, 4, 16]);
    expect(pow(t, 2).toArray()).toEqual([1, 4, 16]);
    expect(sub(1, t).dtype).toBe('float64');
  });

  it('promotes int32 to the float it meets', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(add(i, tensor([0.5, 0.5], { dtype: 'float64' })).dtype).toBe('float64');
    expect(add(i, 0.5).dtype).toBe('float32');
    expect(add(i, 0.5).toArray()).toEqual([1.5, 2.5]);
    expect(add(i, 1).dtype).toBe('int32');
  });

  describe('where', () => {
    it('broadcasts condition and both branches together like NumPy', () => {
      fc.assert(
        fc.property(
          broadcastableShapes(3).chain(([sc, sa, sb]) => fc.tuple(fc.constant([sc, sa, sb]), values(sc), values(sa), values(sb))),
          ([shapes, vc, va, vb]) => {
            const [c, a, b] = [vc, va, vb].map((v, i) => tensor(Float64Array.from(v), { shape: shapes[i] }));
            const want = naiveMap(shapes, [vc, va, vb], (x, y, z) => (x !== 0 ? y : z));
            const got = where(c, a, b);
            expect(got.shape).toEqual(want.shape);
            expect(mismatches(got.data, want.data)).toEqual([]);
          },
        ),
        { numRuns: 50 },
      );
    });

    it('accepts numbers for the branches', () => {
      const c = tensor([1, 0, 1]);
      expect(where(c, 5, -5).toArray()).toEqual([5, -5, 5]);
      expect(where(c, tensor([1, 2, 3]), 0).toArray()).toEqual([1, 0, 3]);
    });

    it('rejects incompatible shapes, naming the op and the shapes', () => {
      expect(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0)).toThrow(/^where: .*\[2\].*\[3\]/);
    });
  });

  describe('broadcastTo', () => {
    it('prepends ones and stretches size-1 dimensions', () => {
      expect(broadcastTo(tensor([1, 2]), [3, 2]).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
      expect(broadcastTo(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
      expect(broadcastTo(tensor(7), [2]).toArray()).toEqual([7, 7]);
      expect(broadcastTo(tensor([1]), [0]).shape).toEqual([0]);
    });

    it('rejects shapes it cannot reach, naming both shapes', () => {
      expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow(/\[2\].*\[3\]/);
      expect(() => broadcastTo(tensor([[1, 2]]), [2])).toThrow(/broadcastTo: cannot broadcast \[1,2\] to \[2\]/);
    });
  });

  describe('gradients through broadcasting', () => {
    it('sum over the broadcast axes, so each operand’s gradient has its own shape', () => {
      fc.assert(
        fc.property(pairs(), ([sa, sb, va, vb]) => {
          const a = tensor(Float64Array.from(va), { shape: sa });
          const b = tensor(Float64Array.from(vb), { shape: sb });
          const out = naiveBroadcastShape(sa, sb) as number[];
          // a fixed weighting w makes the cotangent of every output entry distinct
          const w = tensor(Float64Array.from({ length: size(out) }, (_, i) => i + 1), { shape: out });
          const [ga, gb] = grad((x: Tensor, y: Tensor) => mul(mul(x, y), w).sum(), { argnums: [0, 1] })(a, b);
          expect(ga.shape).toEqual(sa);
          expect(gb.shape).toEqual(sb);
          // ∂/∂a_i Σ w·a·b = Σ over the outputs that read a_i of w·b
          const wantA = new Array<number>(size(sa)).fill(0);
          const wantB = new Array<number>(size(sb)).fill(0);
          for (let k = 0; k < size(out); k++) {
            const index = multiIndex(k, out);
            const ia = sourceIndex(index, sa);
            const ib = sourceIndex(index, sb);
            wantA[ia] += w.data[k] * vb[ib];
            wantB[ib] += w.data[k] * va[ia];
          }
          expect(mismatches(ga.data, wantA)).toEqual([]);
          expect(mismatches(gb.data, wantB)).toEqual([]);
        }),
        { numRuns: 50 },
      );
    });
  });
});
