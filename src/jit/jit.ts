// jit(f): trace f once per argument signature into a graph, let the backend compile it, then run the compiled plan.

import { getBackend } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import type { Executable } from '../backend/graph.js';
import { interpret } from '../backend/interpret.js';
import { formatShape } from '../core/shape.js';
import { isGradEnabled } from '../ops/grad-mode.js';
import { activeTracer } from '../ops/trace-hook.js';
import { Tensor } from '../tensor/tensor.js';
import { trace } from './trace.js';

/** What a jitted function may return: a tensor, or arrays and plain objects of them. */
export type JitResult = Tensor | readonly JitResult[] | { readonly [key: string]: JitResult };

/** An argument: a tensor (traced), or a JSON value (static: each distinct value is its own trace). */
export type JitArgument = Tensor | number | string | boolean | null | undefined;

/** The tensors of a result, depth first, and a function that rebuilds the result's shape around new tensors. */
function flatten(result: JitResult, where = 'result'): Tensor[] {
  if (result instanceof Tensor) return [result];
  if (Array.isArray(result)) return result.flatMap((r, i) => flatten(r as JitResult, `${where}[${i}]`));
  if (result !== null && typeof result === 'object') return Object.keys(result).flatMap((k) => flatten((result as Record<string, JitResult>)[k], `${where}.${k}`));
  throw new Error(`jit: the function returned ${typeof result} at ${where}; a jitted function returns tensors, or arrays and objects of tensors`);
}

function rebuild<R extends JitResult>(template: R, tensors: Tensor[], at = { i: 0 }): R {
  if (template instanceof Tensor) return tensors[at.i++] as R;
  if (Array.isArray(template)) return template.map((r) => rebuild(r as JitResult, tensors, at)) as unknown as R;
  const out: Record<string, JitResult> = {};
  for (const k of Object.keys(template)) out[k] = rebuild((template as Record<string, JitResult>)[k], tensors, at);
  return out as R;
}

interface Compiled<R> {
  executable: Executable;
  /** The traced result, whose shape the results of later calls take. */
  template: R;
  shapes: { shape: readonly number[]; dtype: Tensor['dtype'] }[];
  /** Steps in the graph and the backend that compiled it, for `jitStats`. */
  steps: number;
}

/** The signature of a call: each tensor's dtype, shape and requiresGrad, each static argument's JSON. */
function signature(args: readonly JitArgument[]): string {
  return args.map((a) => (a instanceof Tensor ? `${a.dtype}[${a.shape.join(',')}]${a.requiresGrad ? 'g' : ''}` : `=${JSON.stringify(a) ?? 'undefined'}`)).join(' ');
}

/** A function transformed by jit, with a way to see what it compiled. */
export interface JitFunction<A extends JitArgument[], R extends JitResult> {
  (...args: A): R;
  /** How many signatures were traced, and the steps of each compiled graph. */
  stats(): { traces: number; steps: number[] };
}

/**
 * Compiles `f` for speed, as JAX's jit does. The first call with a new signature (each tensor
 * argument's shape and dtype, each other argument's value) runs `f` eagerly while tracing every
 * primitive and assign it performs into a graph; the current backend compiles the graph (the wasm
 * backend plans one memory arena, keeps parameters and optimizer state resident in it, and fuses
 * patterns such as matmul + bias + sigmoid into one kernel). Later calls with that signature run
 * the compiled plan: no graph building, no per-op allocation.
 *
 * What `f` may do, because its JavaScript runs only when traced:
 * - use tensors through ops only: reading `.data` or `item()` of an argument, of an op's result or
 *   of a tensor made before the call throws (return the tensor and read it outside instead);
 * - update tensors made before the call (parameters, optimizer buffers) in place with `assign`,
 *   as optimizers do; tensors made before the call are read as they are at each call, so a
 *   learning rate kept in such a tensor can change between calls;
 * - compute gradients with `grad`, `gradients` or `backward()`: `.grad` fields set inside are
 *   cleared when the call returns (gradients inside a jitted function are values; return them).
 * Results are new tensors with no graph: differentiate inside `f` (jit(grad(f))), not through it.
 * Each result's dtype and shape are those of the traced call.
 * @example const step = jit((x: Tensor, y: Tensor) => { const loss = crossEntropy(net.forward(x), y); opt.zeroGrad(); loss.backward(); opt.step(); return loss; });
 * @example const f = jit((x: Tensor) => x.mul(x).sum());   f(tensor([1, 2, 3])).item() // 14
 */
export function jit<A extends JitArgument[], R extends JitResult>(f: (...args: A) => R): JitFunction<A, R> {
  const cache = new WeakMap<Backend, Map<string, Compiled<R>>>();
  const jitted = (...args: A): R => {
    if (activeTracer() !== null) return f(...args); // inside another trace: trace through
    args.forEach((a, i) => {
      if (a instanceof Tensor && a.requiresGrad && isGradEnabled()) {
        throw new Error(`jit: argument ${i} (${formatShape(a.shape)}) requires a gradient, but a jitted function's results carry no graph; take the gradient inside the function (jit(grad(f))) or pass a tensor without requiresGrad`);
      }
    });
    const backend = getBackend();
    let byKey = cache.get(backend);
    if (byKey === undefined) cache.set(backend, (byKey = new Map()));
    const key = signature(args);
    const compiled = byKey.get(key);
    const tensors = args.filter((a): a is Tensor => a instanceof Tensor);
    let entry = compiled;
    if (entry === undefined) {
      // trace (an eager run whose assigns are then undone), compile, and make this call with the
      // plan too: a fused kernel may round differently from the eager steps, and a run resumed
      // from a checkpoint must compute its first step as the uninterrupted run did
      const { graph, result } = trace(() => f(...args), tensors, Tensor.nextSerial(), (r) => flatten(r), true);
      entry = {
        executable: backend.compile?.(graph) ?? interpret(graph, backend.kernels),
        template: rebuild(result, flatten(result).map((t) => t.detach())), // the shape only: no graph kept
        shapes: flatten(result).map((t) => ({ shape: t.shape, dtype: t.dtype })),
        steps: graph.steps.length,
      };
      byKey.set(key, entry);
    }
    const { executable, template, shapes } = entry;
    const arrays = executable.run(tensors);
    return rebuild(template, arrays.map((data, i) => Tensor.fromNode(data, shapes[i].shape, shapes[i].dtype, null)));
  };
  const stats = () => {
    let traces = 0;
    const steps: number[] = [];
    // the WeakMap cannot be walked: count through the current backend's entries
    const byKey = cache.get(getBackend());
    if (byKey) for (const c of byKey.values()) { traces++; steps.push(c.steps); }
    return { traces, steps };
  };
  return Object.assign(jitted, { stats });
}
