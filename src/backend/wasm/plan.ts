// The wasm backend's compiler for jit: a traced graph becomes a plan over fixed offsets in linear memory, run with no allocation and no graph.
//
// compilePlan(graph):
//   1. rewrite   the graph's float32 patterns become fused kernels (rewrite.ts): matmul + bias
//                (+ sigmoid), the sigmoid's backward, the SGD update chain with its assigns
//   2. residency every state the graph reads (parameters, optimizer buffers, the learning rate)
//                moves into linear memory for good (Tensor.relocate: `.data` becomes a view that
//                is re-taken when memory grows), so calls copy no parameter in or out
//   3. slots     every argument, constant and intermediate gets an offset in one region reserved
//                once per plan; constants are written there once
//   4. steps     each planned op becomes a closure over its offsets: a wasm export for float32
//                elementwise, sum, GEMM/sparse product and the fused kernels; any other op runs
//                its eager kernel over views of the slots and its result is copied into place
// run(args) copies the arguments in, runs the closures in program order and copies the outputs out.

import type { DType, TypedArray } from '../../core/dtype.js';
import type { Prim } from '../../core/primitives.js';
import { sizeOf } from '../../core/shape.js';
import type { StateData, TensorData, TensorHome } from '../../core/tensor-data.js';
import type { Kernel } from '../backend.js';
import type { Executable, Graph, ValueId } from '../graph.js';
import { interpret } from '../interpret.js';
import { referenceKernels } from '../reference/index.js';
import { wasmKernels } from './index.js';
import { expandInto } from './expand.js';
import { productAt } from './matmul.js';
import { kernelArena, type Arena, type KernelExports } from './module.js';
import { rewrite, type PlannedOp } from './rewrite.js';

const bytesPer: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

/** Slots are padded to whole cache lines: the f32x4 loops read and write up to the next vector. */
function slotBytes(count: number, dtype: DType): number {
  return Math.ceil((count * bytesPer[dtype] + 16) / 64) * 64;
}

function viewAt(buffer: ArrayBuffer, ptr: number, count: number, dtype: DType): TypedArray {
  if (dtype === 'float64') return new Float64Array(buffer, ptr, count);
  if (dtype === 'int32') return new Int32Array(buffer, ptr, count);
  return new Float32Array(buffer, ptr, count);
}

/** A resident tensor's place in linear memory, handing out a view re-taken after the memory grows. */
class LinearMemoryHome implements TensorHome {
  private cached: TypedArray;
  constructor(private readonly exports: KernelExports, readonly ptr: number, readonly count: number, readonly dtype: DType) {
    this.cached = viewAt(exports.memory.buffer, ptr, count, dtype);
  }
  view(): TypedArray {
    const buffer = this.exports.memory.buffer;
    if (this.cached.buffer !== buffer) this.cached = viewAt(buffer, this.ptr, this.count, this.dtype);
    return this.cached;
  }
}

/** Homes this backend gave, so plans that share a state (training and evaluation) share its memory. */
const homes = new WeakMap<object, LinearMemoryHome>();

/**
 * Gives memory back when what held it is garbage: a plan's region when its Executable is gone
 * (the jitted function that cached it was dropped), a resident tensor's home when the tensor is.
 */
const reclaim = new FinalizationRegistry<{ ptr: number; bytes: number }>(({ ptr, bytes }) => kernelArena().giveBack(ptr, bytes));

function residentPointer(arena: Arena, state: StateData): number {
  const known = homes.get(state.storageKey);
  if (known !== undefined) return known.ptr;
  if (state.isRelocated) throw new Error('wasm plan: a state already lives in another backend memory');
  const count = sizeOf(state.shape);
  const bytes = slotBytes(count, state.dtype);
  const home = new LinearMemoryHome(arena.exports, arena.reserve(bytes), count, state.dtype);
  state.relocate(home);
  homes.set(state.storageKey, home);
  // the storage, not the tensor: a detached copy shares the memory and may outlive it
  reclaim.register(state.storageKey, { ptr: home.ptr, bytes });
  return home.ptr;
}

interface Slot {
  ptr: number;
  count: number;
  dtype: DType;
  shape: readonly number[];
  /** The slot's view, valid while memory has not grown since it was taken. */
  cached?: TypedArray;
}

type Step = () => void;

/** Told each planned op's name and milliseconds as plans run, while set (bench/profile.ts). */
export type PlanProfiler = (op: string, ms: number) => void;
let profiler: PlanProfiler | null = null;

/** Times every op of every plan run from now on (null stops); for profiling only, it slows each op down a little. */
export function setPlanProfiler(next: PlanProfiler | null): void {
  profiler = next;
}

