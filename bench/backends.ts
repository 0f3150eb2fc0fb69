// Reference vs wasm backend: GEMM GFLOP/s (1024³ and the MLP's products, NN/NT/TN) and seconds per MNIST epoch of the autograd MLP.

import { timeTrials } from './timing.js';
import { cpus, loadavg } from 'node:os';
import type { Backend, Kernel } from '../src/backend/backend.js';
import { getBackend, setBackend } from '../src/backend/registry.js';
import { referenceBackend } from '../src/backend/reference/index.js';
import { simdSupported, wasmBackend } from '../src/backend/select.js';
import { batches, shuffledIndices, type Split } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/mnist.js';
import { AutogradLearner } from '../src/mnist/autograd.js';
import { defaultConfig } from '../src/train/config.js';
import { kernelArena } from '../src/backend/wasm/module.js';
import { biasSigmoidF32, sgdUpdateF32, sigmoidBackwardF32, softmaxCrossEntropyF32 } from '../src/backend/wasm/fused.js';
import { add, crossEntropy, gradients, mul, sigmoid, sub, tensor, type Tensor } from '../src/index.js';

export type GemmForm = 'NN' | 'NT' | 'TN';

export interface GemmCase {
  label: string;
  m: number;
  k: number;
  n: number;
  form: GemmForm;
}

export interface GemmRow extends GemmCase {
  /** Median GFLOP/s over the trials, per backend name. */
  gflops: Record<string, number>;
  /** Best GFLOP/s over the trials: the figure when no other process shares the core. */
  bestGflops: Record<string, number>;
}

/**
 * The products one training step of 784-128-64-10 at batch 64 runs: per layer the forward
 * y = x·Wᵀ (NT), the input gradient G·W (NN, absent for the first layer) and the weight gradient
 * Gᵀ·x (TN); and each layer's forward shape in all three forms.
 */
export function mlpGemmCases(batch = 64, widths = [784, 128, 64, 10]): GemmCase[] {
  const cases: GemmCase[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    for (const form of ['NN', 'NT', 'TN'] as const) cases.push({ label: `layer ${l + 1} fwd shape`, m: batch, k: fanIn, n: fanOut, form });
    cases.push({ label: `layer ${l + 1} dX = G·W`, m: batch, k: fanOut, n: fanIn, form: 'NN' });
    cases.push({ label: `layer ${l + 1} dW = Gᵀ·X`, m: fanOut, k: batch, n: fanIn, form: 'TN' });
  }
  return cases;
}

export function squareGemmCases(size = 1024): GemmCase[] {
  return (['NN', 'NT', 'TN'] as const).map((form) => ({ label: `${size}³`, m: size, k: size, n: size, form }));
}


function medianSeconds(fn: () => void, trials: number, trialSeconds: number): number {
  return timeTrials(fn, trials, trialSeconds).median;
}

function randomFloat32(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // an LCG is enough for benchmark data
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
}

export function defaultBackends(): Backend[] {
  return simdSupported() ? [referenceBackend, wasmBackend()] : [referenceBackend];
}

/**
 * Times each backend's matmul kernel (copies into and out of wasm memory included: that is what
 * an op pays) on each case, and for wasm also the GEMM export alone ('wasm gemm', unless
 * `core: false`). 2·m·k·n flops per product.
 */
export function benchGemmBackends(
  cases: GemmCase[],
  options: { backends?: Backend[]; trials?: number; trialSeconds?: number; skip?: (backend: Backend, c: GemmCase) => boolean; core?: boolean } = {},
): GemmRow[] {
  const backends = options.backends ?? defaultBackends();
  const trials = options.trials ?? 5;
  const trialSeconds = options.trialSeconds ?? 0.2;
  return cases.map((c) => {
    const { m, k, n, form } = c;
    const transA = form === 'TN';
    const transB = form === 'NT';
    const A = { data: randomFloat32(m * k, 1), shape: transA ? [k, m] : [m, k], dtype: 'float32' as const };
    const B = { data: randomFloat32(k * n, 2), shape: transB ? [n, k] : [k, n], dtype: 'float32' as const };
    const out = { shape: [m, n], dtype: 'float32' as const };
    const gflops: Record<string, number> = {};
    const bestGflops: Record<string, number> = {};
    const record = (name: string, t: { median: number; best: number }) => {
      gflops[name] = (2 * m * k * n) / t.median / 1e9;
      bestGflops[name] = (2 * m * k * n) / t.best / 1e9;
    };
    for (const backend of backends) {
      if (options.skip?.(backend, c)) continue;
      const kernel: Kernel<'matmul'> = backend.kernels.matmul;
      record(backend.name, timeTrials(() => void kernel([A, B], { transA, transB }, out), trials, trialSeconds));
      if (backend.name === 'wasm' && options.core !== false) {
        // the GEMM alone, on operands already in linear memory: what the copies cost is the difference
        const arena = kernelArena();
        arena.reset();
        const pa = arena.allocF32(A.data.length, A.data);
        const pb = arena.allocF32(B.data.length, B.data);
        const pc = arena.allocF32(m * n);
        const work = arena.alloc(arena.exports.gemmWorkBytes(m, n, k));
        const gemm = arena.exports.gemm;
        record('wasm gemm', timeTrials(() => gemm(pa, pb, pc, m, n, k, transA ? 1 : 0, transB ? 1 : 0, work), trials, trialSeconds));
      }
    }
    return { ...c, gflops, bestGflops };
  });
}

