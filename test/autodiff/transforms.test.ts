// Specification of the function transforms: grad, valueAndGrad, jacobian, hessian, hvp, nested and over several inputs.

import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close.js';
import fc from 'fast-check';
import { concat, grad, hessian, hvp, jacobian, matmul, noGrad, randn, sum, tensor, valueAndGrad } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' });

/** Central differences of scalar-valued f with respect to argument `argnum`, in float64. */
function numericGrad(f: (...a: Tensor[]) => Tensor, args: Tensor[], argnum: number, h = 1e-6): number[] {
  const x = args[argnum];
  return Array.from({ length: x.size }, (_, i) => {
    const at = (d: number) => {
      const data = Float64Array.from(x.data);
      data[i] += d;
      const a = [...args];
      a[argnum] = tensor(data, { shape: x.shape });
      return f(...a).item();
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}

describe('grad', () => {
  it('differentiates with respect to the first argument by default', () => {
    expect(grad((x: Tensor) => x.mul(x).sum())(f64([1, 2, 3])).toArray()).toEqual([2, 4, 6]);
  });

  it('returns one gradient for a number argnums and a list for a list', () => {
    const f = (x: Tensor, y: Tensor, z: Tensor) => x.mul(y).mul(z).sum();
    const [x, y, z] = [f64([1, 2]), f64([3, 4]), f64([5, 6])];
    expect(grad(f, { argnums: 1 })(x, y, z).toArray()).toEqual([5, 12]);
    const gs = grad(f, { argnums: [2, 0] })(x, y, z);
    expect(gs).toHaveLength(2);
    expect(gs[0].toArray()).toEqual([3, 8]);
    expect(gs[1].toArray()).toEqual([15, 24]);
    expect(grad(f, { argnums: [1] })(x, y, z)).toHaveLength(1);
  });

  it('agrees with finite differences for functions of several tensor inputs (property)', () => {
    // f(W, b, x) = Σ tanh(W x + b)²
    const f = (W: Tensor, b: Tensor, x: Tensor) => matmul(W, x).add(b).tanh().pow(2).sum();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(1000), (m, n, seed) => {
        const args = [randn([m, n], { seed, dtype: 'float64' }), randn([m], { seed: seed + 1, dtype: 'float64' }), randn([n], { seed: seed + 2, dtype: 'float64' })];
        const gs = grad(f, { argnums: [0, 1, 2] })(...args);
        gs.forEach((g, k) => {
          expect(g.shape).toEqual(args[k].shape);
          expectClose(g.data, numericGrad(f, args, k), { rtol: 1e-7, atol: 1e-7 });
        });
      }),
      { numRuns: 20 },
    );
  });

  it('returns zeros for an argument the function ignores', () => {
    const g = grad((x: Tensor, y: Tensor) => y.sum(), { argnums: [0, 1] })(f64([1, 2]), f64([3]));
    expect(g[0].toArray()).toEqual([0, 0]);
    expect(g[1].toArray()).toEqual([1]);
    expect(grad(() => f64(3))(f64([1, 2])).toArray()).toEqual([0, 0]);
  });

  it('differentiates the identity of a scalar to 1', () => {
    expect(grad((x: Tensor) => x)(f64(4)).item()).toBe(1);
  });

  it('keeps the dtype: float32 in, float32 gradient out', () => {
    const g = grad((x: Tensor) => x.mul(x).sum())(tensor([1, 2]));
    expect(g.dtype).toBe('float32');
    expect(g.toArray()).toEqual([2, 4]);
  });

  it('returns plain tensors: no graph, and the inputs untouched', () => {
    const x = f64([1, 2]);
    const g = grad((v: Tensor) => v.exp().sum())(x);
    expect(g.requiresGrad).toBe(false);
    expect(g.node).toBeNull();
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
  });

  it('works inside noGrad', () => {
    expect(noGrad(() => grad((x: Tensor) => x.mul(x).sum())(f64([3]))).toArray()).toEqual([6]);
  });

  it('rejects a function that does not return a scalar', () => {
    expect(() => grad((x: Tensor) => x.mul(2))(f64([1, 2]))).toThrow(/^grad: f must return a scalar, got shape \[2\]/);
  });
});

describe('valueAndGrad', () => {
  it('returns f(x) and ∇f(x) together', () => {
    const [value, g] = valueAndGrad((x: Tensor) => x.mul(x).sum())(f64([1, 2, 3]));
    expect(value.item()).toBe(14);
    expect((g as Tensor).toArray()).toEqual([2, 4, 6]);
    expect(value.requiresGrad).toBe(false);
  });

  it('returns a list of gradients for several argnums', () => {
    const [value, gs] = valueAndGrad((x: Tensor, y: Tensor) => x.mul(y).sum(), { argnums: [0, 1] })(f64([2]), f64([5]));
    expect(value.item()).toBe(10);
    expect((gs as Tensor[]).map((g) => g.item())).toEqual([5, 2]);
  });
});

describe('nested grad', () => {
  it('grad(grad(f)) is the second derivative', () => {
    const d2 = grad(grad((x: Tensor) => x.pow(3)));
    expect(d2(f64(2)).item()).toBeCloseTo(12, 12); // (x³)'' = 6x
    const d2exp = grad(grad((x: Tensor) => x.mul(2).exp()));
    expect(d2exp(f64(0.5)).item()).toBeCloseTo(4 * Math.exp(1), 12);
  });

  it('mixes partial derivatives across arguments: ∂²(x²y³)/∂x∂y = 6xy²', () => {
    const f = (x: Tensor, y: Tensor) => x.pow(2).mul(y.pow(3));
    const dxdy = grad(grad(f, { argnums: 1 }), { argnums: 0 });
    expect(dxdy(f64(2), f64(3)).item()).toBeCloseTo(6 * 2 * 9, 10);
  });

  it('differentiates through an inner grad that closes over the outer variable', () => {
    // d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1 (no perturbation confusion)
    const c = f64(5);
    expect(grad((x: Tensor) => x.mul(grad((y: Tensor) => x.add(y))(c)))(f64(3)).item()).toBe(1);
    // d/dx [x · d/dy (x·y)] = d/dx x² = 2x: the inner gradient x depends on the outer x
    expect(grad((x: Tensor) => x.mul(grad((y: Tensor) => x.mul(y))(c)))(f64(3)).item()).toBe(6);
  });

  it('differentiates through an inner jacobian that closes over the outer variable', () => {
    // Σ ∂(x·y)/∂y = Σ x·I = n·x, whose derivative in x is n
    const g = grad((x: Tensor) => jacobian((y: Tensor) => x.mul(y))(f64([1, 2])).sum());
    expect(g(f64(3)).item()).toBe(2);
  });
});

describe('jacobian', () => {
  // f(x) = (x₀x₁, sin x₂)
  const f = (x: Tensor) => concat([x.slice([0], [1]).mul(x.slice([1], [2])), x.slice([2], [3]).sin()]);

  it('has shape f(x).shape + x.shape and entries ∂fᵢ/∂xⱼ', () => {
    const J = jacobian(f)(f64([2, 3, 0.5]));
    expect(J.shape).toEqual([2, 3]);
    const rows = J.toArray() as number[][];
    expect(rows[0]).toEqual([3, 2, 0]);
    expect(rows[1][0]).toBe(0);
    expect(rows[1][1]).toBe(0);
    expect(rows[1][2]).toBeCloseTo(Math.cos(0.5), 15);
  });

  it('handles matrix-valued outputs and matrix inputs', () => {
    // f(X) = X·A has ∂(XA)ᵢⱼ/∂Xₖₗ = δᵢₖ Aₗⱼ
    const A = randn([3, 2], { seed: 4, dtype: 'float64' });
    const X = randn([2, 3], { seed: 5, dtype: 'float64' });
    const J = jacobian((x: Tensor) => matmul(x, A))(X);
    expect(J.shape).toEqual([2, 2, 2, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 3; l++) {
      expect(J.data[((i * 2 + j) * 2 + k) * 3 + l]).toBe(i === k ? A.data[l * 2 + j] : 0);
    }
  });

  it('returns one Jacobian per argnum for a list', () => {
    const W = randn([2, 3], { seed: 6, dtype: 'float64' });
    const x = randn([3], { seed: 7, dtype: 'float64' });
    const [JW, Jx] = jacobian((w: Tensor, v: Tensor) => matmul(w, v), { argnums: [0, 1] })(W, x);
    expect(JW.shape).toEqual([2, 2, 3]);
    expect(Jx.shape).toEqual([2, 3]);
    expectClose(Jx.data, W.data, { rtol: 0, atol: 0 });
    // ∂(Wx)ᵢ/∂Wₖₗ = δᵢₖ xₗ
    for (let i = 0; i < 2; i++) for (let k = 0; k < 2; k++) for (let l = 0; l < 3; l++) {
      expect(JW.data[(i * 2 + k) * 3 + l]).toBe(i === k ? x.data[l] : 0);
    }
  });

  it('of a scalar-valued function is its gradient', () => {
    const h = (x: Tensor) => x.sin().sum();
    const x = f64([0.1, 0.2, 0.3]);
    expectClose(jacobian(h)(x).data, grad(h)(x).data, { rtol: 0, atol: 0 });
  });

  it('agrees with finite differences column by column (property)', () => {
    const g = (x: Tensor) => x.mul(x.sum()).tanh();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.nat(1000), (n, seed) => {
        const x = randn([n], { seed, dtype: 'float64' });
        const J = jacobian(g)(x);
        for (let i = 0; i < n; i++) {
          const row = numericGrad((v: Tensor) => g(v).slice([i], [i + 1]).sum(), [x], 0);
          expectClose(J.data.subarray(i * n, (i + 1) * n), row, { rtol: 1e-7, atol: 1e-7 });
        }
      }),
      { numRuns: 20 },
    );
  });

  it('of an empty output is empty', () => {
    expect(jacobian((x: Tensor) => x.slice([0], [0]))(f64([1, 2])).shape).toEqual([0, 2]);
  });
});

