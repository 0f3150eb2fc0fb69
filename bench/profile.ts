// Where one training step's time goes: the course recipe on a backend, timed kernel by kernel.
//
//   npm run bench:profile [-- --backend=wasm|reference] [--steps=N]

import type { Backend, Kernel, KernelTable } from '../src/backend/backend.js';
import { getBackend, setBackend } from '../src/backend/registry.js';
import { referenceBackend } from '../src/backend/reference/index.js';
import { wasmBackend } from '../src/backend/select.js';
import type { Prim } from '../src/core/primitives.js';
import { batches, shuffledIndices, type Split } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/mnist.js';
import { AutogradLearner } from '../src/mnist/autograd.js';
import { defaultConfig } from '../src/train/config.js';
import { installNodeWasmLoader } from '../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

export interface StepProfile {
  backend: string;
  steps: number;
  /** Milliseconds per training step, everything included. */
  stepMs: number;
  /** Milliseconds per step inside each primitive's kernel, and the number of calls per step. */
  kernels: { prim: string; ms: number; calls: number }[];
  /** Milliseconds per step in the optimizer's update. */
  updateMs: number;
  /** stepMs minus kernels and update: graph recording, backward bookkeeping, allocation, data. */
  restMs: number;
}

/** A copy of `backend` whose kernels and updates add their time to `totals`. */
function timedBackend(backend: Backend, totals: Map<string, { ms: number; calls: number }>): Backend {
  const kernels = {} as Record<Prim, Kernel<Prim>>;
  for (const [prim, kernel] of Object.entries(backend.kernels) as [Prim, Kernel<Prim>][]) {
    kernels[prim] = (inputs, params, out) => {
      const start = performance.now();
      const result = kernel(inputs, params, out);
      const entry = totals.get(prim) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - start;
      entry.calls++;
      totals.set(prim, entry);
      return result;
    };
  }
  const sgd = backend.updates?.sgdF32;
  const updates = sgd
    ? {
        sgdF32: (...args: Parameters<typeof sgd>) => {
          const start = performance.now();
          sgd(...args);
          const entry = totals.get('(sgd update)') ?? { ms: 0, calls: 0 };
          entry.ms += performance.now() - start;
          entry.calls++;
          totals.set('(sgd update)', entry);
        },
      }
    : undefined;
  return { name: backend.name, kernels: kernels as unknown as KernelTable, updates };
}

/** Profiles `steps` training steps (after `warmup`) of the course recipe with momentum 0 on `backend`. */
export function profileStep(backend: Backend, options: { steps?: number; warmup?: number; train?: Split } = {}): StepProfile {
  const train = options.train ?? loadMnist().train;
  const steps = options.steps ?? 300;
  const warmup = options.warmup ?? 50;
  const totals = new Map<string, { ms: number; calls: number }>();
  const previous = getBackend();
  const learner = new AutogradLearner({ ...defaultConfig, momentum: 0 });
  let elapsed = 0;
  try {
    let done = 0;
    let epoch = 0;
    // warm up untimed, then time with the kernels wrapped
    setBackend(backend);
    outer: for (;;) {
      for (const b of batches(train, shuffledIndices(train.count, 1, epoch++), 64, { reuse: true })) {
        if (done === warmup) {
          totals.clear();
          setBackend(timedBackend(backend, totals));
        }
        const start = performance.now();
        learner.trainStep(b, 0.1);
        if (done >= warmup) elapsed += performance.now() - start;
        if (++done === warmup + steps) break outer;
      }
    }
  } finally {
    setBackend(previous);
  }
  const update = totals.get('(sgd update)');
  totals.delete('(sgd update)');
  const kernels = [...totals].map(([prim, t]) => ({ prim, ms: t.ms / steps, calls: t.calls / steps })).sort((a, b) => b.ms - a.ms);
  const stepMs = elapsed / steps;
  const updateMs = (update?.ms ?? 0) / steps;
  const kernelMs = kernels.reduce((s, k) => s + k.ms, 0);
  return { backend: backend.name, steps, stepMs, kernels, updateMs, restMs: stepMs - kernelMs - updateMs };
}

export function printProfile(p: StepProfile): void {
  console.log(`\none training step on ${p.backend} (course recipe, momentum 0, batch 64; ${p.steps} steps, timers included): ${p.stepMs.toFixed(3)} ms`);
  console.log(`${'kernel'.padEnd(22)} ${'ms/step'.padStart(8)} ${'calls'.padStart(6)} ${'share'.padStart(6)}`);
  const row = (name: string, ms: number, calls: string) =>
    console.log(`${name.padEnd(22)} ${ms.toFixed(3).padStart(8)} ${calls.padStart(6)} ${((100 * ms) / p.stepMs).toFixed(0).padStart(5)}%`);
  for (const k of p.kernels) row(k.prim, k.ms, k.calls.toFixed(0));
  row('(sgd update)', p.updateMs, '');
  row('(outside kernels)', p.restMs, '');
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const name = process.argv.find((a) => a.startsWith('--backend='))?.slice(10) ?? 'wasm';
  const steps = Number(process.argv.find((a) => a.startsWith('--steps='))?.slice(8) ?? 300);
  printProfile(profileStep(name === 'reference' ? referenceBackend : wasmBackend(), { steps }));
}
