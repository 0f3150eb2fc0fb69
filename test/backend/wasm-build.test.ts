// The committed src/backend/wasm/kernels{,-relaxed}.wasm are the current builds of asm/kernels.ts (rebuild: tsx scripts/build-wasm.ts).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWasm, wasmBinary, wasmFlavours } from '../../scripts/build-wasm.js';

describe('kernels.wasm', () => {
  it('both flavours are byte-identical to a fresh build from asm/kernels.ts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-wasm-'));
    try {
      await buildWasm(dir);
      for (const { file } of wasmFlavours) {
        const rebuilt = readFileSync(join(dir, file));
        expect(rebuilt.equals(readFileSync(wasmBinary(file))), `src/backend/wasm/${file} is stale: run \`tsx scripts/build-wasm.ts\``).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
