// AssemblyScript source of the WebAssembly SIMD kernels (float32): packed GEMM, elementwise maps, reductions, SGD.
//
// Every pointer is a byte offset into linear memory; the JS side (src/backend/wasm/) copies
// operands into a scratch arena, calls one export and copies the result out. No allocator runs
// here: the module is compiled with the stub runtime and never calls `new`.

// ---------------------------------------------------------------------------------------------
// GEMM: C[m,n] = op(A)[m,k] · op(B)[k,n], row-major, in the NN, NT and TN forms.
//
// The BLIS scheme. A block of op(B) (KC×NC) is packed into panels NR columns wide, each stored
// p-major (NR consecutive floats per p); a block of op(A) (MC×KC) into panels MR rows tall, also
// p-major. Both packings zero-pad their last panel, so the micro-kernel always computes a full
// MR×NR tile with MR·NR/4 f32x4 accumulators in registers; only its store is clipped. Packing
// turns every transposed form into the same contiguous stream, so NT and TN run the NN speed.
// ---------------------------------------------------------------------------------------------

// The tile is 2×16: per p, 4 vector loads of B, 2 splats of A and 8 multiply-adds into 8
// accumulators. V8 hoists all of a loop body's loads ahead of its arithmetic and gives wasm 15
// xmm registers, so accumulators + loaded vectors must stay within 15: 2×16 needs 8 + 4 + 2, as
// 4×8 does (8 + 2 + 4), but measured 10–20% faster; 6×8, 4×12 and unrolled bodies spill.
const MR: i32 = 2; // rows of a tile
const NR: i32 = 16; // columns of a tile
const KC: i32 = 256; // most depth of a block: an A panel (2 KB) and a B panel (16 KB) stay in L1
const MC: i32 = 64; // rows of a packed A block (64 KB at KC = 256): stays in L2
const NC: i32 = 1024; // columns of a packed B block (1 MB at KC = 256)

/** The depth of each k-block: k split into equal blocks of at most KC (784 = 4×196, not 3×256 + 16). */
// @ts-ignore: decorator
@inline function kcStep(k: i32): i32 {
  if (k <= 0) return 0;
  const blocks = (k + KC - 1) / KC;
  return roundUp((k + blocks - 1) / blocks, 4);
}

/** Bytes of scratch `gemm` needs for its packed blocks at these sizes. */
export function gemmWorkBytes(m: i32, n: i32, k: i32): i32 {
  const kc = min(kcStep(k), k);
  const mc = roundUp(min(MC, m), MR);
  const nc = roundUp(min(NC, n), NR);
  return (mc * kc + nc * kc) * 4 + 64;
}

// @ts-ignore: decorator
@inline function roundUp(x: i32, r: i32): i32 {
  return ((x + r - 1) / r) * r;
}

/**
 * C = op(A)·op(B). `a` is [m,k] (or [k,m] when transA), `b` is [k,n] (or [n,k] when transB),
 * `c` is [m,n] and is overwritten. `work` holds gemmWorkBytes(m, n, k) bytes, 16-aligned.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, work: usize): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    memory.fill(c, 0, <usize>(m * n) << 2);
    return;
  }
  const step = kcStep(k);
  const kcMax = min(step, k);
  const packedA = work;
  const packedB = work + <usize>(roundUp(min(MC, m), MR) * kcMax * 4);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += step) {
      const kc = min(step, k - pc);
      // op(B)[p][j]: B[p][j] in NN (j contiguous: copy), B[j][p] in NT (p contiguous: transpose)
      if (transB) packTransposed(b, k, jc, nc, pc, kc, NR, packedB);
      else packCopy(b, n, jc, nc, pc, kc, NR, packedB);
      const accumulate = pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        // op(A)[i][p]: A[i][p] in NN (p contiguous: transpose), A[p][i] in TN (i contiguous: copy)
        if (transA) packCopy(a, m, ic, mc, pc, kc, MR, packedA);
        else packTransposed(a, k, ic, mc, pc, kc, MR, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const pb = packedB + <usize>(jr * kc * 4);
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const pa = packedA + <usize>(ir * kc * 4);
            const rows = min(MR, mc - ir);
            const pc0 = c + <usize>(((ic + ir) * n + jc + jr) * 4);
            kernel2x16(pa, pb, kc, pc0, n, rows, cols, accumulate);
          }
        }
      }
    }
  }
}

/**
 * Packs x[p][i] (i contiguous, row stride ld) for i in [i0, i0+ni), p in [p0, p0+kc) into
 * panels of R: dst[(i/R)·R·kc + p·R + i%R], zero beyond ni.
 */
