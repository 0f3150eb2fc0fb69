// How long `import 'nabla'` takes: the built root against the tensor subpath alone, each in fresh Node processes, alternating.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = new URL('../dist/', import.meta.url);

export interface ImportTimes {
  rounds: number;
  /** Median milliseconds from the start of the `import()` to its resolution, over fresh processes. */
  rootMs: number;
  tensorMs: number;
  /** rootMs / tensorMs: what the root costs beyond the tensor and its ops. */
  ratio: number;
}

/** Milliseconds one fresh `node` process spends importing `entry` (the process start-up not counted). */
function importMs(entry: URL): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(entry.href)}); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(out.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`import-time: no timing from importing ${entry.href}: ${out}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Imports dist/index.js and dist/tensor/index.js in alternating fresh processes, `rounds` times
 * each, and returns the medians. Needs `npm run build` first; throws if dist/ is missing.
 */
export function benchImportTime(rounds = 9): ImportTimes {
  const root = new URL('index.js', dist);
  const tensor = new URL('tensor/index.js', dist);
  for (const entry of [root, tensor]) {
    if (!existsSync(entry)) throw new Error(`import-time: ${fileURLToPath(entry)} is missing; run \`npm run build\` first`);
  }
  importMs(root); // warm the file cache, so the first round is not the only cold one
  const rootTimes: number[] = [];
  const tensorTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rootTimes.push(importMs(root));
    tensorTimes.push(importMs(tensor));
  }
  const rootMs = median(rootTimes);
  const tensorMs = median(tensorTimes);
  return { rounds, rootMs, tensorMs, ratio: rootMs / tensorMs };
}

export function printImportTime(t: ImportTimes): void {
  console.log(`\nimport time (built package, median of ${t.rounds} fresh processes each, alternating; goal: root < 60 ms on an idle machine)`);
  console.log(`  import 'nabla'         ${t.rootMs.toFixed(1).padStart(7)} ms`);
  console.log(`  import 'nabla/tensor'  ${t.tensorMs.toFixed(1).padStart(7)} ms`);
  console.log(`  root / tensor          ${t.ratio.toFixed(2).padStart(7)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 9);
  printImportTime(benchImportTime(rounds));
}
