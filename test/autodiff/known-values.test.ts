// Known derivatives from the issue: Hessians and their eigenvalues, Jacobians of linear maps, a third derivative, and the choices at kinks.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import { abs, gelu, grad, hessian, jacobian, leakyRelu, matmul, max, maximum, minimum, randn, relu, sin, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' });

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, sorted ascending. */
function symmetricEigenvalues(matrix: number[][]): number[] {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // the rotation angle that zeroes a[p][q]
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]).sort((x, y) => x - y);
}

/** det of a small matrix by cofactor expansion. */
function det(m: number[][]): number {
  if (m.length === 1) return m[0][0];
  return m[0].reduce((s, v, j) => s + (j % 2 === 0 ? 1 : -1) * v * det(m.slice(1).map((row) => row.filter((_, k) => k !== j))), 0);
}

function expectMatrixClose(got: Tensor, want: number[][], digits = 10): void {
  expect(got.shape).toEqual([want.length, want[0].length]);
  expectClose(got.toArray() as number[][], want, { rtol: 0, atol: 0.5 * 10 ** -digits, label: 'matrix (row-major)' });
}

describe('the Jacobi eigenvalue routine used here', () => {
  it('finds known eigenvalues', () => {
    expect(symmetricEigenvalues([[2, 1], [1, 2]]).map((v) => +v.toFixed(12))).toEqual([1, 3]);
    expect(symmetricEigenvalues([[5, 0, 0], [0, -1, 0], [0, 0, 2]])).toEqual([-1, 2, 5]);
  });
});