/** The plan of `graph` on the wasm backend (see the top of this file). */
export function compilePlan(graph: Graph): Executable {
  // with no float32 value to compute, no wasm kernel applies: the steps run as the eager ones do
  if (!graph.steps.some((s) => s.kind === 'primitive' && graph.values[s.output].dtype === 'float32')) return interpret(graph, wasmKernels);
  const arena = kernelArena();
  const x = arena.exports;
  const { ops, folded } = rewrite(graph);

  // slots: states resident for good; everything else in this plan's region, reserved once
  const slots: Slot[] = new Array<Slot>(graph.values.length);
  const used = new Set<ValueId>(graph.outputs);
  for (const op of ops) for (const v of op.reads) used.add(v);
  for (const op of ops) for (const v of op.writes) used.add(v);
  // a reshape of anything but a state (whose values an assign may change later) shares its input's
  // slot; a folded value (constant now) is one the plan writes once, below
  const aliasOf = new Map<ValueId, ValueId>();
  for (const op of ops) {
    if (op.kind !== 'primitive' || op.prim !== 'reshape') continue;
    const input = aliasOf.get(op.inputs[0]) ?? op.inputs[0];
    if (graph.values[input].source.kind !== 'state') aliasOf.set(op.output, input);
  }
  let regionBytes = 0;
  const offsets = new Map<ValueId, number>();
  graph.values.forEach((value, id) => {
    if (!used.has(id) || value.source.kind === 'state' || aliasOf.has(id)) return;
    offsets.set(id, regionBytes);
    regionBytes += slotBytes(sizeOf(value.shape), value.dtype);
  });
  const region = regionBytes > 0 ? arena.reserve(regionBytes) : 0;
  graph.values.forEach((value, id) => {
    if (!used.has(id)) return;
    const count = sizeOf(value.shape);
    const home = aliasOf.get(id) ?? id;
    const ptr = value.source.kind === 'state' ? residentPointer(arena, value.source.tensor) : region + (offsets.get(home) as number);
    slots[id] = { ptr, count, dtype: value.dtype, shape: value.shape };
  });
  const view = (s: Slot): TypedArray => {
    const buffer = x.memory.buffer;
    if (s.cached === undefined || s.cached.buffer !== buffer) s.cached = viewAt(buffer, s.ptr, s.count, s.dtype);
    return s.cached;
  };
  graph.values.forEach((value, id) => {
    if (value.source.kind === 'constant' && slots[id]) view(slots[id]).set(value.source.data.data);
  });
  for (const [id, values] of folded) if (slots[id]) view(slots[id]).set(values);
  // a plain object holding the view: kernels may read .data per element, and a reference kernel
  // never grows memory while it runs, so the view stays valid for the call
  const data = (s: Slot): TensorData => ({ data: view(s), shape: s.shape, dtype: s.dtype });

  const steps: Step[] = ops.map((op) => compileOp(op, slots, arena, view, data));
  const names = ops.map((op) => (op.kind === 'primitive' ? op.prim : op.kind === 'linear' && op.sigmoid ? 'linear+sigmoid' : op.kind));
  const args = graph.values.flatMap((value, id) => (value.source.kind === 'argument' && slots[id] ? [{ index: value.source.index, slot: slots[id] }] : []));
  const outputs = graph.outputs.map((id) => slots[id]);

  const executable: Executable = {
    run(argData: readonly TensorData[]): TypedArray[] {
      for (const { index, slot } of args) view(slot).set(argData[index].data);
      if (profiler === null) for (const step of steps) step();
      else {
        for (let i = 0; i < steps.length; i++) {
          const start = performance.now();
          steps[i]();
          profiler(names[i], performance.now() - start);
        }
      }
      return outputs.map((s) => view(s).slice());
    },
  };
  if (regionBytes > 0) reclaim.register(executable, { ptr: region, bytes: regionBytes });
  return executable;
}

const unaryExports: Partial<Record<Prim, 'negF32' | 'absF32' | 'sqrtF32' | 'expF32' | 'sigmoidF32'>> = {
  neg: 'negF32', abs: 'absF32', sqrt: 'sqrtF32', exp: 'expF32', sigmoid: 'sigmoidF32',
};
const binaryExports: Partial<Record<Prim, 'addF32' | 'subF32' | 'mulF32' | 'divF32'>> = {
  add: 'addF32', sub: 'subF32', mul: 'mulF32', div: 'divF32',
};

