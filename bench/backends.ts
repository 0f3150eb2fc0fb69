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
  options: { backends?: Backend[]; steps?: Record<string, number>; warmup?: number; images?: number; train?: Split; jit?: boolean; hidden?: number[] } = {},
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
      const learner = new AutogradLearner({ ...defaultConfig, momentum: 0, hidden: options.hidden ?? defaultConfig.hidden }, { jit: options.jit ?? true });
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
    const [compiled, eager] = [true, false].map((jit) => benchEpochBackends({ backends: [wasmBackend()], steps: { wasm: quick ? 300 : 600 }, jit })[0]);
    console.log(`\nwasm, the step through jit (traced once, compiled plan): ${compiled.epochSeconds.toFixed(2)} s/epoch; eager (op by op): ${eager.epochSeconds.toFixed(2)} s/epoch; jit is ${(eager.epochSeconds / compiled.epochSeconds).toFixed(2)}× faster`);
  }
  return { gemm, epoch, profile };
}

if (process.argv[1]?.endsWith('backends.ts')) runBackendBenchmarks(process.argv.includes('--quick'));
