// Rewrite rules of the wasm plan: float32 patterns of a traced graph that run as one fused kernel, each meaning exactly the steps it replaces.
//
// A rule matches steps whose intermediate values nothing else reads, and replaces them with one
// planned op at the position of the last. The rules:
//   linear       add(matmul(x, w, NT), expand(reshape(b)))  [then sigmoid]  -> product, bias, σ in place
//   sigmoidGrad  mul(g, mul(y, sub(expand(1), y)))                          -> g·y·(1 − y) in one pass
//   (a 0-d operand is broadcast as expand(reshape(s)); size-1 shapes skip the expand)
//   regions      softmaxCrossEntropy, softmaxCrossEntropyGrad (composites marked by ops/composite.ts)
//                                                                           -> one row-wise kernel each
//   sgd          assign(w, sub(w, mul(d, expand(lr))))                      -> w ← w − lr·d in place
//                with d = add(mul(b, expand(μ)), g) and assign(b, d)        -> the momentum update too
// Then every step whose inputs are all constants is computed once, here (constant folding).
// To add a rule: match on the producers and use counts below, check every value is float32 and
// that the steps in between touch none of the states it moves, then test it against `interpret`
// in test/backend/wasm-plan.test.ts (the fused plan must give the interpreter's results).

import type { TypedArray } from '../../core/dtype.js';
import type { Prim, PrimParams } from '../../core/primitives.js';
import type { TensorData } from '../../core/tensor-data.js';
import type { Kernel } from '../backend.js';
import type { Graph, GraphStep, ValueId, ValueSource } from '../graph.js';
import { referenceKernels } from '../reference/index.js';

export type PlannedOp =
  | { kind: 'primitive'; prim: Prim; params: PrimParams[Prim]; inputs: readonly ValueId[]; output: ValueId }
  | { kind: 'assign'; target: ValueId; value: ValueId }
  /** output = x·wᵀ + b, then σ if `sigmoid`. */
  | { kind: 'linear'; x: ValueId; w: ValueId; b: ValueId; output: ValueId; sigmoid: boolean }
  /** output = g·y·(1 − y). */
  | { kind: 'sigmoidGrad'; y: ValueId; g: ValueId; output: ValueId }
  /** output[r] = logsumexp(z_r) − z_r[label_r] (the region softmaxCrossEntropy). */
  | { kind: 'crossEntropy'; z: ValueId; labels: ValueId; output: ValueId }
  /** output[r,:] = g[r]·(softmax(z_r) − onehot(label_r)) (the region softmaxCrossEntropyGrad). */
  | { kind: 'crossEntropyGrad'; z: ValueId; labels: ValueId; g: ValueId; output: ValueId }
  /** In place: b ← μb + g (when a buffer is given), then w ← w − lr·(b or g); lr is read at each call. */
  | { kind: 'sgd'; w: ValueId; g: ValueId; lr: ValueId; momentumBuffer: ValueId | null; momentum: number };

/** The values an op reads. */
export function readsOf(op: PlannedOp): ValueId[] {
  switch (op.kind) {
    case 'primitive': return [...op.inputs];
    case 'assign': return [op.value, op.target];
    case 'linear': return [op.x, op.w, op.b];
    case 'sigmoidGrad': return [op.y, op.g];
    case 'crossEntropy': return [op.z, op.labels];
    case 'crossEntropyGrad': return [op.z, op.labels, op.g];
    case 'sgd': return op.momentumBuffer === null ? [op.w, op.g, op.lr] : [op.w, op.g, op.lr, op.momentumBuffer];
  }
}

/** The values an op writes (its output, or the states it updates). */
export function writesOf(op: PlannedOp): ValueId[] {
  switch (op.kind) {
    case 'primitive': case 'linear': case 'sigmoidGrad': case 'crossEntropy': case 'crossEntropyGrad': return [op.output];
    case 'assign': return [op.target];
    case 'sgd': return op.momentumBuffer === null ? [op.w] : [op.w, op.momentumBuffer];
  }
}