function packCopy(x: usize, ld: i32, i0: i32, ni: i32, p0: i32, kc: i32, R: i32, dst: usize): void {
  for (let ib = 0; ib < ni; ib += R) {
    const panel = dst + <usize>(ib * kc * 4);
    const w = min(R, ni - ib);
    let src = x + <usize>((p0 * ld + i0 + ib) * 4);
    const step = <usize>(ld * 4);
    if (w == R && R == 16) {
      for (let p = 0; p < kc; p++) {
        const d = panel + <usize>(p * 64);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        v128.store(d, v128.load(src, 32), 32);
        v128.store(d, v128.load(src, 48), 48);
        src += step;
      }
    } else if (w == R && R == 2) {
      for (let p = 0; p < kc; p++) {
        store<i64>(panel + <usize>(p * 8), load<i64>(src));
        src += step;
      }
    } else {
      memory.fill(panel, 0, <usize>(R * kc * 4));
      for (let p = 0; p < kc; p++) {
        const d = panel + <usize>(p * R * 4);
        for (let t = 0; t < w; t++) store<f32>(d + <usize>(t * 4), load<f32>(src + <usize>(t * 4)));
        src += step;
      }
    }
  }
}

/**
 * Packs x[i][p] (p contiguous, row stride ld) for i in [i0, i0+ni), p in [p0, p0+kc) into
 * panels of R: dst[(i/R)·R·kc + p·R + i%R], zero beyond ni. Four rows at a time go through a
 * 4×4 register transpose, so the strided gather runs as vector loads.
 */
function packTransposed(x: usize, ld: i32, i0: i32, ni: i32, p0: i32, kc: i32, R: i32, dst: usize): void {
  const rowBytes = <usize>(ld * 4);
  const dstRow = <usize>(R * 4); // bytes per p in a panel
  for (let ib = 0; ib < ni; ib += R) {
    const panel = dst + <usize>(ib * kc * 4);
    const w = min(R, ni - ib);
    if (w < R) memory.fill(panel, 0, <usize>(R * kc * 4));
    // groups of four rows
    let g = 0;
    for (; g + 4 <= w; g += 4) {
      const r0 = x + <usize>(((i0 + ib + g) * ld + p0) * 4);
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      const d0 = panel + <usize>(g * 4);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>(p * 4);
        const x0 = v128.load(r0 + o);
        const x1 = v128.load(r1 + o);
        const x2 = v128.load(r2 + o);
        const x3 = v128.load(r3 + o);
        storeTransposed4x4(x0, x1, x2, x3, d0 + <usize>(p) * dstRow, dstRow);
      }
      for (; p < kc; p++) {
        const o = <usize>(p * 4);
        const d = d0 + <usize>(p) * dstRow;
        store<f32>(d, load<f32>(r0 + o));
        store<f32>(d, load<f32>(r1 + o), 4);
        store<f32>(d, load<f32>(r2 + o), 8);
        store<f32>(d, load<f32>(r3 + o), 12);
      }
    }
    // a pair of rows: a 2×4 transpose, 8 bytes per p
    for (; g + 2 <= w; g += 2) {
      const r0 = x + <usize>(((i0 + ib + g) * ld + p0) * 4);
      const r1 = r0 + rowBytes;
      const d0 = panel + <usize>(g * 4);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>(p * 4);
        const x0 = v128.load(r0 + o);
        const x1 = v128.load(r1 + o);
        const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
        const d = d0 + <usize>(p) * dstRow;
        v128.store64_lane(d, t0, 0);
        v128.store64_lane(d + dstRow, t0, 1);
        v128.store64_lane(d + 2 * dstRow, t1, 0);
        v128.store64_lane(d + 3 * dstRow, t1, 1);
      }
      for (; p < kc; p++) {
        const o = <usize>(p * 4);
        const d = d0 + <usize>(p) * dstRow;
        store<f32>(d, load<f32>(r0 + o));
        store<f32>(d, load<f32>(r1 + o), 4);
      }
    }
    // the last row of a ragged panel
    for (; g < w; g++) {
      const r = x + <usize>(((i0 + ib + g) * ld + p0) * 4);
      const d0 = panel + <usize>(g * 4);
      for (let p = 0; p < kc; p++) store<f32>(d0 + <usize>(p) * dstRow, load<f32>(r + <usize>(p * 4)));
    }
  }
}

