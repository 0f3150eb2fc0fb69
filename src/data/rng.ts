// A small seeded PRNG (xoshiro128**, seeded through splitmix32) that gives the same numbers on every machine.
//
// Only 32-bit integer arithmetic (Math.imul, shifts, >>> 0) is used, so the streams are exact
// and identical across engines and platforms; no Math.random, no floating-point transcendental.

/** A seeded random number generator. */
export interface Rng {
  /** The next 32-bit unsigned integer, uniform on [0, 2^32). */
  nextUint32(): number;
  /** The next float, uniform on [0, 1), with 32 random bits. */
  next(): number;
  /** The next integer, uniform on [0, bound) without modulo bias; `bound` is in [1, 2^32]. */
  nextInt(bound: number): number;
}

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

function checkKey(key: number): void {
  if (!Number.isSafeInteger(key)) throw new Error(`rng: seed ${key} is not a safe integer`);
}

/**
 * Creates a generator from one or more integer keys (a seed, then e.g. an epoch). Each key,
 * split into its low and high 32 bits, is folded into a splitmix32 state; four splitmix32
 * outputs then fill the xoshiro128** state. Keys must be safe integers (negative is fine).
 *
 * @example
 * const rng = createRng(42, epoch);
 * rng.nextInt(10); // same value on every machine
 */
export function createRng(...keys: number[]): Rng {
  let mix = 0;
  for (const key of keys) {
    checkKey(key);
    const lo = key >>> 0;
    // Floor division keeps negative keys distinct from their low-32-bit twins.
    const hi = Math.floor(key / 0x100000000) >>> 0;
    [mix] = splitmix32((mix ^ lo) >>> 0);
    [mix] = splitmix32((mix ^ hi) >>> 0);
    [mix] = splitmix32(mix);
  }
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) [mix, s[i]] = splitmix32(mix);
  // xoshiro's all-zero state is a fixed point; splitmix32 outputs cannot all be zero, but be sure.
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return fromState(s);
}

/**
 * A xoshiro128** generator starting from the given 128-bit state (four uint32 words, not all
 * zero). Exposed so tests can check it against the published algorithm; use {@link createRng}.
 */
export function xoshiro128ss(state: ArrayLike<number>): Rng {
  const s = Uint32Array.from(state);
  if (s.length !== 4 || (s[0] | s[1] | s[2] | s[3]) === 0) {
    throw new Error('xoshiro128ss: state must be four uint32 words, not all zero');
  }
  return fromState(s);
}

function fromState(s: Uint32Array): Rng {
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 0x100000000,
    nextInt(bound: number): number {
      if (!Number.isInteger(bound) || bound < 1 || bound > 0x100000000) {
        throw new Error(`rng.nextInt: bound ${bound} is not an integer in [1, 2^32]`);
      }
      // Reject the top 2^32 mod bound values so every residue is equally likely.
      const limit = 0x100000000 - (0x100000000 % bound);
      let r = nextUint32();
      while (r >= limit) r = nextUint32();
      return r % bound;
    },
  };
}
