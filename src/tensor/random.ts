// Seeded random tensors: the same seed gives the same numbers on every run and every machine.

import { allocate } from '../core/dtype.js';
import { assertShape, sizeOf, type Shape } from '../core/shape.js';
import type { TensorOptions } from './creation.js';
import { Tensor } from './tensor.js';

/**
 * xoshiro128** (Blackman & Vigna) on 32-bit integer arithmetic, seeded through splitmix32, so
 * the stream is identical everywhere JavaScript runs.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed` (any finite number; its integer part is used). */
  seed(seed: number): void {
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spare = null;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal, by the Box–Muller transform (pairs, the second kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

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