/**
 * a·b + c per lane. Built with relaxed SIMD (kernels-relaxed.wasm) it is one fused multiply-add
 * where the CPU has one (a single rounding, as BLAS GEMMs on such CPUs do); the plain build
 * (kernels.wasm) multiplies, rounds and adds.
 */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Stores the 4×4 block whose rows are x0..x3 transposed: its row t (column t of the block) at d + t·stride. */
// @ts-ignore: decorator
@inline function storeTransposed4x4(x0: v128, x1: v128, x2: v128, x3: v128, d: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// Scratch tile for clipped stores (MR×NR floats), placed at the start of the heap by the host.
let tileScratch: usize = 0;

/** Sets where the micro-kernel writes a tile that must be clipped (MR·NR·4 = 128 bytes, 16-aligned). */
export function setTileScratch(ptr: usize): void {
  tileScratch = ptr;
}

/**
 * The 2×16 micro-kernel: c_ij (+)= Σ_p a_ip b_pj over a packed A panel (2 floats per p) and a
 * packed B panel (16 floats per p). Per p: four vector loads of B, two splats of A, 8 multiply-adds.
 */
// @ts-ignore: decorator
@inline function kernel2x16(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  // one p per trip, counted: V8 unrolls this loop itself, and manual unrolling spills
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    const a0 = v128.load32_splat(pa);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c02 = madd(a0, b2, c02);
    c03 = madd(a0, b3, c03);
    const a1 = v128.load32_splat(pa, 4);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c12 = madd(a1, b2, c12);
    c13 = madd(a1, b3, c13);
    pa += 8;
    pb += 64;
  }
  const ld = <usize>(ldc * 4);
  if (rows == MR && cols == NR) {
    const d1 = c + ld;
    if (accumulate) {
      v128.store(c, f32x4.add(v128.load(c), c00));
      v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
      v128.store(c, f32x4.add(v128.load(c, 32), c02), 32);
      v128.store(c, f32x4.add(v128.load(c, 48), c03), 48);
      v128.store(d1, f32x4.add(v128.load(d1), c10));
      v128.store(d1, f32x4.add(v128.load(d1, 16), c11), 16);
      v128.store(d1, f32x4.add(v128.load(d1, 32), c12), 32);
      v128.store(d1, f32x4.add(v128.load(d1, 48), c13), 48);
    } else {
      v128.store(c, c00);
      v128.store(c, c01, 16);
      v128.store(c, c02, 32);
      v128.store(c, c03, 48);
      v128.store(d1, c10);
      v128.store(d1, c11, 16);
      v128.store(d1, c12, 32);
      v128.store(d1, c13, 48);
    }
    return;
  }
  const t = tileScratch;
  v128.store(t, c00);
  v128.store(t, c01, 16);
  v128.store(t, c02, 32);
  v128.store(t, c03, 48);
  v128.store(t, c10, 64);
  v128.store(t, c11, 80);
  v128.store(t, c12, 96);
  v128.store(t, c13, 112);
  for (let i = 0; i < rows; i++) {
    const d = c + <usize>(i) * ld;
    const s = t + <usize>(i * NR * 4);
    for (let j = 0; j < cols; j++) {
      const o = <usize>(j * 4);
      const v = load<f32>(s + o);
      store<f32>(d + o, accumulate ? load<f32>(d + o) + v : v);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Products with a mostly-zero operand (MNIST pixels are about 81% zero). Skipping a zero term
// changes no sum: every product it would add is ±0, as long as the other operand is finite (the
// host checks with allFinite, since 0·∞ is NaN). The host compresses the sparse operand's rows,
// then one spmm pass multiplies each nonzero into a whole row of the dense operand.
// ---------------------------------------------------------------------------------------------

/**
 * For each 4-bit lane mask, the byte shuffle that moves the set lanes to the front in order (the
 * rest of the vector is zeroed): a vector's nonzeros are then stored with one swizzle, and the
 * count advances by popcnt, with no branch on the data (MNIST rows mix zero and nonzero runs too
 * irregularly for a predictor: the branchy loop measured twice as slow on Xᵀ).
 */
const PACK = memory.data<u8>([
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128,
  8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128,
  12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128,
  8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);
const IOTA = memory.data<i32>([0, 1, 2, 3]);

/**
 * Compressed rows of s [rows, cols] (row-major): `start` gets rows+1 offsets, `index`/`value` the
 * column and value of each nonzero in row order. Returns the number of nonzeros, or −1 as soon as
 * it would pass `maxNonzeros` (the product is then cheaper dense). `index` and `value` need room
 * for maxNonzeros + 4 entries: each vector's store writes four lanes.
 */
export function compressRows(s: usize, rows: i32, cols: i32, start: usize, index: usize, value: usize, maxNonzeros: i32): i32 {
  let nnz = 0;
  const iota = v128.load(IOTA);
  for (let i = 0; i < rows; i++) {
    store<i32>(start + <usize>(i << 2), nnz);
    const row = s + <usize>(i * cols * 4);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(row + <usize>(j << 2));
      const mask = i32x4.bitmask(f32x4.ne(v, f32x4.splat(0)));
      const pack = v128.load(PACK + <usize>(mask << 4));
      v128.store(value + <usize>(nnz << 2), i8x16.swizzle(v, pack));
      v128.store(index + <usize>(nnz << 2), i8x16.swizzle(i32x4.add(iota, i32x4.splat(j)), pack));
      nnz += <i32>popcnt(mask);
      if (nnz > maxNonzeros) return -1;
    }
    for (; j < cols; j++) {
      const x = load<f32>(row + <usize>(j << 2));
      if (x != 0) {
        if (nnz == maxNonzeros) return -1;
        store<i32>(index + <usize>(nnz << 2), j);
        store<f32>(value + <usize>(nnz << 2), x);
        nnz++;
      }
    }
  }
  store<i32>(start + <usize>(rows << 2), nnz);
  return nnz;
}

/**
 * c[i, 0..n) = Σ_t value[t]·d[index[t], 0..n) over row i's nonzeros (compressRows' layout), d
 * row-major [·, n]. Sixteen columns at a time in four accumulators: per nonzero one splat, four
 * loads of d and four multiply-adds. (V8 hoists a body's loads ahead of its arithmetic, so 32
 * columns would need 8 accumulators + 8 loaded vectors + the splat, more than the 15 xmm
 * registers it allocates, and measured 12% slower from the spills.)
 */
export function spmm(start: usize, index: usize, value: usize, rows: i32, d: usize, n: i32, c: usize): void {
  const ld = <usize>(n * 4);
  for (let i = 0; i < rows; i++) {
    const t0 = load<i32>(start + <usize>(i << 2));
    const t1 = load<i32>(start + <usize>((i + 1) << 2));
    const out = c + <usize>(i) * ld;
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      const col = d + <usize>(j << 2);
      for (let t = t0; t < t1; t++) {
        const x = v128.load32_splat(value + <usize>(t << 2));
        const r = col + <usize>(load<i32>(index + <usize>(t << 2))) * ld;
        a0 = madd(x, v128.load(r), a0);
        a1 = madd(x, v128.load(r, 16), a1);
        a2 = madd(x, v128.load(r, 32), a2);
        a3 = madd(x, v128.load(r, 48), a3);
      }
      const o = out + <usize>(j << 2);
      v128.store(o, a0);
      v128.store(o, a1, 16);
      v128.store(o, a2, 32);
      v128.store(o, a3, 48);
    }
    for (; j + 4 <= n; j += 4) {
      let a = f32x4.splat(0);
      const col = d + <usize>(j << 2);
      for (let t = t0; t < t1; t++) {
        const r = col + <usize>(load<i32>(index + <usize>(t << 2))) * ld;
        a = madd(v128.load32_splat(value + <usize>(t << 2)), v128.load(r), a);
      }
      v128.store(out + <usize>(j << 2), a);
    }
    for (; j < n; j++) {
      let a: f32 = 0;
      const col = d + <usize>(j << 2);
      for (let t = t0; t < t1; t++) a += load<f32>(value + <usize>(t << 2)) * load<f32>(col + <usize>(load<i32>(index + <usize>(t << 2))) * ld);
      store<f32>(out + <usize>(j << 2), a);
    }
  }
}

/**
 * dst [cols, rows] = srcᵀ for src [rows, cols] row-major: 4×4 blocks through registers, scalar
 * edges. Returns whether every value is finite (checked on the way, where the shuffles leave the
 * arithmetic ports idle), so a sparse product needs no second pass over its dense operand.
 */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): bool {
  let bad = f32x4.splat(0);
  let finite = true;
  const sRow = <usize>(cols * 4);
  const dRow = <usize>(rows * 4);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = src + <usize>(i) * sRow;
    const r1 = r0 + sRow;
    const r2 = r1 + sRow;
    const r3 = r2 + sRow;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>(j << 2);
      const x0 = v128.load(r0 + o);
      const x1 = v128.load(r1 + o);
      const x2 = v128.load(r2 + o);
      const x3 = v128.load(r3 + o);
      bad = v128.or(bad, v128.or(v128.or(notFinite(x0), notFinite(x1)), v128.or(notFinite(x2), notFinite(x3))));
      storeTransposed4x4(x0, x1, x2, x3, dst + <usize>(j) * dRow + <usize>(i << 2), dRow);
    }
    for (; j < cols; j++) {
      const d = dst + <usize>(j) * dRow + <usize>(i << 2);
      const o = <usize>(j << 2);
      const v = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(r0 + o)), 1, load<f32>(r1 + o)), 2, load<f32>(r2 + o)), 3, load<f32>(r3 + o));
      bad = v128.or(bad, notFinite(v));
      v128.store(d, v);
    }
  }
  for (; i < rows; i++) {
    const r = src + <usize>(i) * sRow;
    for (let j = 0; j < cols; j++) {
      const x = load<f32>(r + <usize>(j << 2));
      if (x - x != 0) finite = false;
      store<f32>(dst + <usize>(j) * dRow + <usize>(i << 2), x);
    }
  }
  return finite && !v128.any_true(bad);
}

