// Making tensors: from arrays and typed arrays, and the constant-filled constructors.

import { allocate, dtypeOf, isDType, type DType, type TypedArray } from '../core/dtype.js';
import { assertShape, formatShape, sizeOf, type Shape } from '../core/shape.js';
import { Tensor, type NestedArray } from './tensor.js';

export interface TensorOptions {
  /** Element type; float32 by default (int32 when given an Int32Array, float64 for a Float64Array). */
  dtype?: DType;
  /** Track gradients flowing to this tensor. */
  requiresGrad?: boolean;
}

function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) throw new Error(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected float32, float64 or int32)`);
  return dtype;
}

function make(data: TypedArray, shape: Shape, options: TensorOptions): Tensor {
  const t = Tensor.fromNode(data, shape, dtypeOf(data), null);
  if (options.requiresGrad) t.requireGrad();
  return t;
}

function inferShape(value: NestedArray, path: string): number[] {
  if (typeof value === 'number') return [];
  if (!Array.isArray(value)) throw new Error(`tensor: expected a number or an array at ${path}, got ${typeof value}`);
  if (value.length === 0) return [0];
  return [value.length, ...inferShape(value[0], `${path}[0]`)];
}

/**
 * A tensor from a number, nested arrays or a typed array (typed arrays are copied).
 * @example tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true })
 * @example tensor(new Float32Array(784), { shape: [28, 28] })
 */
export function tensor(value: NestedArray | TypedArray | readonly number[], options: TensorOptions & { shape?: Shape } = {}): Tensor {
  if (ArrayBuffer.isView(value)) {
    const typed = value as TypedArray;
    const dtype = options.dtype ? checkDType('tensor', options.dtype) : dtypeOf(typed);
    const shape = options.shape ?? [typed.length];
    assertShape('tensor', shape);
    if (sizeOf(shape) !== typed.length) throw new Error(`tensor: ${typed.length} values do not fill shape ${formatShape(shape)}`);
    const data = allocate(dtype, typed.length);
    data.set(typed);
    return make(data, shape, options);
  }
  const dtype = checkDType('tensor', options.dtype ?? 'float32');
  const shape = inferShape(value as NestedArray, 'value');
  const data = allocate(dtype, sizeOf(shape));
  let k = 0;
  const fill = (v: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number') throw new Error(`tensor: ragged nested array at ${path} (expected a number)`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new Error(`tensor: ragged nested array at ${path}: expected ${shape[dim]} entries, got ${Array.isArray(v) ? v.length : typeof v}`);
    }
    v.forEach((u, i) => fill(u, dim + 1, `${path}[${i}]`));
  };
  fill(value as NestedArray, 0, 'value');
  const t = make(data, options.shape ?? shape, options);
  return t;
}

/** A tensor of `shape` with every entry `value`. */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  assertShape('full', shape);
  const data = allocate(checkDType('full', options.dtype ?? 'float32'), sizeOf(shape)).fill(value);
  return make(data, shape, options);
}

/** Zeros of `shape`. */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** Ones of `shape`. */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape and dtype of `t`. */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, { dtype: t.dtype });
}

/** Ones with the shape and dtype of `t`. */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape, { dtype: t.dtype });
}

/** A 0-d tensor. */
export function scalar(value: number, options: TensorOptions = {}): Tensor {
  return full([], value, options);
}

/**
 * start, start+step, ... up to but excluding `stop` (NumPy's arange). With one argument, 0..stop-1.
 * The dtype is int32 when all arguments are integers, else float32, unless given.
 */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite nonzero number, got ${step}`);
  const n = Math.max(0, Math.ceil((b - a) / step));
  const dtype = options.dtype ?? ([a, b, step].every(Number.isInteger) ? 'int32' : 'float32');
  const data = allocate(checkDType('arange', dtype), n);
  for (let i = 0; i < n; i++) data[i] = a + i * step;
  return make(data, [n], options);
}

/** `count` evenly spaced values from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, count: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(count) || count < 0) throw new Error(`linspace: count must be a non-negative integer, got ${count}`);
  const data = allocate(checkDType('linspace', options.dtype ?? 'float32'), count);
  for (let i = 0; i < count; i++) data[i] = count === 1 ? start : start + ((stop - start) * i) / (count - 1);
  return make(data, [count], options);
}

/** The n×m identity (m = n by default). */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  assertShape('eye', [n, m]);
  const data = allocate(checkDType('eye', options.dtype ?? 'float32'), n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return make(data, [n, m], options);
}
