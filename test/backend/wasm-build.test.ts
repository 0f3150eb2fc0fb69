// The committed src/backend/wasm/kernels.wasm is the current build of asm/kernels.ts (rebuild: tsx scripts/build-wasm.ts).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWasm, wasmBinary } from '../../scripts/build-wasm.js';

describe('kernels.wasm', () => {
  it('is byte-identical to a fresh build from asm/kernels.ts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-wasm-'));
    try {
      const fresh = join(dir, 'kernels.wasm');
      await buildWasm(fresh);
      const committed = readFileSync(wasmBinary);
      const rebuilt = readFileSync(fresh);
      expect(rebuilt.equals(committed), 'src/backend/wasm/kernels.wasm is stale: run `tsx scripts/build-wasm.ts`').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