/** All-ones lanes where x is ±∞ or NaN (x − x is 0 exactly for finite x). */
// @ts-ignore: decorator
@inline function notFinite(x: v128): v128 {
  return f32x4.ne(f32x4.sub(x, x), f32x4.splat(0));
}


/** Whether all n floats are finite (x − x is 0 exactly when x is finite). */
export function allFinite(x: usize, n: i32): bool {
  let bad = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + <usize>(i << 2));
    bad = v128.or(bad, f32x4.ne(f32x4.sub(v, v), f32x4.splat(0)));
  }
  if (v128.any_true(bad)) return false;
  for (; i < n; i++) {
    const v = load<f32>(x + <usize>(i << 2));
    if (v - v != 0) return false;
  }
  return true;
}

/** The first byte past the module's static data: where the host's scratch arena may start. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------
// Elementwise maps over n floats. The host rounds every buffer up to a multiple of 4 floats, so
// the loops run whole vectors; lanes past n compute garbage that is never copied out. x and y
// may be the same buffer (the host maps in place).
// ---------------------------------------------------------------------------------------------

/**
 * The constants of expv and sigmoidv, read from memory with one broadcast load each: written as
 * v128.const, V8 rebuilds every constant in every loop iteration (three instructions apiece),
 * which made σ twice as slow.
 */
