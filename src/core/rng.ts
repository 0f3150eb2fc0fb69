// The one seeded random number generator (xoshiro128**, seeded through splitmix32): the same numbers on every machine.
//
// Only 32-bit integer arithmetic (Math.imul, shifts, >>> 0) makes the bits, so streams are exact
// and identical across engines and platforms; no Math.random.

/** One step of splitmix32: advances `state` by the golden-ratio increment and mixes it. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Folds safe-integer keys, each split into its low and high 32 bits, into one splitmix32 state. */
function foldKeys(keys: readonly number[]): number {
  let mix = 0;
  for (const key of keys) {
    if (!Number.isSafeInteger(key)) throw new Error(`rng: seed ${key} is not a safe integer`);
    const lo = key >>> 0;
    // floor division keeps negative keys distinct from their low-32-bit twins
    const hi = Math.floor(key / 0x100000000) >>> 0;
    [mix] = splitmix32((mix ^ lo) >>> 0);
    [mix] = splitmix32((mix ^ hi) >>> 0);
    [mix] = splitmix32(mix);
  }
  return mix;
}

/**
 * xoshiro128** (Blackman & Vigna). Seeding fills its 128-bit state with four splitmix32 outputs
 * from a 32-bit start: `new Rng(seed)` starts at the seed's integer part, `createRng(...keys)`
 * at the keys folded together (so `createRng()` and `new Rng(0)` are the same stream).
 * @example const rng = new Rng(42); rng.uniform(); rng.normal(); rng.nextInt(10)
 */
export class Rng {
  private readonly s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed` (any finite number; its integer part, modulo 2^32, is used). */
  seed(seed: number): void {
    this.start(Math.trunc(seed) >>> 0);
  }

  /** Restarts from four splitmix32 outputs after `mix`. */
  private start(mix: number): void {
    for (let i = 0; i < 4; i++) [mix, this.s[i]] = splitmix32(mix);
    // the all-zero state is a fixed point; four splitmix32 outputs are never all zero, but be sure
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    this.spare = null;
  }

  /** A generator seeded with `keys` folded together (see `createRng`). */
  static fromKeys(keys: readonly number[]): Rng {
    const rng = new Rng();
    rng.start(foldKeys(keys));
    return rng;
  }

  /** A generator starting from the given 128-bit state (four uint32 words, not all zero). */
  static fromState(state: ArrayLike<number>): Rng {
    const words = Uint32Array.from(state);
    if (words.length !== 4 || (words[0] | words[1] | words[2] | words[3]) === 0) {
      throw new Error('xoshiro128ss: state must be four uint32 words, not all zero');
    }
    const rng = new Rng();
    rng.s.set(words);
    return rng;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits (one draw). */
  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws). */
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

  /** An integer in [0, n) as floor(n · uniform()): two draws, unbiased to within 2^-53 · n. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** An integer uniform on [0, bound), exactly, by rejecting the top 2^32 mod bound values; `bound` is in [1, 2^32]. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x100000000) {
      throw new Error(`rng.nextInt: bound ${bound} is not an integer in [1, 2^32]`);
    }
    const limit = 0x100000000 - (0x100000000 % bound);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return r % bound;
  }
}

/**
 * A generator from one or more safe-integer keys (a seed, then e.g. an epoch); negative keys and
 * keys above 2^32 stay distinct from their low 32 bits.
 * @example const rng = createRng(42, epoch); rng.nextInt(10) // same value on every machine
 */
export function createRng(...keys: number[]): Rng {
  return Rng.fromKeys(keys);
}

/** The generator at a given 128-bit state, so tests can hold it to the published algorithm. */
export function xoshiro128ss(state: ArrayLike<number>): Rng {
  return Rng.fromState(state);
}
