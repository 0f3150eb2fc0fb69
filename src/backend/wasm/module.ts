// The compiled kernel module, instantiated synchronously on first use, and the scratch arena in its linear memory.

import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/** The memory object of an instance (typed here: the project's lib settings omit the WebAssembly globals). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly JS API the backend uses, read off globalThis (absent in some hosts). */
export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

export function webAssemblyApi(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/** The exports of kernels.wasm (source: asm/kernels.ts). Pointers are byte offsets into `memory`. */
export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  setTileScratch(ptr: number): void;
  gemmWorkBytes(m: number, n: number, k: number): number;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, work: number): void;
  negF32(x: number, y: number, n: number): void;
  absF32(x: number, y: number, n: number): void;
  sqrtF32(x: number, y: number, n: number): void;
  expF32(x: number, y: number, n: number): void;
  sigmoidF32(x: number, y: number, n: number): void;
  addF32(a: number, b: number, y: number, n: number): void;
  subF32(a: number, b: number, y: number, n: number): void;
  mulF32(a: number, b: number, y: number, n: number): void;
  divF32(a: number, b: number, y: number, n: number): void;
  sumF32(x: number, y: number, outer: number, reduced: number, inner: number, acc: number): void;
  sgdF32(w: number, g: number, n: number, lr: number, weightDecay: number): void;
  sgdMomentumF32(w: number, g: number, b: number, n: number, lr: number, mu: number, dampening: number, weightDecay: number, nesterov: number, first: number): void;
  sigmoidBackwardF32(y: number, g: number, dz: number, n: number): void;
  softmaxCrossEntropyF32(z: number, labels: number, rows: number, cols: number, loss: number, e: number, work: number): void;
  softmaxCrossEntropyGradF32(z: number, labels: number, g: number, rows: number, cols: number, grad: number, work: number): void;
  compressRows(s: number, rows: number, cols: number, start: number, index: number, value: number, maxNonzeros: number): number;
  spmm(start: number, index: number, value: number, rows: number, d: number, n: number, c: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): number;
  allFinite(x: number, n: number): number;
  addRowF32(y: number, bias: number, rows: number, cols: number): void;
}

const PAGE = 65536;
const ALIGN = 64; // a cache line: packed panels and vectors never straddle one needlessly

/**
 * A bump allocator over the module's memory, reset at the start of every kernel call. Kernels
 * never nest, so one arena serves them all; memory grows when a call needs more and is kept
 * for the next. Growing detaches the old ArrayBuffer, so take views (`f32`) after allocating.
 */
export class Arena {
  private readonly base: number;
  private top: number;
  private view: Float32Array;

  constructor(readonly exports: KernelExports) {
    const tile = align(exports.heapBase());
    exports.setTileScratch(tile);
    this.base = align(tile + 128); // the micro-kernel's 2×16 float tile for clipped stores
    this.top = this.base;
    this.view = new Float32Array(exports.memory.buffer);
  }

  /** Frees everything allocated since the last reset. */
  reset(): void {
    this.top = this.base;
  }

  /** The current top, to give back with `release` what is allocated after it. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark()` returned `top`. */
  release(top: number): void {
    this.top = top;
  }

  /** Reserves `bytes` (rounded up to whole vectors) and returns its byte offset. */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = align(ptr + bytes);
    const memory = this.exports.memory;
    if (this.top > memory.buffer.byteLength) memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / PAGE));
    return ptr;
  }

  /** Reserves room for `count` float32s and copies `data` (if given) into it. */
  allocF32(count: number, data?: Float32Array): number {
    const ptr = this.alloc(count * 4);
    if (data) this.f32().set(data, ptr >>> 2);
    return ptr;
  }

  /** The memory as float32s; valid until the next alloc. */
  f32(): Float32Array {
    const buffer = this.exports.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Float32Array(buffer);
    return this.view;
  }

  /** Reserves room for `count` int32s and copies `data` into it. */
  allocI32(data: Int32Array): number {
    const ptr = this.alloc(data.length * 4);
    new Int32Array(this.exports.memory.buffer, ptr, data.length).set(data);
    return ptr;
  }

  /** A fresh array holding `count` float32s copied from `ptr`. */
  readF32(ptr: number, count: number): Float32Array {
    const start = ptr >>> 2;
    return this.f32().slice(start, start + count);
  }
}

function align(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}

let arena: Arena | null = null;

/** Which build of the kernels runs: SIMD128 alone, or with relaxed SIMD's fused multiply-add. */
export type KernelFlavour = 'simd128' | 'simd128+relaxed';
let flavour: KernelFlavour | null = null;

function readBinary(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${file}`, import.meta.url)));
}

/**
 * Relaxed SIMD is in V8 from 11.4; Node 20's V8 (11.3) has it behind a flag, which can be set
 * while running, before a module using it is compiled (the GEMM is about 1.5× faster with fused
 * multiply-adds). NABLA_RELAXED_SIMD=0 keeps the plain build (multiply and add rounded
 * separately) and leaves V8's flags alone; so does a missing or invalid relaxed binary.
 */
function relaxedBinary(api: WebAssemblyApi): Uint8Array | null {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  if (env.NABLA_RELAXED_SIMD === '0') return null;
  try {
    const bytes = readBinary('kernels-relaxed.wasm');
    // the flag only gates which wasm opcodes validate; it is set only where this V8 needs it
    if (!api.validate(bytes)) setFlagsFromString('--experimental-wasm-relaxed-simd');
    return api.validate(bytes) ? bytes : null;
  } catch {
    return null;
  }
}

/** The kernel module's arena, compiling and instantiating the kernels on the first call. */
export function kernelArena(): Arena {
  if (arena === null) {
    const api = webAssemblyApi();
    if (!api) throw new Error('wasm backend: this JavaScript host has no WebAssembly');
    const relaxed = relaxedBinary(api);
    const instance = new api.Instance(new api.Module(relaxed ?? readBinary('kernels.wasm')), {});
    arena = new Arena(instance.exports as unknown as KernelExports);
    flavour = relaxed ? 'simd128+relaxed' : 'simd128';
  }
  return arena;
}

/** The build the wasm backend runs (instantiating it if needed). */
export function kernelFlavour(): KernelFlavour {
  kernelArena();
  return flavour as KernelFlavour;
}