const K = memory.data<f32>([
  -104, 89, // clamp: e^x underflows to 0 below −103.97 and overflows to ∞ above 88.73
  1.44269504, // log₂ e
  0.693359375, -2.12194440e-4, // ln 2 = LN2_HI + LN2_LO; n·LN2_HI is exact for |n| < 2^12
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, // Cephes expf
  1,
]);
const K_BIAS = memory.data<i32>([127]); // the float32 exponent bias

// @ts-ignore: decorator
@inline function k(i: i32): v128 {
  return v128.load32_splat(K + <usize>(i << 2));
}

/**
 * eˣ = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln2 in [−ln2/2, ln2/2], eʳ by Cephes' degree-6
 * polynomial (under 1 ulp). 2ⁿ is applied as two factors 2^(n/2) so results overflow to ∞ above
 * x ≈ 88.72 and fall through the subnormals to 0 below −103.9, as a float32 eˣ does. NaN stays
 * NaN (pmax/pmin return their first operand when a comparison fails).
 */
// @ts-ignore: decorator
@inline function expv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, k(0)), k(1));
  const n = f32x4.nearest(f32x4.mul(x, k(2)));
  let r = f32x4.sub(x, f32x4.mul(n, k(3)));
  r = f32x4.sub(r, f32x4.mul(n, k(4)));
  let p = k(5);
  p = f32x4.add(f32x4.mul(p, r), k(6));
  p = f32x4.add(f32x4.mul(p, r), k(7));
  p = f32x4.add(f32x4.mul(p, r), k(8));
  p = f32x4.add(f32x4.mul(p, r), k(9));
  p = f32x4.add(f32x4.mul(p, r), k(10));
  // eʳ ≈ 1 + r + r²·p(r)
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), k(11));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const bias = v128.load32_splat(K_BIAS);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** σ(x) = 1/(1+e^{−x}) for x ≥ 0 and e^{x}/(1+e^{x}) for x < 0: the exponential never overflows. */
// @ts-ignore: decorator
@inline function sigmoidv(x: v128): v128 {
  const e = expv(f32x4.neg(f32x4.abs(x)));
  const one = k(11);
  const s = f32x4.div(one, f32x4.add(one, e));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, f32x4.splat(0)));
}