describe('f(x, y, z) = x² + y² + z² − xyz', () => {
  const f = (v: Tensor) => {
    const [x, y, z] = [0, 1, 2].map((i) => v.slice([i], [i + 1]));
    return x.mul(x).add(y.mul(y)).add(z.mul(z)).sub(x.mul(y).mul(z)).sum();
  };

  it('has gradient (2x − yz, 2y − xz, 2z − xy)', () => {
    expect(grad(f)(f64([1, 2, 3])).toArray()).toEqual([2 - 6, 4 - 3, 6 - 2]);
    expect(grad(f)(f64([2, 2, 2])).toArray()).toEqual([0, 0, 0]); // a critical point
  });

  it('has Hessian 2I at (0, 0, 0)', () => {
    expectMatrixClose(hessian(f)(f64([0, 0, 0])), [[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
  });

  it('has Hessian [[2,−z,−y],[−z,2,−x],[−y,−x,2]] and eigenvalues −2, 4, 4 at (2, 2, 2)', () => {
    const H = hessian(f)(f64([2, 2, 2]));
    const m = H.toArray() as number[][];
    expectMatrixClose(H, [[2, -2, -2], [-2, 2, -2], [-2, -2, 2]]);
    const eig = symmetricEigenvalues(m);
    expect(eig[0]).toBeCloseTo(-2, 10);
    expect(eig[1]).toBeCloseTo(4, 10);
    expect(eig[2]).toBeCloseTo(4, 10);
    // cross-checks: trace = Σλ and det(H − λI) = 0 at each eigenvalue
    expect(m[0][0] + m[1][1] + m[2][2]).toBeCloseTo(-2 + 4 + 4, 12);
    for (const lambda of [-2, 4]) {
      expect(det(m.map((row, i) => row.map((v, j) => v - (i === j ? lambda : 0))))).toBeCloseTo(0, 10);
    }
    expect(Math.abs(det(m.map((row, i) => row.map((v, j) => v - (i === j ? 1 : 0)))))).toBeGreaterThan(1);
  });
});

describe('f(x, y) = x²y + xy² − 6xy', () => {
  const f = (v: Tensor) => {
    const [x, y] = [0, 1].map((i) => v.slice([i], [i + 1]));
    return x.mul(x).mul(y).add(x.mul(y).mul(y)).sub(x.mul(y).mul(6)).sum();
  };

  it('has Hessian [[4,2],[2,4]] with eigenvalues 2 and 6 at (2, 2)', () => {
    const H = hessian(f)(f64([2, 2]));
    expectMatrixClose(H, [[4, 2], [2, 4]]);
    const eig = symmetricEigenvalues(H.toArray() as number[][]);
    expect(eig[0]).toBeCloseTo(2, 10);
    expect(eig[1]).toBeCloseTo(6, 10);
  });

  it('has Hessian [[2y, 2x+2y−6],[2x+2y−6, 2x]] elsewhere', () => {
    expectMatrixClose(hessian(f)(f64([1, 3])), [[6, 2], [2, 2]]);
  });
});

describe('Jacobians of linear maps', () => {
  const W1 = randn([4, 3], { seed: 1, dtype: 'float64' });
  const W2 = randn([2, 4], { seed: 2, dtype: 'float64' });
  const x = randn([3], { seed: 3, dtype: 'float64' });

  it('the Jacobian of x ↦ W1·x is W1', () => {
    const J = jacobian((v: Tensor) => matmul(W1, v))(x);
    expect(J.shape).toEqual([4, 3]);
    expectMatrixClose(J, W1.toArray() as number[][], 14);
  });

  it('the Jacobian of x ↦ W2·(W1·x) is W2·W1', () => {
    const J = jacobian((v: Tensor) => matmul(W2, matmul(W1, v)))(x);
    expect(J.shape).toEqual([2, 3]);
    expectMatrixClose(J, matmul(W2, W1).toArray() as number[][], 12);
  });
});

describe('higher derivatives', () => {
  it('the third derivative of sin at 1 is −cos 1', () => {
    const d3 = grad(grad(grad((x: Tensor) => sin(x))));
    expect(d3(f64(1)).item()).toBeCloseTo(-Math.cos(1), 14);
  });

  it('the fourth derivative of sin is sin again', () => {
    const d4 = grad(grad(grad(grad((x: Tensor) => sin(x)))));
    expect(d4(f64(0.7)).item()).toBeCloseTo(Math.sin(0.7), 14);
  });

  it('the n-th derivative of x⁵ is 5!/(5−n)! x^{5−n}', () => {
    let f = (x: Tensor) => x.pow(5);
    const want = [5 * 16, 20 * 8, 60 * 4, 120 * 2, 120];
    for (const w of want) {
      f = grad(f);
      expect(f(f64(2)).item()).toBeCloseTo(w, 10);
    }
  });
});

describe('derivatives at non-differentiable points (matching PyTorch)', () => {
  const d = (f: (x: Tensor) => Tensor, at: number) => grad((x: Tensor) => f(x).sum())(f64([at])).item();

  it("relu'(0) = 0, and 1 for x > 0, 0 for x < 0", () => {
    expect(d(relu, 0)).toBe(0);
    expect(d(relu, 2)).toBe(1);
    expect(d(relu, -2)).toBe(0);
  });

  it("leakyRelu'(0) = alpha", () => {
    expect(d((x) => leakyRelu(x, 0.1), 0)).toBeCloseTo(0.1, 15);
    expect(d((x) => leakyRelu(x), 0)).toBeCloseTo(0.01, 15);
    expect(d((x) => leakyRelu(x, 0.1), 3)).toBe(1);
  });

  it("abs'(0) = 0, and sign x elsewhere", () => {
    expect(d(abs, 0)).toBe(0);
    expect(d(abs, -3)).toBe(-1);
    expect(d(abs, 3)).toBe(1);
  });

  it('maximum and minimum split the gradient 0.5/0.5 at ties', () => {
    const one = f64(1);
    const gMax = grad((a: Tensor, b: Tensor) => maximum(a, b), { argnums: [0, 1] })(one, one);
    expect(gMax.map((g) => g.item())).toEqual([0.5, 0.5]);
    const gMin = grad((a: Tensor, b: Tensor) => minimum(a, b), { argnums: [0, 1] })(one, one);
    expect(gMin.map((g) => g.item())).toEqual([0.5, 0.5]);
    const gApart = grad((a: Tensor, b: Tensor) => maximum(a, b), { argnums: [0, 1] })(f64(2), one);
    expect(gApart.map((g) => g.item())).toEqual([1, 0]);
  });

  it('a max reduction splits the gradient evenly among tied maxima', () => {
    expect(grad((x: Tensor) => max(x))(f64([3, 1, 3, 3])).toArray()).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
  });

  it("gelu'(0) = 1/2 in both forms", () => {
    expect(d((x) => gelu(x), 0)).toBeCloseTo(0.5, 15);
    expect(d((x) => gelu(x, { approximate: 'tanh' }), 0)).toBeCloseTo(0.5, 15);
  });
});