/** Backend names in a fixed order: the reference first, as the baseline of the ratios. */
function backendOrder(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => Number(b === 'reference') - Number(a === 'reference'));
}

/** The load average and core count: on a shared machine other processes take cycles from the timings. */
export function machineNote(): string {
  const [one] = loadavg();
  return `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), load average ${one.toFixed(2)}`;
}

export function printGemmBackends(rows: GemmRow[]): void {
  const names = backendOrder(rows.flatMap((r) => Object.keys(r.gflops)));
  console.log(`\nmatmul GFLOP/s, float32, 1 thread: median (best) of trials; ${machineNote()}`);
  console.log(`${'product'.padEnd(22)} ${'m×k×n'.padEnd(15)} form ${names.map((n) => n.padStart(15)).join('')}${names.length > 1 ? '  speed-up' : ''}`);
  if (names.includes('wasm gemm')) console.log(`('wasm gemm': the GEMM export on operands already in linear memory, no copies or output allocation)`);
  for (const r of rows) {
    const figures = names.map((name) => (r.gflops[name] === undefined ? '—' : `${r.gflops[name].toFixed(1)} (${r.bestGflops[name].toFixed(1)})`).padStart(15)).join('');
    const [a, b] = [r.gflops.reference, r.gflops.wasm];
    const ratio = a !== undefined && b !== undefined ? `${(b / a).toFixed(1)}×`.padStart(10) : '';
    console.log(`${r.label.padEnd(22)} ${`${r.m}×${r.k}×${r.n}`.padEnd(15)} ${r.form.padEnd(4)} ${figures}${ratio}`);
  }
}

export interface EpochRow {
  backend: string;
  /** Training steps timed (after `warmup` untimed ones). */
  steps: number;
  /** Steps in one full epoch: ⌈images / batch⌉. */
  epochSteps: number;
  /** Median seconds per step over the timed steps' blocks, times epochSteps. */
  epochSeconds: number;
  /** The fastest block's seconds per step, times epochSteps. */
  bestEpochSeconds: number;
  samplesPerSecond: number;
  /** True when fewer steps than an epoch were timed. */
  extrapolated: boolean;
}

/**
 * The course recipe (784-128-64-10, sigmoid, cross-entropy, SGD lr 0.1 without momentum, batch
 * 64) trained with the autograd learner on each backend; `steps` per backend are timed after
 * `warmup`, in blocks of 50 whose median gives seconds per step, and an epoch is
 * ⌈images/64⌉ steps (60,000 images by default, the full MNIST training file).
 */