describe('hessian', () => {
  it('of ½xᵀAx is A for symmetric A', () => {
    const B = randn([4, 4], { seed: 8, dtype: 'float64' });
    const A = B.add(B.T);
    const H = hessian((x: Tensor) => matmul(x, matmul(A, x)).mul(0.5))(randn([4], { seed: 9, dtype: 'float64' }));
    expect(H.shape).toEqual([4, 4]);
    expectClose(H.data, A.data, { rtol: 1e-14, atol: 1e-14 });
  });

  it('has shape x.shape + x.shape and is symmetric', () => {
    const H = hessian((X: Tensor) => X.sin().mul(X.sum()).sum())(randn([2, 3], { seed: 10, dtype: 'float64' }));
    expect(H.shape).toEqual([2, 3, 2, 3]);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(H.data[i * 6 + j]).toBeCloseTo(H.data[j * 6 + i], 12);
  });

  it('differentiates with respect to the given argnum', () => {
    // f(a, b) = a·Σb³ ⇒ ∂²f/∂b² = diag(6ab)
    const H = hessian((a: Tensor, b: Tensor) => a.mul(b.pow(3).sum()), { argnums: 1 })(f64(2), f64([1, 3]));
    expect(H.toArray()).toEqual([[12, 0], [0, 36]]);
  });

  it('agrees with finite differences of the gradient', () => {
    const g = (x: Tensor) => x.exp().sum().mul(x.pow(2).sum()).log();
    const x = randn([3], { seed: 11, dtype: 'float64' });
    const H = hessian(g)(x);
    for (let i = 0; i < 3; i++) {
      const row = numericGrad((v: Tensor) => grad(g)(v).slice([i], [i + 1]).sum(), [x], 0);
      expectClose(H.data.subarray(i * 3, i * 3 + 3), row, { rtol: 1e-6, atol: 1e-6 });
    }
  });
});

