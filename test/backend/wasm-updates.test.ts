// The wasm backend's in-place SGD update agrees with optim/sgd.ts's own loops to float32 rounding.

import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { selectBackend } from '../../src/backend/select.js';
import { SGD } from '../../src/optim/sgd.js';
import { Rng, tensor, type Tensor } from '../../src/index.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';

installNodeWasmLoader();

const previous = getBackend();
afterEach(() => setBackend(previous));

function params(seed: number, sizes: number[]): Tensor[] {
  const rng = new Rng(seed);
  return sizes.map((n) => {
    const p = tensor(Float32Array.from({ length: n }, () => rng.normal()), { requiresGrad: true });
    p.grad = tensor(Float32Array.from({ length: n }, () => rng.normal()));
    return p;
  });
}

function run(backend: 'reference' | 'wasm', options: ConstructorParameters<typeof SGD>[1], steps: number): Float32Array[] {
  setBackend(selectBackend(backend));
  // sizes that are not multiples of 4, size 1, and empty
  const ps = params(7, [1, 3, 5, 8, 131, 0]);
  const opt = new SGD(ps, options);
  for (let s = 0; s < steps; s++) opt.step();
  return ps.map((p) => p.data as Float32Array);
}

describe('wasm SGD update kernel', () => {
  const cases: Array<[string, ConstructorParameters<typeof SGD>[1]]> = [
    ['plain', { lr: 0.1 }],
    ['weight decay', { lr: 0.05, weightDecay: 0.01 }],
    // dampening applies to a momentum buffer only: without momentum it must change nothing
    ['dampening without momentum', { lr: 0.1, dampening: 0.3 }],
    ['momentum', { lr: 0.1, momentum: 0.9 }],
    ['momentum with dampening', { lr: 0.1, momentum: 0.9, dampening: 0.3 }],
    ['Nesterov', { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }],
  ];
  for (const [name, options] of cases) {
    it(`matches the reference loops: ${name}`, () => {
      const expected = run('reference', options, 5);
      const actual = run('wasm', options, 5);
      expected.forEach((e, k) => {
        expect(actual[k].length).toBe(e.length);
        for (let i = 0; i < e.length; i++) expect(Math.abs(actual[k][i] - e[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(e[i])));
      });
      // the update did move the weights
      expect(actual[2][0]).not.toBe(params(7, [1, 3, 5])[2].data[0]);
    });
  }

  it('is offered by the wasm backend and not by the reference', () => {
    expect(selectBackend('wasm').updates?.sgdF32).toBeTypeOf('function');
    expect(selectBackend('reference').updates).toBeUndefined();
  });
});