export function benchEpochBackends(
  options: { backends?: Backend[]; steps?: Record<string, number>; warmup?: number; images?: number; train?: Split } = {},
): EpochRow[] {
  const backends = options.backends ?? defaultBackends();
  const train = options.train ?? loadMnist().train;
  const images = options.images ?? 60000;
  const batch = 64;
  const epochSteps = Math.ceil(images / batch);
  const warmup = options.warmup ?? 20;
  const previous = getBackend();
  const rows: EpochRow[] = [];
  try {
    for (const backend of backends) {
      setBackend(backend);
      const steps = Math.min(options.steps?.[backend.name] ?? epochSteps, epochSteps);
      const learner = new AutogradLearner({ ...defaultConfig, momentum: 0 });
      const blockTimes: number[] = [];
      let done = 0;
      let blockStart = 0;
      const blockSize = Math.min(50, steps);
      let epoch = 0;
      while (done < warmup + steps) {
        for (const b of batches(train, shuffledIndices(train.count, 1, epoch++), batch, { reuse: true })) {
          if (done === warmup) blockStart = performance.now();
          learner.trainStep(b, 0.1);
          done++;
          if (done > warmup && (done - warmup) % blockSize === 0) {
            const now = performance.now();
            blockTimes.push((now - blockStart) / 1000 / blockSize);
            blockStart = now;
          }
          if (done === warmup + steps) break;
        }
      }
      blockTimes.sort((a, b) => a - b);
      const perStep = blockTimes[Math.floor(blockTimes.length / 2)];
      rows.push({
        backend: backend.name, steps, epochSteps, epochSeconds: perStep * epochSteps, bestEpochSeconds: blockTimes[0] * epochSteps,
        samplesPerSecond: batch / perStep, extrapolated: steps < epochSteps,
      });
    }
  } finally {
    setBackend(previous);
  }
  return rows;
}

export function printEpochBackends(rows: EpochRow[]): void {
  console.log(`\nautograd MLP 784-128-64-10 sigmoid, SGD lr 0.1 momentum 0, batch 64: seconds per epoch (60,000 images); ${machineNote()}`);
  console.log(`${'backend'.padEnd(10)} ${'s/epoch'.padStart(9)} ${'(best)'.padStart(8)} ${'samples/s'.padStart(10)}  ${'timed (median of 50-step blocks)'}`);
  const base = rows[0];
  for (const r of rows) {
    const note = r.extrapolated ? `${r.steps} of ${r.epochSteps} steps, extrapolated` : `${r.steps} steps (full epoch)`;
    const ratio = r === base ? '' : `   ${(base.epochSeconds / r.epochSeconds).toFixed(1)}× faster than ${base.backend}`;
    console.log(`${r.backend.padEnd(10)} ${r.epochSeconds.toFixed(2).padStart(9)} ${`(${r.bestEpochSeconds.toFixed(2)})`.padStart(8)} ${Math.round(r.samplesPerSecond).toString().padStart(10)}  ${note}${ratio}`);
  }
}

export interface FusedRow {
  name: string;
  /** Times per training step of 784-128-64-10. */
  perStep: number;
  /** Milliseconds per call: the composed ops on the wasm backend, and the fused kernel. */
  composedMs: number;
  fusedMs: number;
}

function tensorOf(data: Float32Array, shape: number[]): Tensor {
  return tensor(data, { shape, dtype: 'float32' });
}

/**
 * Each fused kernel of src/backend/wasm/fused.ts against what the training step runs today on the
 * wasm backend: the composed ops with graph recording (forward), the VJP's op expression
 * (backward), and the SGD optimizer's own loop.
 */
export function benchFusedProposals(options: { trials?: number; trialSeconds?: number } = {}): FusedRow[] {
  const trials = options.trials ?? 5;
  const trialSeconds = options.trialSeconds ?? 0.1;
  const ms = (fn: () => void) => medianSeconds(fn, trials, trialSeconds) * 1000;
  const previous = setBackend(wasmBackend());
  const rows: FusedRow[] = [];
  try {
    const learner = new AutogradLearner({ ...defaultConfig, momentum: 0 });
    const params = learner.model.parameters();
    for (const [i, p] of params.entries()) p.grad = tensorOf(randomFloat32(p.size, 10 + i).map((v) => v * 1e-6), [...p.shape]);
    learner.optimizer.lr = 1e-9; // keep the weights where they are while timing
    rows.push({
      name: 'SGD update, 109,386 params', perStep: 1,
      composedMs: ms(() => learner.optimizer.step()),
      fusedMs: ms(() => { for (const p of params) sgdUpdateF32(p.data as Float32Array, p.grad!.data as Float32Array, 1e-9); }),
    });
    for (const cols of [128, 64]) {
      const z = tensorOf(randomFloat32(64 * cols, 1), [64, cols]).requireGrad();
      const b = tensorOf(randomFloat32(cols, 2), [cols]).requireGrad();
      rows.push({
        name: `bias + sigmoid [64,${cols}]`, perStep: 1,
        composedMs: ms(() => void sigmoid(add(z, b))),
        fusedMs: ms(() => void biasSigmoidF32(z.data as Float32Array, b.data as Float32Array, 64, cols)),
      });
      const y = tensorOf(randomFloat32(64 * cols, 3).map((v) => v + 0.5), [64, cols]);
      const g = tensorOf(randomFloat32(64 * cols, 4), [64, cols]);
      rows.push({
        name: `sigmoid backward [64,${cols}]`, perStep: 1,
        composedMs: ms(() => void mul(g, mul(y, sub(1, y)))),
        fusedMs: ms(() => void sigmoidBackwardF32(y.data as Float32Array, g.data as Float32Array)),
      });
    }
    const logits = tensorOf(randomFloat32(640, 5).map((v) => 8 * v), [64, 10]).requireGrad();
    const labels = tensor(Array.from({ length: 64 }, (_, i) => (i * 3) % 10), { dtype: 'int32' });
    rows.push({
      name: 'softmax + cross-entropy, fwd + grad [64,10]', perStep: 1,
      composedMs: ms(() => void gradients(crossEntropy(logits, labels, { reduction: 'sum' }).div(64), [logits])),
      fusedMs: ms(() => void softmaxCrossEntropyF32(logits.data as Float32Array, labels.data as Int32Array, 64, 10, 1 / 64)),
    });
  } finally {
    setBackend(previous);
  }
  return rows;
}

