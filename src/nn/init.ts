// Seeded weight initialisers: Glorot/Xavier and He, uniform and normal.

import type { FloatDType } from '../core/dtype.js';
import { rand, randn, Rng } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

export type InitName = 'glorot-uniform' | 'glorot-normal' | 'he-uniform' | 'he-normal';
export const initNames: readonly InitName[] = ['glorot-uniform', 'glorot-normal', 'he-uniform', 'he-normal'];

/**
 * A [fanOut, fanIn] weight matrix. Glorot keeps Var = 2/(fanIn+fanOut) (uniform on ±√(6/(fanIn+fanOut)));
 * He keeps Var = 2/fanIn (uniform on ±√(6/fanIn)), suited to ReLU.
 */
export function initWeight(name: InitName, fanIn: number, fanOut: number, rng: Rng, dtype: FloatDType = 'float32'): Tensor {
  const shape = [fanOut, fanIn];
  switch (name) {
    case 'glorot-uniform': {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      return rand(shape, { rng, low: -a, high: a, dtype });
    }
    case 'glorot-normal':
      return randn(shape, { rng, std: Math.sqrt(2 / (fanIn + fanOut)), dtype });
    case 'he-uniform': {
      const a = Math.sqrt(6 / fanIn);
      return rand(shape, { rng, low: -a, high: a, dtype });
    }
    case 'he-normal':
      return randn(shape, { rng, std: Math.sqrt(2 / fanIn), dtype });
  }
}
