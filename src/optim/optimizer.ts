// Optimizer: the base class; updates parameters in place from their .grad, outside the graph.

import type { TensorData } from '../core/tensor-data.js';
import type { Tensor } from '../tensor/tensor.js';

/** An optimizer's saved state: its step count and one buffer set per parameter. */
export interface OptimizerState {
  step: number;
  buffers: Record<string, TensorData>;
}

/**
 * Holds a list of parameters and a learning rate. `step()` reads each parameter's `.grad`,
 * updates the parameter's values in place, and never records a graph; `zeroGrad()` clears the
 * gradients, as in PyTorch. `lr` may be changed between steps (schedules do).
 */
export abstract class Optimizer {
  /** The learning rate used by the next `step()`. */
  lr: number;
  /** Number of steps taken. */
  stepCount = 0;
  protected readonly buffers = new Map<string, Float64Array | Float32Array>();

  constructor(readonly params: readonly Tensor[], lr: number) {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new Error(`${this.constructor.name}: learning rate must be a finite number ≥ 0, got ${lr}`);
    if (params.length === 0) throw new Error(`${this.constructor.name}: no parameters to optimise`);
    this.lr = lr;
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    this.params.forEach((p, i) => {
      if (p.grad === null) return;
      this.update(i, p.data as Float32Array | Float64Array, p.grad.data as Float32Array | Float64Array);
    });
  }

  /** Updates parameter `index` (values `w`, gradient `g`) in place. */
  protected abstract update(index: number, w: Float32Array | Float64Array, g: Float32Array | Float64Array): void;

  /** A state buffer named `name` for parameter `index`, zero on first use. */
  protected buffer(name: string, index: number, like: Float32Array | Float64Array): Float32Array | Float64Array {
    const key = `${index}.${name}`;
    let b = this.buffers.get(key);
    if (b === undefined) {
      b = like instanceof Float64Array ? new Float64Array(like.length) : new Float32Array(like.length);
      this.buffers.set(key, b);
    }
    return b;
  }

  /** Whether a buffer exists yet (SGD momentum starts from the first gradient). */
  protected hasBuffer(name: string, index: number): boolean {
    return this.buffers.has(`${index}.${name}`);
  }

  /** A copy of the step count and every buffer, for checkpoints. */
  stateDict(): OptimizerState {
    const buffers: Record<string, TensorData> = {};
    for (const [key, b] of this.buffers) buffers[key] = { data: b.slice(), shape: [b.length], dtype: b instanceof Float64Array ? 'float64' : 'float32' };
    return { step: this.stepCount, buffers };
  }

  /** Restores a state saved by `stateDict()` for the same parameters. */
  loadStateDict(state: OptimizerState): void {
    this.stepCount = state.step;
    this.buffers.clear();
    for (const [key, b] of Object.entries(state.buffers)) {
      const index = Number(key.split('.')[0]);
      const p = this.params[index];
      if (p === undefined || p.size !== b.data.length) throw new Error(`${this.constructor.name}.loadStateDict: buffer ${key} does not match the parameters`);
      const copy = p.dtype === 'float64' ? new Float64Array(b.data.length) : new Float32Array(b.data.length);
      copy.set(b.data);
      this.buffers.set(key, copy);
    }
  }
}