function compileOp(op: PlannedOp, slots: Slot[], arena: Arena, view: (s: Slot) => TypedArray, data: (s: Slot) => TensorData): Step {
  const x = arena.exports;
  switch (op.kind) {
    case 'assign': {
      const target = slots[op.target];
      const value = slots[op.value];
      return () => view(target).set(view(value));
    }
    case 'linear': {
      const [xs, w, b, y] = [slots[op.x], slots[op.w], slots[op.b], slots[op.output]];
      const [m, k] = xs.shape;
      const n = w.shape[0];
      return () => {
        arena.reset();
        productAt(arena, xs.ptr, w.ptr, y.ptr, 1, m, n, k, false, true);
        x.addRowF32(y.ptr, b.ptr, m, n);
        if (op.sigmoid) x.sigmoidF32(y.ptr, y.ptr, m * n);
      };
    }
    case 'sigmoidGrad': {
      const [y, g, out] = [slots[op.y], slots[op.g], slots[op.output]];
      return () => x.sigmoidBackwardF32(y.ptr, g.ptr, out.ptr, out.count);
    }
    case 'crossEntropy':
    case 'crossEntropyGrad': {
      const [z, labels, out] = [slots[op.z], slots[op.labels], slots[op.output]];
      const rows = labels.count;
      const cols = rows === 0 ? 0 : z.count / rows;
      if (rows === 0) return () => undefined;
      // scratch: the exponentials (whole vectors) and 12 bytes a row, as the kernels ask
      const scratch = () => { arena.reset(); return { e: arena.alloc(((rows * cols + 3) & ~3) * 4), work: arena.alloc(12 * rows + 16) }; };
      if (op.kind === 'crossEntropy') {
        return () => {
          const { e, work } = scratch();
          x.softmaxCrossEntropyF32(z.ptr, labels.ptr, rows, cols, out.ptr, e, work);
        };
      }
      const g = slots[op.g];
      return () => x.softmaxCrossEntropyGradF32(z.ptr, labels.ptr, g.ptr, rows, cols, out.ptr, scratch().work);
    }
    case 'sgd': {
      const [w, g, lr] = [slots[op.w], slots[op.g], slots[op.lr]];
      const rate = (): number => view(lr)[0];
      if (op.momentumBuffer === null) return () => x.sgdF32(w.ptr, g.ptr, w.count, rate(), 0);
      const b = slots[op.momentumBuffer];
      const mu = op.momentum;
      return () => x.sgdMomentumF32(w.ptr, g.ptr, b.ptr, w.count, rate(), mu, 0, 0, 0, 0);
    }
    case 'primitive':
      return compilePrimitive(op, slots, arena, view, data);
  }
}

function compilePrimitive(op: Extract<PlannedOp, { kind: 'primitive' }>, slots: Slot[], arena: Arena, view: (s: Slot) => TypedArray, data: (s: Slot) => TensorData): Step {
  const x = arena.exports;
  const inputs = op.inputs.map((v) => slots[v]);
  const out = slots[op.output];
  const f32 = out.dtype === 'float32' && inputs.every((s) => s.dtype === 'float32');
  if (out.count === 0) return () => undefined;
  if (f32) {
    const unary = unaryExports[op.prim];
    if (unary !== undefined) {
      const [a] = inputs;
      return () => x[unary](a.ptr, out.ptr, out.count);
    }
    const binary = binaryExports[op.prim];
    if (binary !== undefined) {
      const [a, b] = inputs;
      return () => x[binary](a.ptr, b.ptr, out.ptr, out.count);
    }
    if (op.prim === 'matmul') {
      const [a, b] = inputs;
      const { transA, transB } = op.params as { transA: boolean; transB: boolean };
      const rank = out.shape.length;
      const m = out.shape[rank - 2];
      const n = out.shape[rank - 1];
      const k = transA ? a.shape[rank - 2] : a.shape[rank - 1];
      const batch = sizeOf(out.shape.slice(0, rank - 2));
      return () => {
        arena.reset();
        productAt(arena, a.ptr, b.ptr, out.ptr, batch, m, n, k, transA, transB);
      };
    }
    if (op.prim === 'sum') {
      const axes = (op.params as { axes: number[] }).axes;
      const [a] = inputs;
      const consecutive = axes.length > 0 && axes.every((axis, i) => i === 0 || axis === axes[i - 1] + 1);
      if (consecutive) {
        const outer = sizeOf(a.shape.slice(0, axes[0]));
        const reduced = sizeOf(a.shape.slice(axes[0], axes[axes.length - 1] + 1));
        const inner = sizeOf(a.shape.slice(axes[axes.length - 1] + 1));
        return () => {
          arena.reset();
          x.sumF32(a.ptr, out.ptr, outer, reduced, inner, arena.alloc(inner * 8));
        };
      }
    }
  }
  if (op.prim === 'expand') {
    const [a] = inputs;
    return () => expandInto(data(a), out.shape, view(out));
  }
  if (op.prim === 'reshape') {
    const [a] = inputs;
    if (a.ptr === out.ptr) return () => undefined; // an alias (see compilePlan)
    return () => view(out).set(view(a));
  }
  // any other op: its reference kernel over views of the slots, the result copied into place
  const kernel = referenceKernels[op.prim] as Kernel<Prim>;
  const spec = { shape: out.shape, dtype: out.dtype };
  return () => {
    const result = kernel(inputs.map(data), op.params, spec);
    view(out).set(result);
  };
}