describe('hvp', () => {
  it('equals the Hessian times v, without forming the Hessian (property)', () => {
    const f = (x: Tensor) => x.sin().mul(x.pow(2)).sum().add(x.sum().pow(3));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(1000), (n, seed) => {
        const x = randn([n], { seed, dtype: 'float64' });
        const v = randn([n], { seed: seed + 1, dtype: 'float64' });
        const Hv = hvp(f, v)(x);
        expect(Hv.shape).toEqual([n]);
        const want = matmul(hessian(f)(x), v);
        expectClose(Hv.data, want.data, { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 20 },
    );
  });

  it('works on matrix arguments and other argnums', () => {
    const W = randn([2, 2], { seed: 12, dtype: 'float64' });
    const V = randn([2, 2], { seed: 13, dtype: 'float64' });
    const f = (c: Tensor, w: Tensor) => w.pow(3).sum().mul(c);
    // ∂²/∂w² (c Σw³) = diag(6cw), so Hv = 6c w ⊙ v
    const Hv = hvp(f, V, { argnums: 1 })(f64(2), W);
    expectClose(Hv.data, Array.from(W.data).map((w, i) => 12 * w * V.data[i]), { rtol: 1e-14, atol: 1e-14 });
  });

  it('rejects a vector whose shape differs from the argument', () => {
    expect(() => hvp((x: Tensor) => sum(x), f64([1, 2, 3]))(f64([1, 2]))).toThrow(/^hvp: vector of shape \[3\] does not match the argument's shape \[2\]/);
  });
});

describe('argument checks and dtypes', () => {
  it('names the transform and the range when argnums is out of range', () => {
    const f = (x: Tensor, y: Tensor) => x.mul(y).sum();
    const [x, y] = [f64([1, 2]), f64([3, 4])];
    expect(() => valueAndGrad(f, { argnums: 2 })(x, y)).toThrow('valueAndGrad: argnums 2 is out of range for 2 argument(s)');
    expect(() => grad(f, { argnums: [0, -1] })(x, y)).toThrow('valueAndGrad: argnums -1 is out of range for 2 argument(s)');
    expect(() => grad(f, { argnums: 0.5 })(x, y)).toThrow('argnums 0.5 is out of range');
    expect(() => jacobian(f, { argnums: 2 })(x, y)).toThrow('jacobian: argnums 2 is out of range for 2 argument(s)');
    // the last argument is in range
    expect(grad(f, { argnums: 1 })(x, y).toArray()).toEqual([1, 2]);
    expect(() => hvp((v: Tensor) => v.pow(3).sum(), f64([1]), { argnums: 1 })(f64([2]))).toThrow('argnums 1 is out of range for 1 argument(s)');
  });

  it('keeps the argument’s dtype for gradients and Jacobians that are identically zero', () => {
    const constant = () => tensor(3, { dtype: 'float64' });
    const x = f64([1, 2]);
    const g = grad(constant)(x);
    expect(g.dtype).toBe('float64');
    expect(g.toArray()).toEqual([0, 0]);
    const J = jacobian(() => f64([1, 2, 3]))(x);
    expect(J.dtype).toBe('float64');
    expect(J.shape).toEqual([3, 2]);
    const empty = jacobian((v: Tensor) => v.slice([0], [0]))(x);
    expect(empty.dtype).toBe('float64');
    expect(empty.shape).toEqual([0, 2]);
  });

  it('keeps the graph when any argument is on the caller’s trace, so the result can be differentiated again', () => {
    // g(x, c) = ∇ₓ Σ x²c = 2xc, with x tracked by the caller and c a constant: ∂(Σ g)/∂x = 2c
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const c = f64([3, 5]);
    const g = grad((a: Tensor, b: Tensor) => a.mul(a).mul(b).sum())(x, c);
    expect(g.toArray()).toEqual([6, 20]);
    expect(g.requiresGrad).toBe(true);
    g.sum().backward();
    expect(x.grad?.toArray()).toEqual([6, 10]);
  });
});

