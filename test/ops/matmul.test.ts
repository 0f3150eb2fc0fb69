// Specification of matmul: 2-D, batched with broadcasting, 1-D promotion, transposed forms and odd sizes, against a float64 triple loop.

import { afterEach, describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import fc from 'fast-check';
import { dot, gradients, matmul, outer, randn, referenceBackend, setBackend, tensor, transpose, zeros } from '../../src/index.js';
import type { Backend, Tensor } from '../../src/index.js';

/** C = op(A) op(B) for one [m,k]·[k,n] pair, by the textbook triple loop in float64. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, transA = false, transB = false) {
  const c = new Float64Array(m * n);
  const abs = new Float64Array(m * n); // Σ|a||b|, the scale of the rounding error
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[p * m + i] : a[i * k + p];
        const y = transB ? b[j * k + p] : b[p * n + j];
        s += x * y;
        t += Math.abs(x * y);
      }
      c[i * n + j] = s;
      abs[i * n + j] = t;
    }
  }
  return { c, abs };
}

/** Entries that differ from the oracle by more than the rounding bound of a k-term dot product. */
function badEntries(got: Tensor, want: { c: Float64Array; abs: Float64Array }, k: number): string[] {
  const unit = got.dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  const bad: string[] = [];
  if (got.size !== want.c.length) return [`size ${got.size} != ${want.c.length}`];
  for (let i = 0; i < want.c.length; i++) {
    const tol = 2 * (k + 2) * unit * want.abs[i] + 1e-30;
    if (!(Math.abs(got.data[i] - want.c[i]) <= tol)) bad.push(`[${i}] ${got.data[i]} vs ${want.c[i]}`);
  }
  return bad;
}

let seed = 1;
const rnd = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => randn(shape, { seed: seed++, dtype });

describe('matmul', () => {
  it('multiplies small matrices exactly', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    expect(matmul(a, b).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(a.matmul(b).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(matmul(tensor([[1, 2, 3]]), tensor([[1], [1], [1]])).toArray()).toEqual([[6]]);
  });

  const sizes = [1, 3, 5, 17, 129];
  for (const m of sizes) {
    for (const k of sizes) {
      for (const n of [1, 5, 17, 129]) {
        if (m * k * n > 129 * 129 * 17) continue; // keep the suite fast
        it(`matches the float64 triple loop for [${m},${k}]·[${k},${n}] in float32`, () => {
          const a = rnd([m, k]);
          const b = rnd([k, n]);
          const c = matmul(a, b);
          expect(c.shape).toEqual([m, n]);
          expect(c.dtype).toBe('float32');
          expect(badEntries(c, naive(a.data, b.data, m, k, n), k)).toEqual([]);
        });
      }
    }
  }

  it('crosses cache-block and register-tile boundaries (large k and n, sizes not multiples of 4)', () => {
    for (const [m, k, n] of [[2, 3, 513], [3, 257, 2], [4, 130, 600], [7, 300, 66], [5, 513, 5]]) {
      const a = rnd([m, k], 'float64');
      const b = rnd([k, n], 'float64');
      expect(badEntries(matmul(a, b), naive(a.data, b.data, m, k, n), k)).toEqual([]);
    }
  });

  it('matches the triple loop in float64 for random sizes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (m, k, n) => {
        const a = rnd([m, k], 'float64');
        const b = rnd([k, n], 'float64');
        const c = matmul(a, b);
        expect(c.dtype).toBe('float64');
        expect(badEntries(c, naive(a.data, b.data, m, k, n), k)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('propagates NaN and ∞ like IEEE arithmetic (0·NaN = NaN, 0·∞ = NaN) in every form', () => {
    const zeroOne = tensor([[0, 1]]);
    const nanTwo = tensor([[NaN], [2]]);
    expect(matmul(zeroOne, nanTwo).item()).toBeNaN();
    expect(matmul(zeroOne, transpose(nanTwo), { transB: true }).item()).toBeNaN();
    expect(matmul(transpose(zeroOne), nanTwo, { transA: true }).item()).toBeNaN();
    expect(matmul(transpose(zeroOne), transpose(nanTwo), { transA: true, transB: true }).item()).toBeNaN();
    expect(matmul(tensor([[0]]), tensor([[Infinity]])).item()).toBeNaN();
    expect(matmul(tensor([[1, 1]]), tensor([[Infinity], [1]])).item()).toBe(Infinity);
  });

  it('handles empty operands: zero rows, zero columns, and an empty inner dimension giving zeros', () => {
    expect(matmul(zeros([0, 3]), zeros([3, 4])).shape).toEqual([0, 4]);
    expect(matmul(zeros([2, 3]), zeros([3, 0])).shape).toEqual([2, 0]);
    const c = matmul(tensor(new Float32Array(0), { shape: [2, 0] }), tensor(new Float32Array(0), { shape: [0, 3] }));
    expect(c.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  describe('batched', () => {
    it('multiplies matching batches', () => {
      const a = rnd([4, 3, 5], 'float64');
      const b = rnd([4, 5, 2], 'float64');
      const c = matmul(a, b);
      expect(c.shape).toEqual([4, 3, 2]);
      for (let t = 0; t < 4; t++) {
        const want = naive(a.data.subarray(t * 15, t * 15 + 15), b.data.subarray(t * 10, t * 10 + 10), 3, 5, 2);
        expect(badEntries(tensor(c.data.slice(t * 6, t * 6 + 6)), want, 5)).toEqual([]);
      }
    });

    it('broadcasts the batch dimensions like NumPy', () => {
      const a = rnd([2, 1, 3, 4], 'float64');
      const b = rnd([5, 4, 2], 'float64');
      const c = matmul(a, b);
      expect(c.shape).toEqual([2, 5, 3, 2]);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 5; j++) {
          const want = naive(a.data.subarray(i * 12, i * 12 + 12), b.data.subarray(j * 8, j * 8 + 8), 3, 4, 2);
          const off = (i * 5 + j) * 6;
          expect(badEntries(tensor(c.data.slice(off, off + 6)), want, 4)).toEqual([]);
        }
      }
    });

    it('broadcasts a plain matrix against a batch', () => {
      const a = rnd([3, 4], 'float64');
      const b = rnd([6, 4, 2], 'float64');
      const c = matmul(a, b);
      expect(c.shape).toEqual([6, 3, 2]);
      expect(badEntries(tensor(c.data.slice(30, 36)), naive(a.data, b.data.subarray(40, 48), 3, 4, 2), 4)).toEqual([]);
    });

    it('rejects batch shapes that do not broadcast', () => {
      expect(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(/^matmul: /);
    });
  });

  describe('1-D operands', () => {
    it('promotes a left vector to a row and squeezes it back out', () => {
      const c = matmul(tensor([1, 2]), tensor([[1, 2, 3], [4, 5, 6]]));
      expect(c.shape).toEqual([3]);
      expect(c.toArray()).toEqual([9, 12, 15]);
    });

    it('promotes a right vector to a column and squeezes it back out', () => {
      const c = matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 0, -1]));
      expect(c.shape).toEqual([2]);
      expect(c.toArray()).toEqual([-2, -2]);
    });

    it('gives the dot product for two vectors, a 0-d tensor', () => {
      const c = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
      expect(c.shape).toEqual([]);
      expect(c.item()).toBe(32);
      expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    });

    it('broadcasts a vector against a batch', () => {
      expect(matmul(tensor([1, 1, 1]), zeros([2, 3, 4])).shape).toEqual([2, 4]);
      expect(matmul(zeros([2, 3, 4]), tensor([1, 1, 1, 1])).shape).toEqual([2, 3]);
    });

    it('outer multiplies every pair', () => {
      expect(outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    });
  });

  describe('transposed operands', () => {
    const forms: Array<[boolean, boolean]> = [[false, true], [true, false], [true, true]];
    for (const [transA, transB] of forms) {
      it(`equals the product with explicit transposes for transA=${transA}, transB=${transB}`, () => {
        for (const [m, k, n] of [[1, 1, 1], [3, 5, 17], [17, 3, 5], [5, 129, 3]]) {
          const a = rnd(transA ? [k, m] : [m, k]);
          const b = rnd(transB ? [n, k] : [k, n]);
          const c = matmul(a, b, { transA, transB });
          expect(c.shape).toEqual([m, n]);
          expect(badEntries(c, naive(a.data, b.data, m, k, n, transA, transB), k)).toEqual([]);
          const explicit = matmul(transA ? transpose(a) : a, transB ? transpose(b) : b);
          expectClose(c.data, explicit.data, { rtol: 1e-5, atol: 1e-5 });
        }
      });
    }

    it('works batched', () => {
      const a = rnd([2, 4, 3], 'float64');
      const b = rnd([2, 5, 4], 'float64');
      const c = matmul(a, b, { transA: true, transB: true });
      expect(c.shape).toEqual([2, 3, 5]);
      const want = matmul(transpose(a), transpose(b));
      expectClose(c.data, want.data, { rtol: 0, atol: 1e-12 });
    });
  });

  describe('without materialising transposes', () => {
    let calls = 0;
    const spy: Backend = {
      name: 'spy',
      kernels: {
        ...referenceBackend.kernels,
        transpose: (...args) => {
          calls++;
          return referenceBackend.kernels.transpose(...args);
        },
      },
    };
    afterEach(() => {
      setBackend(referenceBackend);
    });

    it('multiplies by the transpose without materialising it', () => {
      const a = rnd([3, 4]);
      const b = rnd([5, 4]);
      calls = 0;
      setBackend(spy);
      const c = matmul(a, b, { transB: true }); // a bᵀ
      const d = matmul(a, rnd([3, 2]), { transA: true }); // aᵀ x
      const e = matmul(b, a, { transB: true }); // b aᵀ
      const f = matmul(rnd([4, 5]), rnd([2, 4]), { transA: true, transB: true }); // (xᵀ yᵀ)
      expect(calls).toBe(0);
      expect(c.shape).toEqual([3, 5]);
      expect(d.shape).toEqual([4, 2]);
      expect(e.shape).toEqual([5, 3]);
      expect(f.shape).toEqual([5, 2]);
    });

    it('computes both operand gradients with matmul kernels only (NN/NT/TN forms)', () => {
      for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]]) {
        const a = rnd(transA ? [4, 3] : [3, 4], 'float64').requireGrad();
        const b = rnd(transB ? [5, 4] : [4, 5], 'float64').requireGrad();
        const g = rnd([3, 5], 'float64');
        calls = 0;
        setBackend(spy);
        const c = matmul(a, b, { transA, transB });
        const [ga, gb] = gradients(c, [a, b], { seed: g });
        setBackend(referenceBackend);
        expect(calls).toBe(0);
        // ∂L/∂A = G Bᵀ (transposed back if A was), ∂L/∂B = Aᵀ G
        const A = transA ? transpose(a) : a;
        const B = transB ? transpose(b) : b;
        const gA = matmul(g, transpose(B));
        const gB = matmul(transpose(A), g);
        const wantA = transA ? transpose(gA) : gA;
        const wantB = transB ? transpose(gB) : gB;
        expect(ga.shape).toEqual(a.shape);
        expect(gb.shape).toEqual(b.shape);
        expectClose(ga.data, wantA.data, { rtol: 0, atol: 1e-12, label: 'dA' });
        expectClose(gb.data, wantB.data, { rtol: 0, atol: 1e-12, label: 'dB' });
      }
    });
  });

  describe('gradients', () => {
    it('sum the batch-broadcast dimensions back into the unbatched operand', () => {
      const a = rnd([3, 4], 'float64').requireGrad();
      const b = rnd([6, 4, 2], 'float64').requireGrad();
      const [ga] = gradients(matmul(a, b).sum(), [a]);
      expect(ga.shape).toEqual([3, 4]);
      // Σ_t G Bₜᵀ with G all ones: entry (i, p) is Σ_t Σ_j B[t, p, j]
      for (let p = 0; p < 4; p++) {
        let s = 0;
        for (let t = 0; t < 6; t++) for (let j = 0; j < 2; j++) s += b.data[t * 8 + p * 2 + j];
        for (let i = 0; i < 3; i++) expect(ga.data[i * 4 + p]).toBeCloseTo(s, 12);
      }
    });

    it('flow through 1-D promotion', () => {
      const v = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
      const W = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
      const [gv] = gradients(matmul(v, W).sum(), [v]);
      expect(gv.toArray()).toEqual([6, 15]);
    });
  });

  describe('errors', () => {
    it('names the op, both shapes and the inner dimensions', () => {
      expect(() => matmul(zeros([64, 784]), zeros([128, 64]))).toThrow(
        /^matmul: shapes \[64,784\] and \[128,64\] are incompatible \(inner dimensions 784 != 128\)$/,
      );
      expect(() => matmul(zeros([3]), zeros([4]))).toThrow(/matmul: shapes \[3\] and \[4\] are incompatible \(inner dimensions 3 != 4\)/);
      expect(() => matmul(zeros([2, 3]), zeros([2, 3]), { transA: true, transB: true })).toThrow(/matmul: shapes \[2,3\] and \[2,3\] are incompatible/);
      // with transB the inner dimension of b is its last
      expect(() => matmul(zeros([2, 3]), zeros([5, 4]), { transB: true })).toThrow(/^matmul: shapes \[2,3\] and \[5,4\] are incompatible \(inner dimensions 3 != 4\)$/);
    });

    it('refuses 0-d operands', () => {
      expect(() => matmul(tensor(1), zeros([1, 1]))).toThrow(/matmul: shapes \[\] and \[1,1\]/);
      expect(() => matmul(tensor(1), zeros([1]))).toThrow(/^matmul: shapes \[\] and \[1\]: operands must have at least one dimension$/);
      expect(() => matmul(zeros([1]), tensor(1))).toThrow(/^matmul: shapes \[1\] and \[\]: operands must have at least one dimension$/);
    });

    it('refuses int32 operands', () => {
      expect(() => matmul(tensor([[1]], { dtype: 'int32' }), tensor([[1]], { dtype: 'int32' }))).toThrow(/matmul: .*int32/);
    });

    it('refuses vectors of different lengths in dot and non-vectors', () => {
      expect(() => dot(zeros([2, 2]), zeros([2]))).toThrow(/dot: expected two vectors, got shapes \[2,2\] and \[2\]/);
      expect(() => dot(zeros([2]), zeros([2, 2]))).toThrow(/^dot: expected two vectors, got shapes \[2\] and \[2,2\]$/);
    });
  });
});