export function negF32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(y + <usize>(i << 2), f32x4.neg(v128.load(x + <usize>(i << 2))));
}

export function absF32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(y + <usize>(i << 2), f32x4.abs(v128.load(x + <usize>(i << 2))));
}

export function sqrtF32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(y + <usize>(i << 2), f32x4.sqrt(v128.load(x + <usize>(i << 2))));
}

export function expF32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(y + <usize>(i << 2), expv(v128.load(x + <usize>(i << 2))));
}

export function sigmoidF32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(y + <usize>(i << 2), sigmoidv(v128.load(x + <usize>(i << 2))));
}

export function addF32(a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(y + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
}

export function subF32(a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(y + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
  }
}

export function mulF32(a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(y + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
}

export function divF32(a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(y + o, f32x4.div(v128.load(a + o), v128.load(b + o)));
  }
}

// ---------------------------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------------------------

/**
 * y[o,i] = Σ_r x[o,r,i] for x of shape [outer, reduced, inner], accumulated in float64 (as the
 * reference does) and rounded once. `acc` is scratch for `inner` float64s, 16-aligned.
 */
export function sumF32(x: usize, y: usize, outer: i32, reduced: i32, inner: i32, acc: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      let s: f64 = 0;
      const row = x + <usize>(o * reduced * 4);
      for (let r = 0; r < reduced; r++) s += <f64>load<f32>(row + <usize>(r * 4));
      store<f32>(y + <usize>(o * 4), <f32>s);
    }
    return;
  }
  const whole = inner & ~3;
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, <usize>(inner * 8));
    for (let r = 0; r < reduced; r++) {
      const row = x + <usize>((o * reduced + r) * inner * 4);
      let i = 0;
      for (; i < whole; i += 4) {
        const v = v128.load(row + <usize>(i * 4));
        const d = acc + <usize>(i * 8);
        v128.store(d, f64x2.add(v128.load(d), f64x2.promote_low_f32x4(v)));
        v128.store(d, f64x2.add(v128.load(d, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
      }
      for (; i < inner; i++) {
        const d = acc + <usize>(i * 8);
        store<f64>(d, load<f64>(d) + <f64>load<f32>(row + <usize>(i * 4)));
      }
    }
    const out = y + <usize>(o * inner * 4);
    for (let i = 0; i < inner; i++) store<f32>(out + <usize>(i * 4), <f32>load<f64>(acc + <usize>(i * 8)));
  }
}

// ---------------------------------------------------------------------------------------------
// Fused kernels for the training step: the SGD update (Backend.updates) and the fused primitives
// ---------------------------------------------------------------------------------------------

/** SGD without momentum, in place: w ← w − lr·(g + λw). */
export function sgdF32(w: usize, g: usize, n: i32, lr: f32, weightDecay: f32): void {
  const vlr = f32x4.splat(lr);
  const vwd = f32x4.splat(weightDecay);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    const wi = v128.load(w + o);
    v128.store(w + o, f32x4.sub(wi, f32x4.mul(vlr, f32x4.add(v128.load(g + o), f32x4.mul(vwd, wi)))));
  }
}

