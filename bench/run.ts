// `npm run bench`: every benchmark table, then one summary of the course recipe against its peers, all from this run.

import { getBackend, setBackend } from '../src/backend/registry.js';
import { selectBackend } from '../src/backend/select.js';
import { runBackendBenchmarks } from './backends.js';
import { benchCritical, printCritical } from './critical.js';
import { benchInterleaved, printInterleaved } from './interleaved.js';
import { benchPeers } from './peers.js';
import { benchThreeWays } from './three-ways.js';
import { installNodeWasmLoader } from '../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (name: string) => only === undefined || only.includes(name);

console.log(`nabla benchmarks — node ${process.version}, ${new Date().toISOString()}${quick ? ' (quick: shorter timings)' : ''}`);
console.log('Figures vary with the load on this shared machine; compare ratios within this run.');

interface SummaryRow {
  name: string;
  epochSeconds: number;
  note: string;
}
const summary: SummaryRow[] = [];

if (wanted('backends')) {
  const { epoch } = runBackendBenchmarks(quick);
  for (const r of epoch) {
    summary.push({ name: `nabla autograd, ${r.backend}`, epochSeconds: r.epochSeconds, note: r.extrapolated ? `${r.steps} of ${r.epochSteps} steps, extrapolated` : 'full epoch' });
  }
}
if (wanted('three-ways')) {
  setBackend(selectBackend()); // as `nabla train` runs: wasm where SIMD is supported
  const figures = await benchThreeWays({ steps: quick ? 40 : 150 });
  for (const f of figures) {
    // the three-ways figures are 782 steps + validation; scale the step time to the 938-step epoch used above
    const name = f.impl === 'tfjs' ? `TensorFlow.js 4.22 ${f.backend.slice(5)}` : `nabla ${f.impl}, ${getBackend().name}`;
    summary.push({ name: `${name} (momentum 0.9)`, epochSeconds: (f.msPerStep * 938) / 1000, note: `${f.stepsTimed} steps, extrapolated` });
  }
}
let interleaved: ReturnType<typeof benchInterleaved> = null;
if (wanted('peers')) {
  for (const r of benchPeers({ steps: quick ? 200 : 938 })) {
    summary.push({ name: r.name, epochSeconds: r.epochSeconds, note: r.extrapolated ? `${r.steps} of 938 steps per epoch, extrapolated` : 'full epoch' });
  }
  interleaved = benchInterleaved({ rounds: quick ? 3 : 5, steps: quick ? 200 : 400 });
  if (interleaved) printInterleaved(interleaved);
}
if (wanted('critical')) printCritical(benchCritical(quick ? 0.2 : 1));

if (summary.length > 0) {
  console.log('\nsummary: the course recipe, 784-128-64-10 sigmoid, batch 64, one epoch = 60,000 images (938 steps), training only');
  const torch = summary.find((r) => r.name.startsWith('PyTorch'));
  const numpy = summary.find((r) => r.name.startsWith('NumPy'));
  const tfjs = summary.find((r) => r.name.startsWith('TensorFlow.js') && r.name.includes('wasm')) ?? summary.find((r) => r.name.startsWith('TensorFlow.js'));
  console.log(`${'implementation'.padEnd(44)} ${'s/epoch'.padStart(8)} ${'/PyTorch'.padStart(9)} ${'/NumPy'.padStart(7)} ${'tfjs/this'.padStart(10)}  timing`);
  for (const r of summary) {
    const ratio = (peer: SummaryRow | undefined) => (peer ? (r.epochSeconds / peer.epochSeconds).toFixed(2) : '—');
    const vsTfjs = tfjs ? (tfjs.epochSeconds / r.epochSeconds).toFixed(1) + '×' : '—';
    console.log(`${r.name.padEnd(44)} ${r.epochSeconds.toFixed(2).padStart(8)} ${ratio(torch).padStart(9)} ${ratio(numpy).padStart(7)} ${vsTfjs.padStart(10)}  ${r.note}`);
  }
  console.log('(/PyTorch and /NumPy: this time over the peer\'s, ≤ 1.00 is as fast or faster; tfjs/this: how many times faster than TensorFlow.js)');
  if (interleaved) console.log(`nabla autograd (wasm) / PyTorch over ${interleaved.rounds.length} alternating rounds: median ${interleaved.medianRatio.toFixed(2)}, range ${Math.min(...interleaved.rounds.map((r) => r.ratio)).toFixed(2)}–${Math.max(...interleaved.rounds.map((r) => r.ratio)).toFixed(2)}`);
}
