// Compares autodiff with central finite differences in float64, to first and second order.

import { mul, sum } from '../ops/index.js';
import { tensor } from '../tensor/creation.js';
import { randn } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad, jacobian, type TensorFunction } from './transforms.js';

export interface CheckGradientsOptions {
  /** 1 checks first derivatives; 2 also checks derivatives of the gradient. Default 1. */
  order?: 1 | 2;
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-4. */
  rtol?: number;
}

export interface GradientMismatch {
  /** 1 for ∂f, 2 for ∂∇f. */
  order: 1 | 2;
  /** Flat index into f's output (order 1) or into the gradient of the argument `gradInput` (order 2). */
  output: number;
  /** For order 2: which argument's gradient was differentiated. */
  gradInput?: number;
  /** The argument that was perturbed, and the flat index of the perturbed entry. */
  input: number;
  index: number;
  autodiff: number;
  numeric: number;
  error: number;
}

export interface CheckGradientsResult {
  /** True when every entry agrees within atol + rtol·|numeric|. */
  ok: boolean;
  /** The largest |autodiff − numeric| seen. */
  maxError: number;
  /** Where the largest error relative to its tolerance occurred (null when nothing was compared). */
  worst: GradientMismatch | null;
  /** How many derivative entries were compared. */
  checked: number;
}

/**
 * Checks the derivatives of `f` at `inputs` against central differences (f(x+h) − f(x−h))/2h in
 * float64. `f` may return any shape; every entry of its Jacobian is compared. With `order: 2`,
 * the gradient of ⟨f, w⟩ (w a fixed random weighting) is itself checked the same way, which
 * tests every backward rule's own derivative.
 * @example
 * const r = checkGradients((x, y) => x.mul(y).sin().sum(), [x, y], { order: 2 });
 * if (!r.ok) console.log(r.worst);
 */
export function checkGradients(f: TensorFunction, inputs: readonly Tensor[], options: CheckGradientsOptions = {}): CheckGradientsResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  const args = inputs.map((x) => tensor(x.data, { dtype: 'float64', shape: x.shape }));
  const result: CheckGradientsResult = { ok: true, maxError: 0, worst: null, checked: 0 };
  let worstRatio = -1;
  const record = (m: Omit<GradientMismatch, 'error'>) => {
    const error = Math.abs(m.autodiff - m.numeric);
    const ratio = Number.isNaN(error) ? Infinity : error / (atol + rtol * Math.abs(m.numeric));
    const bothNaN = Number.isNaN(m.autodiff) && Number.isNaN(m.numeric);
    result.checked++;
    if (!bothNaN) {
      result.maxError = Math.max(result.maxError, Number.isNaN(error) ? Infinity : error);
      if (ratio > 1) result.ok = false;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        result.worst = { ...m, error };
      }
    }
  };

  // order 1: every column of the Jacobian of f
  compareJacobian(f, args, eps, (input, index, output, autodiff, numeric) => record({ order: 1, output, input, index, autodiff, numeric }));

  if ((options.order ?? 1) >= 2) {
    const y = f(...args);
    const w = randn(y.shape, { seed: 12345, dtype: 'float64' });
    const weighted = (...a: Tensor[]) => sum(mul(f(...a), w));
    args.forEach((_, gradInput) => {
      const g = (...a: Tensor[]) => grad(weighted, { argnums: gradInput })(...a);
      compareJacobian(g, args, eps, (input, index, output, autodiff, numeric) =>
        record({ order: 2, gradInput, output, input, index, autodiff, numeric }),
      );
    });
  }
  return result;
}

type Report = (input: number, index: number, output: number, autodiff: number, numeric: number) => void;

function compareJacobian(f: TensorFunction, args: Tensor[], eps: number, report: Report): void {
  args.forEach((x, input) => {
    const J = jacobian(f, { argnums: input })(...args); // shape out + x.shape
    const outSize = x.size === 0 ? 0 : J.size / x.size;
    for (let index = 0; index < x.size; index++) {
      const plus = perturbed(args, input, index, eps);
      const minus = perturbed(args, input, index, -eps);
      const fp = f(...plus).data;
      const fm = f(...minus).data;
      for (let o = 0; o < outSize; o++) {
        const numeric = (fp[o] - fm[o]) / (2 * eps);
        report(input, index, o, J.data[o * x.size + index], numeric);
      }
    }
  });
}

function perturbed(args: Tensor[], input: number, index: number, h: number): Tensor[] {
  return args.map((a, i) => {
    if (i !== input) return a;
    const data = Float64Array.from(a.data);
    data[index] += h;
    return tensor(data, { shape: a.shape, dtype: 'float64' });
  });
}