/**
 * SGD with momentum, in place (PyTorch's formulation): d = g + λw; b ← μb + (1−τ)d, or b ← d on
 * the first step; w ← w − lr·(d + μb) with Nesterov, w ← w − lr·b without.
 */
export function sgdMomentumF32(w: usize, g: usize, b: usize, n: i32, lr: f32, mu: f32, dampening: f32, weightDecay: f32, nesterov: i32, first: i32): void {
  const vlr = f32x4.splat(lr);
  const vmu = f32x4.splat(mu);
  const vkeep = f32x4.splat(1 - dampening);
  const vwd = f32x4.splat(weightDecay);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    const wi = v128.load(w + o);
    const di = f32x4.add(v128.load(g + o), f32x4.mul(vwd, wi));
    const bi = first ? di : f32x4.add(f32x4.mul(vmu, v128.load(b + o)), f32x4.mul(vkeep, di));
    v128.store(b + o, bi);
    const step = nesterov ? f32x4.add(di, f32x4.mul(vmu, bi)) : bi;
    v128.store(w + o, f32x4.sub(wi, f32x4.mul(vlr, step)));
  }
}

/** y[r,c] += bias[c] in place: the bias of a Linear layer added to its product. */
export function addRowF32(y: usize, bias: usize, rows: i32, cols: i32): void {
  const whole = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const yr = y + <usize>(r * cols * 4);
    let c = 0;
    for (; c < whole; c += 4) {
      const o = <usize>(c << 2);
      v128.store(yr + o, f32x4.add(v128.load(yr + o), v128.load(bias + o)));
    }
    for (; c < cols; c++) {
      const o = <usize>(c << 2);
      store<f32>(yr + o, load<f32>(yr + o) + load<f32>(bias + o));
    }
  }
}

