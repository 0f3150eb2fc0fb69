// Compiles asm/kernels.ts (AssemblyScript) to src/backend/wasm/kernels.wasm, or copies the committed binary into dist/.
//
//   tsx scripts/build-wasm.ts                  rebuild src/backend/wasm/kernels.wasm from asm/
//   tsx scripts/build-wasm.ts --out FILE       build to another file (the freshness test does this)
//   tsx scripts/build-wasm.ts --copy-to-dist   copy the committed binary next to dist/backend/wasm/*.js

import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const wasmSource = `${root}asm/kernels.ts`;
export const wasmBinary = `${root}src/backend/wasm/kernels.wasm`;
const distBinary = `${root}dist/backend/wasm/kernels.wasm`;

/**
 * The compiler flags, fixed so the build is reproducible: -O3 with no assertions, the stub
 * runtime (the kernels never allocate), SIMD on, and no `abort` import (nothing to trap into).
 */
export const ascFlags = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--use', 'abort='];

/** Compiles the kernels to `outFile`; throws with the compiler's diagnostics on failure. */
export async function buildWasm(outFile: string = wasmBinary): Promise<void> {
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(dirname(outFile), { recursive: true });
  const result = await asc.main([wasmSource, '-o', outFile, ...ascFlags]);
  if (result.error) throw new Error(`asc failed: ${result.error.message}\n${result.stderr.toString()}`);
}

/** Copies the committed binary to where the built backend (dist/backend/wasm/) loads it from. */
export function copyToDist(): void {
  mkdirSync(dirname(distBinary), { recursive: true });
  copyFileSync(wasmBinary, distBinary);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--copy-to-dist')) {
    copyToDist();
    console.log(`copied ${wasmBinary} -> ${distBinary}`);
    return;
  }
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : wasmBinary;
  await buildWasm(out);
  console.log(`built ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
}
