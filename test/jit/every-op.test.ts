// Every primitive under jit: the op table's functions (and their gradients) give under jit what they give eagerly, on every backend.

import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { referenceBackend } from '../../src/backend/reference/index.js';
import { wasmBackend } from '../../src/backend/select.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';
import type { Prim } from '../../src/core/primitives.js';
import { gradients, jit, Rng, sum, type Tensor } from '../../src/index.js';
import { opTable, sample, type Row } from '../ops/op-table.js';

installNodeWasmLoader();
const previous = getBackend();
afterEach(() => setBackend(previous));

/** Entries equal, or within float32 rounding (`rtol`) where the plan's kernels may differ from the eager ones. */
function expectSame(actual: Tensor, expected: Tensor, rtol: number, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  const [a, e] = [actual.data, expected.data];
  for (let i = 0; i < e.length; i++) {
    if (rtol === 0 || Number.isNaN(e[i])) expect(a[i], `${what} at ${i}`).toBe(e[i]);
    else expect(Math.abs(a[i] - e[i]), `${what} at ${i}: ${a[i]} vs ${e[i]}`).toBeLessThanOrEqual(rtol * (1 + Math.abs(e[i])));
  }
}

const rows = (Object.entries(opTable) as [Prim, Row][]).filter(([, row]) => !row.check);

describe.each([['reference', referenceBackend], ['wasm', null]] as const)('every op under jit on %s', (_name, fixed) => {
  for (const [prim, row] of rows) {
    it(`${prim}: values and gradients, float64 and float32`, () => {
      const backend: Backend = fixed ?? wasmBackend();
      setBackend(backend);
      const rng = new Rng(prim.length * 31 + 7);
      for (const dtype of ['float64', 'float32'] as const) {
        const inputs = row.shapes(rng).map((s) => sample(rng, s, row.domain ?? 'any')).map((x) => (dtype === 'float64' ? x : x.cast('float32')));
        // a row's function keeps float64 constants: in float32 only rows without them can run
        let eager: Tensor;
        try {
          eager = row.f(...inputs);
        } catch {
          continue;
        }
        // float64 runs the same kernels in the plan; float32 may run wasm's where eager ran the reference's
        const rtol = dtype === 'float64' ? 0 : 2e-6;
        const f = jit((...xs: Tensor[]) => row.f(...xs));
        f(...inputs);
        expectSame(f(...inputs), eager, rtol, `${prim} ${dtype}`);
        const df = (...xs: Tensor[]) => {
          const ys = xs.map((x) => x.detach().requireGrad());
          return gradients(sum(row.f(...ys)), ys);
        };
        const want = df(...inputs);
        const got = jit(df)(...inputs);
        got.forEach((g, i) => expectSame(g, want[i], dtype === 'float64' ? 0 : 1e-5, `∂${prim}/∂x${i} ${dtype}`));
      }
    });
  }
});