/** dz = g·σ'(z) = g·y·(1 − y) from the activation's output y. */
export function sigmoidBackwardF32(y: usize, g: usize, dz: usize, n: i32): void {
  const one = f32x4.splat(1);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>(i << 2);
    const yi = v128.load(y + o);
    v128.store(dz + o, f32x4.mul(v128.load(g + o), f32x4.mul(yi, f32x4.sub(one, yi))));
  }
}

/**
 * e = e^{z − m} row by row for z [rows, cols], m the row's max (0 when that is ±∞ or NaN, as
 * ops' stableShift), and each row's Σ e in float64 into `sums`. The exponentials run as one
 * f32x4 pass over the whole shifted buffer (padded by the host to whole vectors).
 */
function softmaxRows(z: usize, rows: i32, cols: i32, e: usize, shifts: usize, sums: usize): void {
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>(r * cols * 4);
    let m: f32 = -Infinity;
    let nan = false;
    for (let c = 0; c < cols; c++) {
      const v = load<f32>(zr + <usize>(c << 2));
      if (v != v) nan = true;
      else if (v > m) m = v;
    }
    if (nan || m - m != 0) m = 0;
    store<f32>(shifts + <usize>(r << 2), m);
    const er = e + <usize>(r * cols * 4);
    for (let c = 0; c < cols; c++) store<f32>(er + <usize>(c << 2), load<f32>(zr + <usize>(c << 2)) - m);
  }
  const n = rows * cols;
  for (let i = 0; i < n; i += 4) v128.store(e + <usize>(i << 2), expv(v128.load(e + <usize>(i << 2))));
  for (let r = 0; r < rows; r++) {
    const er = e + <usize>(r * cols * 4);
    let total: f64 = 0;
    for (let c = 0; c < cols; c++) total += <f64>load<f32>(er + <usize>(c << 2));
    store<f64>(sums + <usize>(r << 3), total);
  }
}

/**
 * Cross-entropy of each row of logits z [rows, cols] against int32 labels: loss[r] =
 * log Σ_c e^{z_rc − m} + m − z_r,label, in float64 and rounded once. `e` is scratch for
 * rows·cols floats (rounded up to whole vectors), `work` for 12·rows bytes.
 */
export function softmaxCrossEntropyF32(z: usize, labels: usize, rows: i32, cols: i32, loss: usize, e: usize, work: usize): void {
  const shifts = work;
  const sums = work + <usize>(((rows + 1) & ~1) << 2);
  softmaxRows(z, rows, cols, e, shifts, sums);
  for (let r = 0; r < rows; r++) {
    const label = load<i32>(labels + <usize>(r << 2));
    const zl = <f64>load<f32>(z + <usize>((r * cols + label) << 2));
    store<f32>(loss + <usize>(r << 2), <f32>(Math.log(load<f64>(sums + <usize>(r << 3))) + <f64>load<f32>(shifts + <usize>(r << 2)) - zl));
  }
}

/** grad[r,c] = g[r]·(softmax(z_r)_c − [c = label_r]): the VJP of softmaxCrossEntropyF32. Same scratch. */
export function softmaxCrossEntropyGradF32(z: usize, labels: usize, g: usize, rows: i32, cols: i32, grad: usize, work: usize): void {
  const shifts = work;
  const sums = work + <usize>(((rows + 1) & ~1) << 2);
  softmaxRows(z, rows, cols, grad, shifts, sums);
  for (let r = 0; r < rows; r++) {
    const gr = grad + <usize>(r * cols * 4);
    const scale = load<f32>(g + <usize>(r << 2));
    const k = <f32>(<f64>scale / load<f64>(sums + <usize>(r << 3)));
    for (let c = 0; c < cols; c++) store<f32>(gr + <usize>(c << 2), load<f32>(gr + <usize>(c << 2)) * k);
    const label = load<i32>(labels + <usize>(r << 2));
    const at = gr + <usize>(label << 2);
    store<f32>(at, load<f32>(at) - scale);
  }
}
