// Module: the base of every layer, holding named parameters and sub-modules, with train/eval mode.

import type { DType } from '../core/dtype.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { TensorData } from '../core/tensor-data.js';
import { Tensor } from '../tensor/tensor.js';

/** Named tensors, as saved to and loaded from a model file. */
export type StateDict = Record<string, TensorData>;

/**
 * A layer or a network. Subclasses register their parameters with `addParameter` and their
 * sub-modules with `addModule`, and implement `forward`. Names follow PyTorch's
 * (`0.weight`, `2.bias`), so state dicts move between nabla and torch.nn unchanged.
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** Computes the module's output. */
  abstract forward(x: Tensor): Tensor;

  protected addParameter(name: string, value: Tensor): Tensor {
    value.requireGrad();
    this.params.set(name, value);
    return value;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    this.children.set(name, module);
    return module;
  }

  /** Every parameter with its dotted name, depth first in registration order. */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [name, p] of this.params) out.push([prefix + name, p]);
    for (const [name, child] of this.children) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /** Every parameter. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** The direct sub-modules. */
  modules(): Module[] {
    return [...this.children.values()];
  }

  /** Switches this module and its sub-modules to training mode. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.children.values()) child.train(mode);
    return this;
  }

  /** Switches to evaluation mode. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all parameters. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Copies of all parameters by name. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = { data: p.data.slice(), shape: [...p.shape], dtype: p.dtype };
    return out;
  }

  /**
   * Loads parameter values in place. With `strict` (default) the names must match exactly;
   * shapes must always match. Values are converted to each parameter's dtype.
   */
  loadStateDict(state: StateDict, options: { strict?: boolean } = {}): void {
    const named = new Map(this.namedParameters());
    if (options.strict ?? true) {
      const missing = [...named.keys()].filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !named.has(k));
      if (missing.length > 0 || unexpected.length > 0) {
        throw new Error(`loadStateDict: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`);
      }
    }
    for (const [name, p] of named) {
      const entry = state[name];
      if (entry === undefined) continue;
      if (!shapesEqual(entry.shape, p.shape)) {
        throw new Error(`loadStateDict: ${name} has shape ${formatShape(entry.shape)} in the state, ${formatShape(p.shape)} in the model`);
      }
      p.data.set(entry.data);
    }
  }

  /** Number of scalar parameters. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** The dtype of the first parameter (float32 when there is none). */
  get dtype(): DType {
    return this.parameters()[0]?.dtype ?? 'float32';
  }
}