export function printFusedProposals(rows: FusedRow[], epochSteps = 938): void {
  console.log(`\nfused kernels on the wasm backend, ms per call ("composed" is what training runs today; the SGD update is already the wasm kernel, the others are proposals); ${machineNote()}`);
  console.log(`${'kernel'.padEnd(44)} ${'composed'.padStart(9)} ${'fused'.padStart(9)} ${'saved/epoch'.padStart(12)}`);
  let total = 0;
  for (const r of rows) {
    const saved = ((r.composedMs - r.fusedMs) * r.perStep * epochSteps) / 1000;
    total += saved;
    console.log(`${r.name.padEnd(44)} ${r.composedMs.toFixed(4).padStart(9)} ${r.fusedMs.toFixed(4).padStart(9)} ${`${saved.toFixed(2)} s`.padStart(12)}`);
  }
  console.log(`${'total saved per epoch'.padEnd(64)} ${`${total.toFixed(2)} s`.padStart(12)}`);
}

/**
 * The floor these kernels set: one training step of 784-128-64-10 written directly on the wasm
 * kernels (GEMMs, fused bias+sigmoid, sigmoid backward, softmax+cross-entropy, column sums, SGD),
 * with no graph, no Tensor and no autodiff. Same recipe and batch order as benchEpochBackends;
 * returns seconds per epoch from the median of 50-step blocks, and the mean loss of the last block
 * (to show it trains).
 */
