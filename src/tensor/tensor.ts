// The Tensor: an immutable n-d array of float32, float64 or int32, with its place in the graph.

import type { DType, TypedArray } from '../core/dtype.js';
import type { TensorHome } from '../core/tensor-data.js';
import { formatShape, sizeOf, type Shape } from '../core/shape.js';
import type { Node } from '../ops/prim-def.js';
import * as ops from '../ops/index.js';
import type { Axes, TensorLike } from '../ops/index.js';
import { formatTensor } from './format.js';

export type NestedArray = number | NestedArray[];

/** Called on every read of `.data` while a function is being traced by jit (see jit/trace.ts). */
type DataGuard = (t: Tensor) => void;
let dataGuard: DataGuard | null = null;

/** Installs (or clears, with null) the check jit runs on every `.data` read while it traces. */
export function setDataGuard(guard: DataGuard | null): void {
  dataGuard = guard;
}

let created = 0;

/**
 * Where a tensor's values are: a buffer, or (after `relocate`) a backend's memory. Shared by a
 * tensor and its detached copies, so they keep sharing values wherever the values move.
 */
class Storage {
  constructor(public values: TypedArray, public home: TensorHome | null) {}
  view(): TypedArray {
    return this.home === null ? this.values : this.home.view();
  }
}

/**
 * A contiguous row-major n-d array. Ops never mutate a tensor; they return new ones. When any
 * input requires a gradient (and recording is on), the result remembers the primitive and inputs
 * that made it, so `backward()` and the transforms in autodiff can walk the graph back.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** The primitive application that produced this tensor, or null for a leaf. */
  readonly node: Node | null;
  /** Creation order: jit tells state made before a trace from constants made during it. */
  readonly serial: number;
  /** Whether gradients flow to this tensor. Set it on leaves (parameters, inputs) to track them. */
  requiresGrad: boolean;
  /** The gradient accumulated by `backward()` (leaves only). */
  grad: Tensor | null = null;
  private readonly storage: Storage;

  private constructor(storage: Storage, shape: Shape, dtype: DType, node: Node | null, serial = created++) {
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.size = storage.values.length;
    this.dtype = dtype;
    this.node = node;
    this.requiresGrad = node !== null;
    this.serial = serial;
  }

  /** The serial the next tensor made will get: tensors with a smaller one exist already. */
  static nextSerial(): number {
    return created;
  }

  /** Wraps a buffer (not copied) as a tensor made by `node` (null for a leaf). Used by ops. */
  static fromNode(data: TypedArray, shape: Shape, dtype: DType, node: Node | null): Tensor {
    if (data.length !== sizeOf(shape)) throw new Error(`tensor: ${data.length} values do not fill shape ${formatShape(shape)}`);
    return new Tensor(new Storage(data, null), shape, dtype, node);
  }

  /** The values, row-major: a typed array the caller may read (and, for a leaf, write in place). */
  get data(): TypedArray {
    if (dataGuard !== null) dataGuard(this);
    return this.storage.view();
  }

  /** The values without jit's read check: for tracers, which must look without being refused. */
  get unguardedData(): TypedArray {
    return this.storage.view();
  }

  /** What identifies the values: the same for a tensor and its detached copies (jit traces them as one value). */
  get storageKey(): object {
    return this.storage;
  }

  /**
   * Moves the values to `home` (a backend's memory), copying them there first; the tensor keeps
   * its identity, and `.data` reads through the home from now on. Used by backends that keep
   * parameters resident (jit plans), never needed by users.
   */
  relocate(home: TensorHome): void {
    const view = home.view();
    if (view.length !== this.size) throw new Error(`tensor: a home of ${view.length} values cannot hold ${this.size}`);
    view.set(this.storage.view());
    this.storage.home = home;
  }

  /** Whether `relocate` moved the values into a backend's memory. */
  get isRelocated(): boolean {
    return this.storage.home !== null;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }
  /** True for a tensor not produced by a recorded op. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.data[0];
  }

  /** The values as nested JS arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const build = (offset: number, dim: number): NestedArray => {
      if (dim === this.rank) return this.data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(offset + i * stride, dim + 1));
    };
    return build(0, 0);
  }

  /** Shows shape, dtype and values (abbreviated for large tensors). */
  toString(): string {
    return formatTensor(this);
  }

  /** The same values (shared) recorded as made by `node`: a composite with its own VJP (ops/composite.ts) gives its result this history. */
  withHistory(node: Node): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype, node, this.serial);
  }

  /** A tensor with the same values (shared, not copied) and no history: gradients stop here. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype, null, this.serial);
  }

  /** Marks this leaf as tracked (or not) and returns it, for chaining. */
  requireGrad(flag = true): this {
    if (this.node !== null && !flag) throw new Error('requireGrad: cannot stop tracking a non-leaf tensor; use detach()');
    this.requiresGrad = flag;
    return this;
  }

  /** Clears the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  neg(): Tensor { return ops.neg(this); }
  add(other: TensorLike): Tensor { return ops.add(this, other); }
  sub(other: TensorLike): Tensor { return ops.sub(this, other); }
  mul(other: TensorLike): Tensor { return ops.mul(this, other); }
  div(other: TensorLike): Tensor { return ops.div(this, other); }
  pow(other: TensorLike): Tensor { return ops.pow(this, other); }
  maximum(other: TensorLike): Tensor { return ops.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return ops.minimum(this, other); }
  less(other: TensorLike): Tensor { return ops.less(this, other); }
  lessEqual(other: TensorLike): Tensor { return ops.lessEqual(this, other); }
  greater(other: TensorLike): Tensor { return ops.greater(this, other); }
  greaterEqual(other: TensorLike): Tensor { return ops.greaterEqual(this, other); }
  equal(other: TensorLike): Tensor { return ops.equal(this, other); }
  notEqual(other: TensorLike): Tensor { return ops.notEqual(this, other); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  abs(): Tensor { return ops.abs(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  erf(): Tensor { return ops.erf(this); }
  sign(): Tensor { return ops.sign(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  softplus(): Tensor { return ops.softplus(this); }
  relu(): Tensor { return ops.relu(this); }
  leakyRelu(alpha = 0.01): Tensor { return ops.leakyRelu(this, alpha); }
  gelu(options?: { approximate?: 'none' | 'tanh' }): Tensor { return ops.gelu(this, options); }
  sum(axes?: Axes, keepdims = false): Tensor { return ops.sum(this, axes, keepdims); }
  mean(axes?: Axes, keepdims = false): Tensor { return ops.mean(this, axes, keepdims); }
  max(axes?: Axes, keepdims = false): Tensor { return ops.max(this, axes, keepdims); }
  min(axes?: Axes, keepdims = false): Tensor { return ops.min(this, axes, keepdims); }
  logsumexp(axes?: Axes, keepdims = false): Tensor { return ops.logsumexp(this, axes, keepdims); }
  argmax(axis?: number, keepdims = false): Tensor { return ops.argmax(this, axis, keepdims); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  reshape(shape: Shape): Tensor { return ops.reshape(this, shape); }
  transpose(axis0 = -2, axis1 = -1): Tensor { return ops.transpose(this, axis0, axis1); }
  permute(perm: readonly number[]): Tensor { return ops.permute(this, perm); }
  /** The matrix transpose (last two axes). */
  get T(): Tensor { return ops.transpose(this); }
  slice(start: readonly number[], end?: readonly (number | undefined)[]): Tensor { return ops.slice(this, start, end); }
  gather(indices: Tensor, axis = 0): Tensor { return ops.gather(this, indices, axis); }
  broadcastTo(shape: Shape): Tensor { return ops.broadcastTo(this, shape); }
  squeeze(axis?: number): Tensor { return ops.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  flatten(startAxis = 0): Tensor { return ops.flatten(this, startAxis); }
}
