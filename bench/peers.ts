// The course recipe in PyTorch (1 thread) and in NumPy from scratch, timed in this run as nabla's peers.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const python = '/usr/bin/python3';
const scripts = fileURLToPath(new URL('./python/', import.meta.url));

export interface PeerRow {
  name: string;
  /** Median seconds per epoch of 938 steps (60,000 images, batch 64), from the timed epochs after the first. */
  epochSeconds: number;
  samplesPerSecond: number;
  steps: number;
  extrapolated: boolean;
}

/** Whether `/usr/bin/python3` can import `module`. */
export function pythonHas(module: string): boolean {
  if (!existsSync(python)) return false;
  return spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}

/** Runs one peer script (1 thread) and reads its per-epoch JSON lines; null (with a note) when it fails. */
export function runPeer(name: string, script: string, args: string[], epochSteps: number): PeerRow | null {
  const r = spawnSync(python, [script, ...args], { cwd: scripts, encoding: 'utf8', timeout: 600_000, env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  if (r.status !== 0) {
    console.log(`  ${name}: failed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`);
    return null;
  }
  const epochs = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seconds?: number; batches?: number }).filter((e) => e.seconds !== undefined);
  // the first epoch warms up; the median of the rest is the figure
  const timed = epochs.slice(1).map((e) => (e.seconds as number) / (e.batches as number)).sort((a, b) => a - b);
  const perStep = timed[Math.floor(timed.length / 2)];
  const steps = epochs[0]?.batches ?? 0;
  return { name, epochSeconds: perStep * epochSteps, samplesPerSecond: 64 / perStep, steps, extrapolated: steps < epochSteps };
}

/**
 * Times PyTorch (Debian's python3-torch, 1 thread) and a NumPy from-scratch MLP on the course
 * recipe with plain SGD, `steps` batches per epoch over 4 epochs (the first is warm-up). Peers
 * that are not installed are skipped with a note.
 */
export function benchPeers(options: { steps?: number } = {}): PeerRow[] {
  const steps = options.steps ?? 938;
  const epochSteps = 938;
  const rows: PeerRow[] = [];
  const args = ['--epochs', '4', '--max-batches', String(steps), '--lr', '0.1'];
  if (pythonHas('torch')) {
    const row = runPeer('PyTorch 1 thread', 'torch_mlp.py', [...args, '--momentum', '0'], epochSteps);
    if (row) rows.push(row);
  } else console.log('  PyTorch: skipped (install Debian python3-torch and libopenblas0-pthread)');
  if (pythonHas('numpy')) {
    const row = runPeer('NumPy from scratch', 'numpy_mlp.py', args, epochSteps);
    if (row) rows.push(row);
  } else console.log('  NumPy: skipped (install Debian python3-numpy)');
  return rows;
}