export function benchHandFusedEpoch(options: { steps?: number; warmup?: number; images?: number; train?: Split } = {}): { epochSeconds: number; bestEpochSeconds: number; steps: number; epochSteps: number; lastLoss: number } {
  const train = options.train ?? loadMnist().train;
  const epochSteps = Math.ceil((options.images ?? 60000) / 64);
  const steps = Math.min(options.steps ?? epochSteps, epochSteps);
  const warmup = options.warmup ?? 20;
  const mm = wasmBackend().kernels.matmul;
  const colSum = wasmBackend().kernels.sum;
  const widths = [784, 128, 64, 10];
  // glorot-uniform weights [out, in], zero biases
  const W = widths.slice(1).map((out, l) => randomFloat32(out * widths[l], 100 + l).map((u) => 2 * u * Math.sqrt(6 / (widths[l] + out))));
  const b = widths.slice(1).map((out) => new Float32Array(out));
  const td = (data: Float32Array, shape: number[]) => ({ data, shape, dtype: 'float32' as const });
  const product = (a: Float32Array, aShape: number[], w: Float32Array, wShape: number[], transA: boolean, transB: boolean, out: number[]) =>
    mm([td(a, aShape), td(w, wShape)], { transA, transB }, { shape: out, dtype: 'float32' }) as Float32Array;
  const step = (x: Float32Array, labels: Int32Array, n: number): number => {
    const [i0, h1w, h2w, o] = widths;
    const h1 = biasSigmoidF32(product(x, [n, i0], W[0], [h1w, i0], false, true, [n, h1w]), b[0], n, h1w);
    const h2 = biasSigmoidF32(product(h1, [n, h1w], W[1], [h2w, h1w], false, true, [n, h2w]), b[1], n, h2w);
    const z3 = product(h2, [n, h2w], W[2], [o, h2w], false, true, [n, o]);
    for (let r = 0; r < n; r++) for (let c = 0; c < o; c++) z3[r * o + c] += b[2][c];
    const { lossSum, grad: dz3 } = softmaxCrossEntropyF32(z3, labels, n, o, 1 / n);
    const dz2 = sigmoidBackwardF32(h2, product(dz3, [n, o], W[2], [o, h2w], false, false, [n, h2w]));
    const dz1 = sigmoidBackwardF32(h1, product(dz2, [n, h2w], W[1], [h2w, h1w], false, false, [n, h1w]));
    const grads: Array<[Float32Array, Float32Array]> = [
      [product(dz1, [n, h1w], x, [n, i0], true, false, [h1w, i0]), colSum([td(dz1, [n, h1w])], { axes: [0] }, { shape: [1, h1w], dtype: 'float32' }) as Float32Array],
      [product(dz2, [n, h2w], h1, [n, h1w], true, false, [h2w, h1w]), colSum([td(dz2, [n, h2w])], { axes: [0] }, { shape: [1, h2w], dtype: 'float32' }) as Float32Array],
      [product(dz3, [n, o], h2, [n, h2w], true, false, [o, h2w]), colSum([td(dz3, [n, o])], { axes: [0] }, { shape: [1, o], dtype: 'float32' }) as Float32Array],
    ];
    grads.forEach(([gW, gb], l) => {
      sgdUpdateF32(W[l], gW, 0.1);
      sgdUpdateF32(b[l], gb, 0.1);
    });
    return lossSum / n;
  };
  const blockTimes: number[] = [];
  const blockSize = Math.min(50, steps);
  let done = 0;
  let blockStart = 0;
  let blockLoss = 0;
  let lastLoss = NaN;
  for (let epoch = 0; done < warmup + steps; epoch++) {
    for (const batch of batches(train, shuffledIndices(train.count, 1, epoch), 64, { reuse: true })) {
      if (done === warmup) blockStart = performance.now();
      blockLoss += step(batch.images.subarray(0, batch.size * 784), batch.labels.subarray(0, batch.size), batch.size);
      done++;
      if (done > warmup && (done - warmup) % blockSize === 0) {
        const now = performance.now();
        blockTimes.push((now - blockStart) / 1000 / blockSize);
        blockStart = now;
        lastLoss = blockLoss / blockSize;
      }
      if (done % blockSize === 0) blockLoss = 0;
      if (done === warmup + steps) break;
    }
  }
  blockTimes.sort((p, q) => p - q);
  return { epochSeconds: blockTimes[Math.floor(blockTimes.length / 2)] * epochSteps, bestEpochSeconds: blockTimes[0] * epochSteps, steps, epochSteps, lastLoss };
}

/** Both tables; `quick` times fewer trials, skips the reference on 1024³ and extrapolates both epochs. */
export function runBackendBenchmarks(quick = false): { gemm: GemmRow[]; epoch: EpochRow[]; fused: FusedRow[] } {
  const gemm = benchGemmBackends([...squareGemmCases(1024), ...mlpGemmCases()], {
    trials: quick ? 3 : 5,
    trialSeconds: quick ? 0.05 : 0.2,
    skip: (backend, c) => quick && backend.name === 'reference' && c.m * c.k * c.n > 1e8,
  });
  printGemmBackends(gemm);
  const epoch = benchEpochBackends({ steps: quick ? { reference: 100, wasm: 300 } : { reference: 300 } });
  printEpochBackends(epoch);
  const fused = simdSupported() ? benchFusedProposals({ trials: quick ? 3 : 5, trialSeconds: quick ? 0.05 : 0.1 }) : [];
  if (fused.length > 0) {
    printFusedProposals(fused);
    const floor = benchHandFusedEpoch({ steps: quick ? 300 : undefined });
    const timed = floor.steps < floor.epochSteps ? `${floor.steps} of ${floor.epochSteps} steps, extrapolated` : 'full epoch';
    console.log(`hand-fused step on the wasm kernels (no graph, no Tensor): ${floor.epochSeconds.toFixed(2)} s/epoch, best block ${floor.bestEpochSeconds.toFixed(2)} (${timed}; mean loss of the last 50 steps ${floor.lastLoss.toFixed(3)})`);
  }
  return { gemm, epoch, fused };
}

if (process.argv[1]?.endsWith('backends.ts')) runBackendBenchmarks(process.argv.includes('--quick'));
