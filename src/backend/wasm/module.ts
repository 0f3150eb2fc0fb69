// The compiled kernel module, instantiated from the bytes a host's loader gives, and the scratch arena in its linear memory.

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

/** The two builds of asm/kernels.ts: plain SIMD128, and with relaxed SIMD's fused multiply-add. */
export type WasmModuleName = 'kernels' | 'kernels-relaxed';

/**
 * Where the module bytes come from; the host provides it, so the backend itself touches no file
 * system or network (Node reads the files beside the code: see node-loader.ts; a browser fetches
 * the URLs its bundler gives). For 'kernels-relaxed', null (or a throw) means "not on this
 * host", and the plain build runs.
 */
export type WasmBytesLoader = (name: WasmModuleName) => Uint8Array | null | Promise<Uint8Array | null>;

let loader: WasmBytesLoader | null = null;

/**
 * Makes `bytesLoader` the source of the kernel module. The module is instantiated once, on the
 * first kernel call: a loader set after that takes effect only in a fresh process.
 */
export function setWasmBytesLoader(bytesLoader: WasmBytesLoader): void {
  loader = bytesLoader;
}

/** Whether the kernels are instantiated or a loader to instantiate them from is set. */
export function wasmBytesAvailable(): boolean {
  return arena !== null || loader !== null;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The relaxed build if the loader has one and this host validates it; never throws. */
function validRelaxed(api: WebAssemblyApi, bytes: Uint8Array | null): Uint8Array | null {
  try {
    return bytes !== null && api.validate(bytes) ? bytes : null;
  } catch {
    return null;
  }
}

function instantiate(api: WebAssemblyApi, relaxed: Uint8Array | null, plain: () => Uint8Array): Arena {
  const instance = new api.Instance(new api.Module(relaxed ?? plain()), {});
  arena = new Arena(instance.exports as unknown as KernelExports);
  flavour = relaxed ? 'simd128+relaxed' : 'simd128';
  return arena;
}

function requireApi(): WebAssemblyApi {
  const api = webAssemblyApi();
  if (!api) throw new Error('wasm backend: this JavaScript host has no WebAssembly');
  return api;
}

const asyncLoaderMessage = 'wasm backend: the bytes loader is asynchronous; await loadWasmKernels() before the first kernel runs';

/**
 * Fetches the bytes through `bytesLoader` (default: the one set with `setWasmBytesLoader`), awaiting
 * them if the loader is asynchronous, and instantiates the kernels; the way a browser readies the
 * backend before `selectBackend()`. Returns the flavour that runs. Does nothing if already loaded.
 * @example await loadWasmKernels((name) => fetch(`/wasm/${name}.wasm`).then(async (r) => new Uint8Array(await r.arrayBuffer())))
 */
export async function loadWasmKernels(bytesLoader: WasmBytesLoader | null = loader): Promise<KernelFlavour> {
  if (arena === null) {
    if (bytesLoader === null) throw new Error('wasm backend: no bytes loader given or set');
    loader = bytesLoader;
    const api = requireApi();
    let relaxed: Uint8Array | null = null;
    try {
      relaxed = validRelaxed(api, await bytesLoader('kernels-relaxed'));
    } catch {
      relaxed = null;
    }
    const plain = relaxed ? null : await bytesLoader('kernels');
    if (arena === null) {
      instantiate(api, relaxed, () => {
        if (plain === null) throw new Error("wasm backend: the loader gave no bytes for 'kernels'");
        return plain;
      });
    }
  }
  return flavour as KernelFlavour;
}

/** The kernel module's arena, compiling and instantiating the kernels on the first call. */
export function kernelArena(): Arena {
  if (arena === null) {
    const api = requireApi();
    const bytesLoader = loader;
    if (bytesLoader === null) {
      throw new Error("wasm backend: no bytes loader set (Node: import 'nabla', or call installNodeWasmLoader() from 'nabla/backend/node'; elsewhere: await loadWasmKernels(loader))");
    }
    let relaxedBytes: Uint8Array | null | Promise<Uint8Array | null>;
    try {
      relaxedBytes = bytesLoader('kernels-relaxed');
    } catch {
      relaxedBytes = null;
    }
    if (isPromise(relaxedBytes)) {
      relaxedBytes.catch(() => undefined); // its failure is "no relaxed build", never an unhandled rejection
      throw new Error(asyncLoaderMessage);
    }
    const relaxed = validRelaxed(api, relaxedBytes);
    return instantiate(api, relaxed, () => {
      const bytes = bytesLoader('kernels');
      if (isPromise(bytes)) throw new Error(asyncLoaderMessage);
      if (bytes === null) throw new Error("wasm backend: the loader gave no bytes for 'kernels'");
      return bytes;
    });
  }
  return arena;
}

/** The build the wasm backend runs (instantiating it if needed). */
export function kernelFlavour(): KernelFlavour {
  kernelArena();
  return flavour as KernelFlavour;
}
