// Compiles asm/kernels.ts (AssemblyScript) to the two committed binaries, or copies them into dist/.
//
//   tsx scripts/build-wasm.ts                  rebuild src/backend/wasm/kernels{,-relaxed}.wasm from asm/
//   tsx scripts/build-wasm.ts --out DIR        build both into another folder (the freshness test does this)
//   tsx scripts/build-wasm.ts --copy-to-dist   copy the committed binaries next to dist/backend/wasm/*.js
//
// kernels.wasm needs SIMD128 only; kernels-relaxed.wasm is the same source built with relaxed
// SIMD too, so its multiply-adds are fused (src/backend/wasm/module.ts picks it where it validates).

import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const wasmSource = `${root}asm/kernels.ts`;
const binaryDir = `${root}src/backend/wasm`;
const distDir = `${root}dist/backend/wasm`;

/** The two builds: file name and the features beyond the base flags. */
export const wasmFlavours = [
  { file: 'kernels.wasm', features: [] as string[] },
  { file: 'kernels-relaxed.wasm', features: ['--enable', 'relaxed-simd'] },
] as const;

/** Where a flavour's committed binary lives. */
export function wasmBinary(file: string = wasmFlavours[0].file): string {
  return `${binaryDir}/${file}`;
}

/**
 * The compiler flags, fixed so the build is reproducible: -O3 with no assertions, the stub
 * runtime (the kernels never allocate), SIMD on, and no `abort` import (nothing to trap into).
 */
export const ascFlags = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--use', 'abort='];

/** Compiles both flavours of the kernels into `outDir`; throws with the compiler's diagnostics on failure. */
export async function buildWasm(outDir: string = binaryDir): Promise<string[]> {
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, features } of wasmFlavours) {
    const out = `${outDir}/${file}`;
    const result = await asc.main([wasmSource, '-o', out, ...ascFlags, ...features]);
    if (result.error) throw new Error(`asc failed (${file}): ${result.error.message}\n${result.stderr.toString()}`);
    written.push(out);
  }
  return written;
}

/** Copies the committed binaries to where the built backend (dist/backend/wasm/) loads them from. */
export function copyToDist(): void {
  mkdirSync(distDir, { recursive: true });
  for (const { file } of wasmFlavours) copyFileSync(wasmBinary(file), `${distDir}/${file}`);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--copy-to-dist')) {
    copyToDist();
    console.log(`copied ${binaryDir}/*.wasm -> ${distDir}`);
    return;
  }
  const at = argv.indexOf('--out');
  for (const file of await buildWasm(at >= 0 ? argv[at + 1] : binaryDir)) console.log(`built ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
}
