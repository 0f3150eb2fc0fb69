// Tracing: run a function eagerly once while recording every primitive and assign it makes, as a Graph.

import type { Prim, PrimParams } from '../core/primitives.js';
import { formatShape } from '../core/shape.js';
import type { Graph, GraphStep, GraphValue, ValueId } from '../backend/graph.js';
import { setTracer, type Tracer } from '../ops/trace-hook.js';
import { setDataGuard, Tensor } from '../tensor/tensor.js';

/**
 * Records a traced call. Tensors are told apart by where they come from: the call's arguments;
 * tensors made before the call (states: parameters, optimizer buffers, a learning rate), read
 * afresh at every later call; tensors made during the call by no op (literals): constants; and
 * the results of recorded steps.
 */
class Recorder implements Tracer {
  readonly ids = new Map<Tensor, ValueId>();
  /** Values by storage, so a detached copy of a step's result (backward's .grad) or of a state is the same value. */
  private readonly byStorage = new Map<object, ValueId>();
  readonly values: GraphValue[] = [];
  readonly steps: GraphStep[] = [];
  readonly regions: { name: string; inputs: ValueId[]; output: ValueId }[] = [];
  private readonly open: number[] = [];
  /** The values of each state the run assigned, as they were before its first assign. */
  private readonly overwritten = new Map<Tensor, Tensor['data']>();
  private depth = 0;

  constructor(args: readonly Tensor[], private readonly startSerial: number) {
    args.forEach((t, index) => {
      if (this.ids.has(t)) return; // the same tensor passed twice is one argument value
      this.ids.set(t, this.values.length);
      this.byStorage.set(t.storageKey, this.values.length);
      this.values.push({ shape: t.shape, dtype: t.dtype, source: { kind: 'argument', index } });
    });
  }

  private known(t: Tensor): ValueId | undefined {
    return this.ids.get(t) ?? this.byStorage.get(t.storageKey);
  }

  idOf(t: Tensor): ValueId {
    const known = this.known(t);
    if (known !== undefined) return known;
    const id = this.values.length;
    const source = t.serial < this.startSerial
      ? { kind: 'state' as const, tensor: t }
      : { kind: 'constant' as const, data: { data: t.unguardedData, shape: t.shape, dtype: t.dtype } };
    this.values.push({ shape: t.shape, dtype: t.dtype, source });
    this.ids.set(t, id);
    this.byStorage.set(t.storageKey, id);
    return id;
  }

  primitive(prim: Prim, params: PrimParams[Prim], inputs: readonly Tensor[], output: Tensor): void {
    const ids = inputs.map((t) => this.idOf(t));
    const out = this.values.length;
    this.values.push({ shape: output.shape, dtype: output.dtype, source: { kind: 'step' } });
    this.ids.set(output, out);
    this.byStorage.set(output.storageKey, out);
    this.steps.push(this.open.length > 0 ? { kind: 'primitive', prim, params, inputs: ids, output: out, region: this.open[0] } : { kind: 'primitive', prim, params, inputs: ids, output: out });
  }

  enterRegion(name: string, inputs: readonly Tensor[]): void {
    this.open.push(this.regions.length);
    this.regions.push({ name, inputs: inputs.map((t) => this.idOf(t)), output: -1 });
  }

  leaveRegion(output: Tensor | null): void {
    const id = this.open.pop();
    if (id !== undefined && output !== null) this.regions[id].output = this.idOf(output);
  }

  assign(target: Tensor, value: Tensor): void {
    const known = this.known(target);
    if (known !== undefined && this.values[known].source.kind === 'argument') {
      throw new Error(`jit: assign to argument ${(this.values[known].source as { index: number }).index}; a tensor the function updates in place must be one it closes over (a parameter, a buffer), not an argument`);
    }
    if (target.serial >= this.startSerial) {
      throw new Error(`jit: assign to a tensor ${formatShape(target.shape)} made inside the traced function; only tensors made before the call (parameters, buffers) can be updated in place`);
    }
    if (!this.overwritten.has(target)) this.overwritten.set(target, target.unguardedData.slice());
    this.steps.push({ kind: 'assign', target: this.idOf(target), value: this.idOf(value) });
  }

  /** Puts back what the tracing run's assigns overwrote, so the compiled plan can make the first call itself. */
  undoAssigns(): void {
    for (const [t, data] of this.overwritten) t.unguardedData.set(data);
  }

  insideKernel<T>(run: () => T): T {
    this.depth++;
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  /** Refuses a read of `.data` in JavaScript of an argument, a step's result or a state: the read would not rerun on later calls. */
  guard(t: Tensor): void {
    if (this.depth > 0) return;
    const id = this.known(t);
    const what = id !== undefined
      ? this.describe(id)
      : t.serial < this.startSerial ? 'a tensor made before the call' : null;
    if (what === null) return; // a literal made during the call: its values are fixed anyway
    throw new Error(
      `jit: the traced function read the values of ${what} (${formatShape(t.shape)} ${t.dtype}) in JavaScript; ` +
      'a jitted function may use tensor values only through ops, because its JavaScript does not run again on later calls (move the read outside, or return the tensor)',
    );
  }

  private describe(id: ValueId): string {
    const source = this.values[id].source;
    if (source.kind === 'argument') return `argument ${source.index}`;
    if (source.kind === 'state') return 'a tensor made before the call';
    if (source.kind === 'constant') return 'a constant';
    const step = this.steps.find((s) => s.kind === 'primitive' && s.output === id);
    return step?.kind === 'primitive' ? `the result of ${step.prim}` : 'an intermediate value';
  }
}

/** The steps the outputs and the assigns depend on, in their original order. */
function liveSteps(steps: readonly GraphStep[], outputs: readonly ValueId[]): GraphStep[] {
  const needed = new Set<ValueId>(outputs);
  const keep: boolean[] = new Array<boolean>(steps.length).fill(false);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (step.kind === 'assign') {
      keep[i] = true;
      needed.add(step.value);
      needed.add(step.target);
    } else if (needed.has(step.output)) {
      keep[i] = true;
      for (const v of step.inputs) needed.add(v);
    }
  }
  return steps.filter((_, i) => keep[i]);
}

/** A traced call: its graph, the eager results of the tracing run, and the tensors whose `.grad` the run set. */
export interface Trace<R> {
  graph: Graph;
  result: R;
}

/**
 * Runs `f(args)` eagerly, recording it. `flatten` lists the tensors of its result in order.
 * While it runs, reading `.data` of an argument, of a step's result or of a state outside a
 * kernel throws (the function's JavaScript runs only this once). Gradients that `backward()` left
 * on states' `.grad` during the run are cleared: inside a jitted function, gradients are values.
 * With `undo`, what the run's assigns overwrote is put back afterwards (jit then makes the call
 * with the compiled plan, so every call, the first included, computes the same way).
 */
export function trace<R>(f: () => R, args: readonly Tensor[], startSerial: number, flatten: (result: R) => Tensor[], undo = false): Trace<R> {
  const recorder = new Recorder(args, startSerial);
  const previous = setTracer(recorder);
  setDataGuard((t) => recorder.guard(t));
  let result: R;
  try {
    result = f();
  } finally {
    setDataGuard(null);
    setTracer(previous);
    if (undo) recorder.undoAssigns();
    for (const t of recorder.ids.keys()) {
      if (t.grad !== null && t.grad.serial >= startSerial) t.grad = null;
    }
  }
  const outputs = flatten(result).map((t) => recorder.idOf(t));
  const graph: Graph = { values: recorder.values, steps: liveSteps(recorder.steps, outputs), outputs, regions: recorder.regions };
  return { graph, result };
}