type Primitive = Extract<GraphStep, { kind: 'primitive' }>;

/** What a plan runs: ops in program order, each with what it reads and writes, and the values folded at compile time. */
export interface Rewritten {
  ops: Array<PlannedOp & { reads: ValueId[]; writes: ValueId[] }>;
  /** Values computed from constants alone, now constants themselves. */
  folded: Map<ValueId, TypedArray>;
}

/** The graph's steps with every rule applied, constant steps folded and dead steps dropped. */
export function rewrite(graph: Graph): Rewritten {
  const steps: (PlannedOp | null)[] = graph.steps.map((s) => ({ ...s }));
  const producer = new Map<ValueId, number>();
  graph.steps.forEach((s, i) => { if (s.kind === 'primitive') producer.set(s.output, i); });
  const uses = new Array<number>(graph.values.length).fill(0);
  for (const s of graph.steps) for (const v of s.kind === 'primitive' ? s.inputs : [s.value]) uses[v]++;
  for (const v of graph.outputs) uses[v] += 1;
  const f32 = (v: ValueId) => graph.values[v].dtype === 'float32';
  const kind = (v: ValueId) => graph.values[v].source.kind;

  /** The primitive step that made `v`, if it is `prim`, still unrewritten and read only `readers` times. */
  const made = (v: ValueId, prim: Prim, readers = 1): { step: Primitive; at: number } | null => {
    const at = producer.get(v);
    if (at === undefined || uses[v] !== readers) return null;
    const step = steps[at];
    return step?.kind === 'primitive' && step.prim === prim ? { step: step as Primitive, at } : null;
  };
  /** The 0-d value an `expand` input broadcasts (looking through the reshape that adds its unit axes), and the steps that make up that look-through. */
  const broadcastScalar = (v: ValueId): { value: ValueId; steps: number[] } | null => {
    if (graph.values[v].shape.some((d) => d !== 1)) return null;
    const reshape = made(v, 'reshape');
    if (reshape) return graph.values[reshape.step.inputs[0]].shape.length === 0 ? { value: reshape.step.inputs[0], steps: [reshape.at] } : null;
    return graph.values[v].shape.length === 0 ? { value: v, steps: [] } : null;
  };
  /** A 0-d value broadcast to an operand's shape: expand(reshape(s)), reshape(s) or s itself (size-1 shapes skip the expand), with the steps to drop. */
  const broadcastOperand = (v: ValueId): { value: ValueId; steps: number[] } | null => {
    const expand = made(v, 'expand');
    const inner = broadcastScalar(expand ? expand.step.inputs[0] : v);
    return inner && { value: inner.value, steps: expand ? [expand.at, ...inner.steps] : inner.steps };
  };
  const scalarConstant = (v: ValueId): number | null => {
    const source = graph.values[v].source;
    return source.kind === 'constant' && source.data.data.length === 1 ? source.data.data[0] : null;
  };
  /** Whether a step strictly between `from` and `to` (not in `skip`) writes (or, unless `writesOnly`, reads) one of `values`. */
  const touched = (from: number, to: number, values: ValueId[], skip: Set<number>, writesOnly = false): boolean => {
    for (let i = from + 1; i < to; i++) {
      const s = steps[i];
      if (s === null || skip.has(i)) continue;
      if ([...(writesOnly ? [] : readsOf(s)), ...writesOf(s)].some((v) => values.includes(v))) return true;
    }
    return false;
  };
  const replace = (at: number, removed: number[], op: PlannedOp) => {
    for (const i of removed) steps[i] = null;
    steps[at] = op;
  };

  // sgd: assign(w, sub(w, mul(d, expand(lr)))), with the momentum chain when d is one
  graph.steps.forEach((s, i) => {
    if (s.kind !== 'assign' || kind(s.target) !== 'state' || !f32(s.target)) return;
    const w = s.target;
    const sub = made(s.value, 'sub');
    if (!sub || sub.step.inputs[0] !== w) return;
    const mul = made(sub.step.inputs[1], 'mul');
    if (!mul) return;
    const [p, q] = mul.step.inputs;
    const lrOperand = broadcastOperand(q) ?? broadcastOperand(p);
    if (!lrOperand) return;
    const d = broadcastOperand(q) ? p : q;
    const lr = lrOperand.value;
    if (kind(lr) !== 'state' || !f32(lr) || !f32(d)) return;
    const removed = [sub.at, mul.at, ...lrOperand.steps];
    // momentum: d = add(mul(b, expand(μ)), g) with assign(b, d) earlier
    const add = made(d, 'add', 2);
    const assignB = add ? graph.steps.findIndex((t) => t.kind === 'assign' && t.value === d && kind(t.target) === 'state') : -1;
    if (add && assignB >= 0 && assignB < i) {
      const b = (graph.steps[assignB] as Extract<GraphStep, { kind: 'assign' }>).target;
      for (const [decay, g] of [[add.step.inputs[0], add.step.inputs[1]], [add.step.inputs[1], add.step.inputs[0]]]) {
        const scaled = made(decay, 'mul');
        if (!scaled || !f32(g) || !f32(b)) continue;
        const [r, t] = scaled.step.inputs;
        const muOperand = r === b ? broadcastOperand(t) : t === b ? broadcastOperand(r) : null;
        const mu = muOperand ? scalarConstant(muOperand.value) : null;
        if (!muOperand || mu === null) continue;
        const all = [...removed, add.at, scaled.at, ...muOperand.steps, assignB];
        if (touched(Math.min(...all), i, [w, b], new Set(all))) continue;
        replace(i, all, { kind: 'sgd', w, g, lr, momentumBuffer: b, momentum: mu });
        return;
      }
    }
    if (touched(Math.min(...removed), i, [w], new Set(removed))) return;
    replace(i, removed, { kind: 'sgd', w, g: d, lr, momentumBuffer: null, momentum: 0 });
  });

  // composites (ops/composite.ts) with a fused kernel: all of a region's steps become one op, when
  // nothing outside the region reads a value made inside it but its result
  graph.regions.forEach((region, r) => {
    const at = graph.steps.flatMap((s, i) => (s.kind === 'primitive' && s.region === r ? [i] : []));
    if (at.length === 0 || region.output < 0 || !at.some((i) => (graph.steps[i] as Primitive).output === region.output)) return;
    const inside = new Set(at.map((i) => (graph.steps[i] as Primitive).output));
    const leaks = graph.steps.some((s, i) => !at.includes(i) && (s.kind === 'primitive' ? s.inputs : [s.value, s.target]).some((v) => inside.has(v) && v !== region.output))
      || graph.outputs.some((v) => inside.has(v) && v !== region.output);
    if (leaks || at.some((i) => steps[i] === null || steps[i]?.kind !== 'primitive')) return;
    const [z, labels, g] = region.inputs;
    const fits = f32(z) && graph.values[labels]?.dtype === 'int32' && graph.values[z].shape.length >= 1 && f32(region.output);
    const last = at[at.length - 1];
    if (region.name === 'softmaxCrossEntropy' && region.inputs.length === 2 && fits) {
      replace(last, at, { kind: 'crossEntropy', z, labels, output: region.output });
    } else if (region.name === 'softmaxCrossEntropyGrad' && region.inputs.length === 3 && fits && f32(g)) {
      replace(last, at, { kind: 'crossEntropyGrad', z, labels, g, output: region.output });
    }
  });

  // linear: add(matmul(x, w, NT), expand(bias [1,n])), then σ if the sum's only reader is a sigmoid
  graph.steps.forEach((s, i) => {
    if (s.kind !== 'primitive' || s.prim !== 'add' || steps[i] === null || !f32(s.output)) return;
    for (const [pv, ev] of [[s.inputs[0], s.inputs[1]], [s.inputs[1], s.inputs[0]]]) {
      const product = made(pv, 'matmul');
      const expand = made(ev, 'expand');
      if (!product || !expand) continue;
      const { transA, transB } = product.step.params as PrimParams['matmul'];
      const [x, w] = product.step.inputs;
      if (transA || !transB || graph.values[x].shape.length !== 2 || !f32(x) || !f32(w)) continue;
      let bias = expand.step.inputs[0];
      const removed = [product.at, expand.at];
      if (graph.values[bias].shape.length !== 2 || graph.values[bias].shape[0] !== 1 || !f32(bias)) continue;
      const reshape = made(bias, 'reshape');
      if (reshape && graph.values[reshape.step.inputs[0]].shape.length === 1) {
        bias = reshape.step.inputs[0];
        removed.push(reshape.at);
      }
      let at = i;
      let output = s.output;
      let sigmoid = false;
      const next = uses[s.output] === 1 ? steps.findIndex((t, j) => j > i && t?.kind === 'primitive' && t.inputs.includes(s.output)) : -1;
      const reader = next >= 0 ? (steps[next] as Extract<PlannedOp, { kind: 'primitive' }>) : null;
      if (reader && reader.prim === 'sigmoid') {
        removed.push(i);
        at = next;
        output = reader.output;
        sigmoid = true;
      }
      if (touched(product.at, at, [x, w, bias], new Set(removed), true)) continue;
      replace(at, removed, { kind: 'linear', x, w, b: bias, output, sigmoid });
      return;
    }
  });

  // sigmoidGrad: mul(g, mul(y, sub(expand(1), y)))
  graph.steps.forEach((s, i) => {
    if (s.kind !== 'primitive' || s.prim !== 'mul' || steps[i] === null || !f32(s.output)) return;
    for (const [g, sv] of [[s.inputs[0], s.inputs[1]], [s.inputs[1], s.inputs[0]]]) {
      const inner = made(sv, 'mul');
      if (!inner) continue;
      for (const [y, dv] of [[inner.step.inputs[0], inner.step.inputs[1]], [inner.step.inputs[1], inner.step.inputs[0]]]) {
        const oneMinus = made(dv, 'sub');
        if (!oneMinus || oneMinus.step.inputs[1] !== y || !f32(y) || !f32(g)) continue;
        const one = broadcastOperand(oneMinus.step.inputs[0]);
        if (!one || scalarConstant(one.value) !== 1) continue;
        replace(i, [inner.at, oneMinus.at, ...one.steps], { kind: 'sigmoidGrad', y, g, output: s.output });
        return;
      }
    }
  });

  // fold steps whose inputs are all constants (a broadcast literal, a class index range): their
  // values are computed here, once, by the reference kernels
  const folded = new Map<ValueId, TypedArray>();
  const constant = (v: ValueId) => kind(v) === 'constant' || folded.has(v);
  const constantData = (v: ValueId): TensorData => {
    const value = graph.values[v];
    const data = folded.get(v) ?? (value.source as Extract<ValueSource, { kind: 'constant' }>).data.data;
    return { data, shape: value.shape, dtype: value.dtype };
  };
  steps.forEach((op, i) => {
    if (op?.kind !== 'primitive' || !op.inputs.every(constant)) return;
    const out = graph.values[op.output];
    folded.set(op.output, (referenceKernels[op.prim] as Kernel<Prim>)(op.inputs.map(constantData), op.params, out));
    steps[i] = null;
  });

  // drop steps whose results nothing reads (a rule's leftovers, such as an expanded constant)
  const live = steps.filter((s): s is PlannedOp => s !== null);
  for (;;) {
    const read = new Set<ValueId>(graph.outputs);
    for (const op of live) for (const v of readsOf(op)) read.add(v);
    const before = live.length;
    for (let j = live.length - 1; j >= 0; j--) {
      const op = live[j];
      if (op.kind === 'primitive' && !read.has(op.output)) live.splice(j, 1);
    }
    if (live.length === before) break;
  }
  return { ops: live.map((op) => ({ ...op, reads: readsOf(op), writes: writesOf(op) })), folded };
}
