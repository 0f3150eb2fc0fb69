// Optimizer: the base class; updates parameters in place from their .grad, with ops and assign, so a jitted step records the update too.

import type { FloatDType } from '../core/dtype.js';
import type { TensorData } from '../core/tensor-data.js';
import { jit } from '../jit/jit.js';
import { add, assign, noGrad } from '../ops/index.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** An optimizer's saved state: its step count and one buffer set per parameter. */
export interface OptimizerState {
  step: number;
  buffers: Record<string, TensorData>;
}

/**
 * Holds a list of parameters and a learning rate. `step()` reads each parameter's `.grad` and
 * updates the parameter in place; `zeroGrad()` clears the gradients, as in PyTorch. `lr` may be
 * changed between steps (schedules do).
 *
 * The update is written with ops and `assign` (outside the graph) and runs through `jit`, so a
 * step on its own is a compiled plan, and `step()` inside a jitted function becomes part of that
 * function's plan. Everything that changes from step to step lives in
 * tensors made with the optimizer (the learning rate, the step count, the buffers): a compiled
 * plan reads them afresh at every call.
 */
export abstract class Optimizer {
  private rate: number;
  /** The learning rate as a 0-d tensor of each parameter dtype in use. */
  private readonly rates = new Map<FloatDType, Tensor>();
  /** Steps taken, as a 0-d float64 tensor (bias corrections are computed from it with ops). */
  protected readonly steps: Tensor = zeros([], { dtype: 'float64' });
  protected readonly buffers = new Map<string, Tensor>();

  constructor(readonly params: readonly Tensor[], lr: number) {
    if (params.length === 0) throw new Error(`${this.constructor.name}: no parameters to optimise`);
    for (const p of params) {
      if (p.dtype === 'int32') throw new Error(`${this.constructor.name}: parameters must be float32 or float64, got int32`);
      if (!this.rates.has(p.dtype)) this.rates.set(p.dtype, zeros([], { dtype: p.dtype }));
    }
    this.rate = 0;
    this.lr = lr;
  }

  /** The learning rate used by the next `step()`. */
  get lr(): number {
    return this.rate;
  }

  set lr(value: number) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`${this.constructor.name}: learning rate must be a finite number ≥ 0, got ${value}`);
    this.rate = value;
    for (const t of this.rates.values()) t.data[0] = value;
  }

  /** Number of steps taken. */
  get stepCount(): number {
    return this.steps.data[0];
  }

  set stepCount(n: number) {
    this.steps.data[0] = n;
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /**
   * The update of the parameters whose gradient is given (`mask`: '1' or '0' per parameter), as one
   * jitted function: called on its own it runs the backend's compiled plan (one in-place kernel per
   * parameter on wasm); inside a function being traced it is traced through like any ops.
   */
  private readonly apply = jit((mask: string, ...grads: Tensor[]) => {
    assign(this.steps, add(this.steps, 1));
    let k = 0;
    this.params.forEach((p, i) => {
      if (mask[i] === '1') this.update(i, p, grads[k++], this.rates.get(p.dtype as FloatDType) as Tensor);
    });
    return [];
  });

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    const mask = this.params.map((p) => (p.grad === null ? '0' : '1')).join('');
    const grads = this.params.flatMap((p) => (p.grad === null ? [] : [p.grad]));
    noGrad(() => this.apply(mask, ...grads));
  }

  /** Updates parameter `index` (`w`, with gradient `g`, at learning rate `lr`, a 0-d tensor) in place with ops and `assign`. */
  protected abstract update(index: number, w: Tensor, g: Tensor, lr: Tensor): void;

  /** Makes the zero buffers `names` for every parameter; subclasses call it from their constructor. */
  protected createBuffers(names: readonly string[]): void {
    for (const name of names) {
      this.params.forEach((p, i) => this.buffers.set(`${i}.${name}`, zeros(p.shape, { dtype: p.dtype })));
    }
  }

  /** The state buffer `name` of parameter `index` (made by `createBuffers`). */
  protected buffer(name: string, index: number): Tensor {
    const b = this.buffers.get(`${index}.${name}`);
    if (b === undefined) throw new Error(`${this.constructor.name}: no buffer ${index}.${name}`);
    return b;
  }

  /** A copy of the step count and every buffer, for checkpoints. */
  stateDict(): OptimizerState {
    const buffers: Record<string, TensorData> = {};
    for (const [key, b] of this.buffers) buffers[key] = { data: b.data.slice(), shape: [b.size], dtype: b.dtype };
    return { step: this.stepCount, buffers };
  }

  /** Restores a state saved by `stateDict()` for the same parameters; buffers it lacks start again at zero. */
  loadStateDict(state: OptimizerState): void {
    for (const [key, b] of Object.entries(state.buffers)) {
      const mine = this.buffers.get(key);
      if (mine === undefined || mine.size !== b.data.length) throw new Error(`${this.constructor.name}.loadStateDict: buffer ${key} does not match the parameters`);
    }
    for (const [key, b] of this.buffers) {
      const saved = state.buffers[key];
      if (saved === undefined) b.data.fill(0);
      else b.data.set(saved.data);
    }
    this.stepCount = state.step;
  }
}
