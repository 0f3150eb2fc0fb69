// Elementwise float32 kernels on WebAssembly SIMD: neg, abs, sqrt, exp, sigmoid; add, sub, mul, div.

import type { Kernel } from '../backend.js';
import { kernelArena, type KernelExports } from './module.js';

/**
 * Below this many elements the reference loop wins: the arena round trip costs about as much
 * as a few dozen scalar operations.
 */
export const minWasmElements = 64;

type UnaryName = 'negF32' | 'absF32' | 'sqrtF32' | 'expF32' | 'sigmoidF32';
type BinaryName = 'addF32' | 'subF32' | 'mulF32' | 'divF32';
type UnaryPrimName = 'neg' | 'abs' | 'sqrt' | 'exp' | 'sigmoid';
type BinaryPrimName = 'add' | 'sub' | 'mul' | 'div';

/** Buffers are rounded up to whole f32x4 vectors: the wasm loops have no scalar tail. */
function vectorFloats(n: number): number {
  return (n + 3) & ~3;
}

/** y = f(x) over float32, in place in the arena; anything else goes to `fallback`. */
export function wasmUnary<P extends UnaryPrimName>(name: UnaryName, fallback: Kernel<P>): Kernel<P> {
  return (inputs, params, out) => {
    const x = inputs[0].data;
    if (out.dtype !== 'float32' || !(x instanceof Float32Array) || x.length < minWasmElements) return fallback(inputs, params, out);
    const arena = kernelArena();
    arena.reset();
    const p = arena.allocF32(vectorFloats(x.length), inputs[0]);
    (arena.exports[name] as KernelExports['negF32'])(p, p, x.length);
    return arena.readF32(p, x.length);
  };
}

/** z = f(a, b) over two float32 buffers of one shape (broadcasting was done by expand). */
export function wasmBinary<P extends BinaryPrimName>(name: BinaryName, fallback: Kernel<P>): Kernel<P> {
  return (inputs, params, out) => {
    const a = inputs[0].data;
    const b = inputs[1].data;
    if (out.dtype !== 'float32' || !(a instanceof Float32Array) || !(b instanceof Float32Array) || a.length < minWasmElements) {
      return fallback(inputs, params, out);
    }
    const arena = kernelArena();
    arena.reset();
    const n = vectorFloats(a.length);
    const pa = arena.allocF32(n, inputs[0]);
    const pb = arena.allocF32(n, inputs[1]);
    (arena.exports[name] as KernelExports['addF32'])(pa, pb, pa, a.length);
    return arena.readF32(pa, a.length);
  };
}
