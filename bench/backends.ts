// Reference vs wasm backend: GEMM GFLOP/s (1024³ and the MLP's products, NN/NT/TN), seconds per MNIST epoch of the autograd MLP, a step profile and the graph-free floor.

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
import { kernelArena, kernelFlavour } from '../src/backend/wasm/module.js';
import { printProfile, profileStep, type StepProfile } from './profile.js';
import { installNodeWasmLoader } from '../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

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

/**
 * The floor of the kernels: one training step of 784-128-64-10 written directly on the wasm
 * backend's kernels (linear with its sigmoid, sigmoidGrad, softmax cross-entropy and its gradient, the
 * weight-gradient products, column sums, the SGD update), with no graph, no Tensor and no
 * autodiff. Same recipe and batch order as benchEpochBackends; seconds per epoch from the median
 * of 50-step blocks, and the mean loss of the last block (to show it trains). The gap between
 * this and the autograd epoch is what the graph and its bookkeeping cost.
 */
export function benchKernelFloorEpoch(options: { steps?: number; warmup?: number; images?: number; train?: Split } = {}): { epochSeconds: number; bestEpochSeconds: number; steps: number; epochSteps: number; lastLoss: number } {
  const train = options.train ?? loadMnist().train;
  const epochSteps = Math.ceil((options.images ?? 60000) / 64);
  const steps = Math.min(options.steps ?? epochSteps, epochSteps);
  const warmup = options.warmup ?? 20;
  const k = wasmBackend().kernels;
  const sgd = wasmBackend().updates!.sgdF32!;
  const widths = [784, 128, 64, 10];
  // glorot-uniform weights [out, in], zero biases
  const W = widths.slice(1).map((out, l) => randomFloat32(out * widths[l], 100 + l).map((u) => 2 * u * Math.sqrt(6 / (widths[l] + out))));
  const b = widths.slice(1).map((out) => new Float32Array(out));
  const td = (data: Float32Array | Int32Array, shape: number[]) => ({ data, shape, dtype: data instanceof Int32Array ? ('int32' as const) : ('float32' as const) });
  const f32 = (shape: number[]) => ({ shape, dtype: 'float32' as const });
  const none = {} as Record<string, never>;
  const sgdStep = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, first: false };
  const step = (x: Float32Array, labels: Int32Array, n: number): number => {
    const [i0, h1w, h2w, o] = widths;
    const layer = (a: Float32Array, l: number, fanIn: number, fanOut: number, activation: 'none' | 'sigmoid') =>
      k.linear([td(a, [n, fanIn]), td(W[l], [fanOut, fanIn]), td(b[l], [fanOut])], { activation }, f32([n, fanOut])) as Float32Array;
    const h1 = layer(x, 0, i0, h1w, 'sigmoid');
    const h2 = layer(h1, 1, h1w, h2w, 'sigmoid');
    const z3 = layer(h2, 2, h2w, o, 'none');
    const loss = k.softmaxCrossEntropy([td(z3, [n, o]), td(labels, [n])], none, f32([n]));
    const dz3 = k.softmaxCrossEntropyGrad([td(z3, [n, o]), td(labels, [n]), td(new Float32Array(n).fill(1 / n), [n])], none, f32([n, o])) as Float32Array;
    const back = (dz: Float32Array, l: number, fanIn: number, fanOut: number) => k.matmul([td(dz, [n, fanOut]), td(W[l], [fanOut, fanIn])], { transA: false, transB: false }, f32([n, fanIn])) as Float32Array;
    const dz2 = k.sigmoidGrad([td(h2, [n, h2w]), td(back(dz3, 2, h2w, o), [n, h2w])], none, f32([n, h2w])) as Float32Array;
    const dz1 = k.sigmoidGrad([td(h1, [n, h1w]), td(back(dz2, 1, h1w, h2w), [n, h1w])], none, f32([n, h1w])) as Float32Array;
    const grads = ([[dz1, x, h1w, i0], [dz2, h1, h2w, h1w], [dz3, h2, o, h2w]] as const).map(([dz, a, fanOut, fanIn]) => [
      k.matmul([td(dz, [n, fanOut]), td(a, [n, fanIn])], { transA: true, transB: false }, f32([fanOut, fanIn])) as Float32Array,
      k.sum([td(dz, [n, fanOut])], { axes: [0] }, f32([1, fanOut])) as Float32Array,
    ]);
    grads.forEach(([gW, gb], l) => {
      sgd(W[l], gW, null, sgdStep);
      sgd(b[l], gb, null, sgdStep);
    });
    let total = 0;
    for (const v of loss) total += v;
    return total / n;
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

/** The GEMM and epoch tables, the wasm step profile and the kernel floor; `quick` times fewer trials, skips the reference on 1024³ and extrapolates the epochs. */
export function runBackendBenchmarks(quick = false): { gemm: GemmRow[]; epoch: EpochRow[]; profile: StepProfile | null } {
  const gemm = benchGemmBackends([...squareGemmCases(1024), ...mlpGemmCases()], {
    trials: quick ? 3 : 5,
    trialSeconds: quick ? 0.05 : 0.2,
    skip: (backend, c) => quick && backend.name === 'reference' && c.m * c.k * c.n > 1e8,
  });
  printGemmBackends(gemm);
  const epoch = benchEpochBackends({ steps: quick ? { reference: 100, wasm: 300 } : { reference: 300 } });
  printEpochBackends(epoch);
  let profile: StepProfile | null = null;
  if (simdSupported()) {
    console.log(`\nwasm kernels: ${kernelFlavour()} build`);
    profile = profileStep(wasmBackend(), { steps: quick ? 200 : 500 });
    printProfile(profile);
    const floor = benchKernelFloorEpoch({ steps: quick ? 300 : undefined });
    const timed = floor.steps < floor.epochSteps ? `${floor.steps} of ${floor.epochSteps} steps, extrapolated` : 'full epoch';
    console.log(`the same step straight on the wasm kernels (no graph, no Tensor): ${floor.epochSeconds.toFixed(2)} s/epoch, best block ${floor.bestEpochSeconds.toFixed(2)} (${timed}; mean loss of the last 50 steps ${floor.lastLoss.toFixed(3)})`);
  }
  return { gemm, epoch, profile };
}

if (process.argv[1]?.endsWith('backends.ts')) runBackendBenchmarks(process.argv.includes('--quick'));
