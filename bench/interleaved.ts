// nabla against PyTorch in alternating rounds, so both see the same load on a shared machine.

import { wasmBackend } from '../src/backend/select.js';
import { loadMnist } from '../src/data/mnist.js';
import { benchEpochBackends } from './backends.js';
import { pythonHas, runPeer } from './peers.js';
import { installNodeWasmLoader } from '../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

export interface InterleavedRound {
  /** Seconds per 938-step epoch of nabla autograd on wasm, and of PyTorch (1 thread), in this round. */
  nabla: number;
  torch: number;
  ratio: number;
}

/**
 * The course recipe (momentum 0) on nabla's wasm backend and in PyTorch, alternating: each round
 * times `steps` nabla steps (median of 50-step blocks after a warm-up) and then PyTorch for the
 * same number of steps (its second epoch, after one warm-up epoch). The median of the per-round
 * ratios is robust to the load drifting between the two, which a single pair of runs is not.
 * Null when /usr/bin/python3 has no torch.
 */
export function benchInterleaved(options: { rounds?: number; steps?: number } = {}): { rounds: InterleavedRound[]; medianRatio: number } | null {
  if (!pythonHas('torch')) return null;
  const rounds = options.rounds ?? 5;
  const steps = options.steps ?? 300;
  const train = loadMnist().train;
  const results: InterleavedRound[] = [];
  for (let r = 0; r < rounds; r++) {
    const [row] = benchEpochBackends({ backends: [wasmBackend()], steps: { wasm: steps }, train });
    const torch = runPeer('PyTorch 1 thread', 'torch_mlp.py', ['--epochs', '2', '--max-batches', String(steps), '--lr', '0.1', '--momentum', '0'], 938);
    if (!torch) return null;
    results.push({ nabla: row.epochSeconds, torch: torch.epochSeconds, ratio: row.epochSeconds / torch.epochSeconds });
  }
  const ratios = results.map((x) => x.ratio).sort((a, b) => a - b);
  return { rounds: results, medianRatio: ratios[Math.floor(ratios.length / 2)] };
}

export function printInterleaved(result: { rounds: InterleavedRound[]; medianRatio: number }): void {
  console.log('\nnabla autograd (wasm) against PyTorch (1 thread), alternating rounds; course recipe, momentum 0, s/epoch of 938 steps');
  console.log('round   nabla   PyTorch   nabla/PyTorch');
  result.rounds.forEach((r, i) => console.log(`${String(i + 1).padStart(5)} ${r.nabla.toFixed(2).padStart(7)} ${r.torch.toFixed(2).padStart(9)} ${r.ratio.toFixed(2).padStart(15)}`));
  console.log(`median ratio ${result.medianRatio.toFixed(2)} (≤ 1.00 is as fast as PyTorch or faster)`);
}
