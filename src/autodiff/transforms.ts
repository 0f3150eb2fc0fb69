// Function transforms in the manner of JAX and torch.func: grad, valueAndGrad, jacobian, hessian, hvp.

import { formatShape, shapesEqual } from '../core/shape.js';
import { enableGrad, identity, mul, reshape, stack, sum } from '../ops/index.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradients } from './gradients.js';

export type TensorFunction = (...args: Tensor[]) => Tensor;

export interface ArgnumsOption {
  /** Which arguments to differentiate with respect to: an index, or a list (then a list is returned). Default 0. */
  argnums?: number | readonly number[];
}

function resolveArgnums(op: string, argnums: number | readonly number[] | undefined, count: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= count) throw new Error(`${op}: argnums ${i} is out of range for ${count} argument(s)`);
  }
  return list;
}

/**
 * Marks an argument to differentiate. A tensor already on an outer trace gets a recorded
 * identity, so the outer transform still sees its dependence; otherwise a fresh tracked leaf.
 */
function track(x: Tensor): Tensor {
  return x.requiresGrad ? identity(x) : x.detach().requireGrad();
}

/** Detaches results when no outer trace exists, so top-level answers carry no graph. */
function settle(t: Tensor, nested: boolean): Tensor {
  return nested ? t : t.detach();
}

/** How many transforms are evaluating their function right now: inside one, results keep their graph. */
let depth = 0;

function trace(op: string, f: TensorFunction, args: Tensor[], argnums: number[]) {
  // nested under another transform (even one whose variable f only closes over), or on a user's trace
  const nested = depth > 0 || args.some((a) => a.requiresGrad);
  const traced = args.map((a, i) => (argnums.includes(i) ? track(a) : a));
  depth++;
  let y: Tensor;
  try {
    y = enableGrad(() => f(...traced));
  } finally {
    depth--;
  }
  return { y, wrt: argnums.map((i) => traced[i]), nested, op };
}

/**
 * The value of scalar-valued `f` and its gradient.
 * @example const [value, [dx, dy]] = valueAndGrad(f, { argnums: [0, 1] })(x, y);
 */
export function valueAndGrad(f: TensorFunction, options: ArgnumsOption = {}) {
  return (...args: Tensor[]): [Tensor, Tensor | Tensor[]] => {
    const argnums = resolveArgnums('valueAndGrad', options.argnums, args.length);
    const { y, wrt, nested } = trace('valueAndGrad', f, args, argnums);
    if (y.size !== 1) throw new Error(`grad: f must return a scalar, got shape ${formatShape(y.shape)} (use jacobian for vector-valued functions)`);
    const gs = y.requiresGrad ? gradients(y, wrt, { createGraph: true }) : wrt.map((x) => zeros(x.shape, { dtype: x.dtype }));
    const out = gs.map((g) => settle(g, nested));
    return [settle(y, nested), typeof options.argnums === 'object' ? out : out[0]];
  };
}

/**
 * ∇f for scalar-valued `f`, as a function of the same arguments. Gradients of gradients work to
 * any order: `grad(grad(f))` is the second derivative.
 * @example grad((x) => x.sin())(tensor(1, { dtype: 'float64' })) // cos 1
 */
export function grad(f: TensorFunction, options: { argnums: readonly number[] }): (...args: Tensor[]) => Tensor[];
export function grad(f: TensorFunction, options?: { argnums?: number }): (...args: Tensor[]) => Tensor;
export function grad(f: TensorFunction, options: ArgnumsOption = {}): (...args: Tensor[]) => Tensor | Tensor[] {
  const vg = valueAndGrad(f, options);
  return (...args) => vg(...args)[1];
}

/**
 * The Jacobian of `f` at the arguments: shape f(x).shape + x.shape (one per argnum when a list
 * is given). Built one output entry at a time by reverse mode.
 * @example jacobian((x) => matmul(W, x))(x) // equals W
 */
export function jacobian(f: TensorFunction, options: { argnums: readonly number[] }): (...args: Tensor[]) => Tensor[];
export function jacobian(f: TensorFunction, options?: { argnums?: number }): (...args: Tensor[]) => Tensor;
export function jacobian(f: TensorFunction, options: ArgnumsOption = {}): (...args: Tensor[]) => Tensor | Tensor[] {
  return (...args) => {
    const argnums = resolveArgnums('jacobian', options.argnums, args.length);
    const { y, wrt, nested } = trace('jacobian', f, args, argnums);
    const rows: Tensor[][] = wrt.map(() => []);
    for (let i = 0; i < y.size; i++) {
      const seed = zeros(y.shape, { dtype: y.dtype });
      seed.data[i] = 1;
      const gs = y.requiresGrad ? gradients(y, wrt, { seed, createGraph: true }) : wrt.map((x) => zeros(x.shape, { dtype: x.dtype }));
      gs.forEach((g, k) => rows[k].push(g));
    }
    const out = wrt.map((x, k) => {
      const J = rows[k].length === 0 ? zeros([0, ...x.shape], { dtype: x.dtype }) : stack(rows[k], 0);
      return settle(reshape(J, [...y.shape, ...x.shape]), nested);
    });
    return typeof options.argnums === 'object' ? out : out[0];
  };
}

/**
 * The Hessian of scalar-valued `f` with respect to one argument: the Jacobian of its gradient,
 * shape x.shape + x.shape.
 * @example hessian((v) => v.pow(2).sum())(x) // 2I
 */
export function hessian(f: TensorFunction, options: { argnums?: number } = {}): (...args: Tensor[]) => Tensor {
  const argnums = options.argnums ?? 0;
  return jacobian(grad(f, { argnums }), { argnums });
}

/**
 * Hessian–vector product H(x)·v of scalar-valued `f`, without forming H: the gradient of
 * ⟨∇f(x), v⟩ (reverse over reverse).
 * @example hvp(f, v)(x)
 */
export function hvp(f: TensorFunction, v: Tensor, options: { argnums?: number } = {}): (...args: Tensor[]) => Tensor {
  const argnums = options.argnums ?? 0;
  const df = grad(f, { argnums });
  return (...args) => {
    const x = args[argnums];
    if (x !== undefined && !shapesEqual(x.shape, v.shape)) {
      throw new Error(`hvp: vector of shape ${formatShape(v.shape)} does not match the argument's shape ${formatShape(x.shape)}`);
    }
    return grad((...a: Tensor[]) => sum(mul(df(...a), v)), { argnums })(...args);
  };
}
