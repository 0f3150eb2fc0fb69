// Seeded random tensors: the same seed gives the same numbers on every run and every machine.

import { allocate } from '../core/dtype.js';
import { assertShape, sizeOf, type Shape } from '../core/shape.js';
import type { TensorOptions } from './creation.js';
import { Rng } from '../core/rng.js';
import { Tensor } from './tensor.js';

export { Rng } from '../core/rng.js';

const globalRng = new Rng(0);

/** Reseeds the generator that `rand` and `randn` use when given neither `seed` nor `rng`. */
export function manualSeed(seed: number): void {
  globalRng.seed(seed);
}

export interface RandomOptions extends TensorOptions {
  /** Draw from a fresh generator seeded with this. */
  seed?: number;
  /** Draw from this generator (advancing it). */
  rng?: Rng;
}

function pick(options: RandomOptions): Rng {
  if (options.rng) return options.rng;
  if (options.seed !== undefined) return new Rng(options.seed);
  return globalRng;
}

function fill(op: string, shape: Shape, options: RandomOptions, draw: (rng: Rng) => number): Tensor {
  assertShape(op, shape);
  const rng = pick(options);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw(rng);
  const t = Tensor.fromNode(data, shape, options.dtype ?? 'float32', null);
  if (options.requiresGrad) t.requireGrad();
  return t;
}

/**
 * Uniform samples in [low, high) (default [0, 1)).
 * @example rand([2, 3], { seed: 42 })
 */
export function rand(shape: Shape, options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  return fill('rand', shape, options, (r) => low + (high - low) * r.uniform());
}

/**
 * Normal samples with mean `mean` and standard deviation `std` (default 0 and 1).
 * @example randn([784, 128], { seed: 1, std: 0.05 })
 */
export function randn(shape: Shape, options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  return fill('randn', shape, options, (r) => mean + std * r.normal());
}
