// The IDX file format (MNIST, Fashion-MNIST): reading, validating and writing, raw or gzipped.
//
// Layout: bytes 0-1 are zero, byte 2 is the element type, byte 3 the number of dimensions; then
// one big-endian uint32 per dimension; then the elements, big-endian, row-major.

import { readFileBytes } from '../io/read-file.js';
import { constants as bufferConstants } from 'node:buffer';
import { existsSync, statSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomicSync } from '../io/atomic-write.js';

/** Element types an IDX file can hold, named after the typed arrays that store them. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array for each IDX element type. */
export interface IdxArrayFor {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

export type IdxArray = IdxArrayFor[IdxDType];

/** The contents of an IDX file: its element type, its dimensions and its elements, row-major. */
export interface Idx<D extends IdxDType = IdxDType> {
  dtype: D;
  shape: number[];
  data: IdxArrayFor[D];
}

interface IdxTypeInfo {
  code: number;
  size: number;
  label: string;
}

const idxTypes: Record<IdxDType, IdxTypeInfo> = {
  uint8: { code: 0x08, size: 1, label: 'ubyte' },
  int8: { code: 0x09, size: 1, label: 'sbyte' },
  int16: { code: 0x0b, size: 2, label: 'short' },
  int32: { code: 0x0c, size: 4, label: 'int' },
  float32: { code: 0x0d, size: 4, label: 'float' },
  float64: { code: 0x0e, size: 8, label: 'double' },
};

const idxDTypes = Object.keys(idxTypes) as IdxDType[];

function dtypeForCode(code: number): IdxDType | undefined {
  return idxDTypes.find((d) => idxTypes[d].code === code);
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;
}

function allocateIdx(dtype: IdxDType, size: number): IdxArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(size);
    case 'int8':
      return new Int8Array(size);
    case 'int16':
      return new Int16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

function dtypeOfIdxArray(data: IdxArray): IdxDType | undefined {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return undefined;
}

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Limits on an IDX file. */
export interface IdxLimits {
  /** Largest file, and largest decompressed content, in bytes. */
  maxBytes?: number;
}

/**
 * Default limit: 1 GB, twenty times MNIST's training images (47 MB) and above EMNIST's largest
 * split (about 550 MB); the images are also held as float32 (4× this) once loaded.
 */
export const defaultIdxLimits = { maxBytes: 1_000_000_000 } as const satisfies Required<IdxLimits>;

const withCommas = (n: number) => n.toLocaleString('en-US');

/** The largest IDX header: 4 bytes of magic, then 255 dimensions of 4 bytes. */
const maxHeaderSize = 4 + 4 * 255;

/**
 * The first bytes of the gzip stream's content, enough to hold any IDX header: a prefix of the
 * compressed bytes is inflated with a sync flush (which returns what a truncated stream holds so
 * far), growing until the header is in or the input is used up. The output of one attempt is
 * capped, so a stream that says nothing for a long way cannot make it large.
 */
function gunzipHeader(bytes: Uint8Array, fail: (message: string) => never): Uint8Array {
  const maxPrefixOutput = 1 << 26;
  const inflate = (input: Uint8Array, whole: boolean): Uint8Array => {
    try {
      // a whole stream is inflated strictly, so a truncated one is reported as such
      const finishFlush = whole ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH;
      return gunzipSync(input, { finishFlush, maxOutputLength: maxPrefixOutput });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        fail(`gzip data inflates to more than ${withCommas(maxPrefixOutput)} bytes before its IDX header ends`);
      }
      return fail(`corrupt gzip data: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  for (let take = 4096; ; take *= 2) {
    const prefix = bytes.subarray(0, Math.min(take, bytes.length));
    const out = inflate(prefix, false);
    const needed = out.length >= 4 ? 4 + 4 * out[3] : 4;
    if (out.length >= Math.min(needed, maxHeaderSize)) return out;
    // the whole input holds less than a header: little enough to inflate strictly
    if (prefix.length === bytes.length) return inflate(bytes, true);
  }
}

/** The IDX header's fields, or a one-line error; `raw` may hold only a prefix of the file. */
function readHeader(raw: Uint8Array, found: string, fail: (message: string) => never) {
  if (raw.length < 4) fail(`truncated IDX header: expected at least 4 bytes, ${found} ${raw.length}`);
  const magic = Array.from(raw.subarray(0, 4), hex).join(' ');
  if (raw[0] !== 0 || raw[1] !== 0) {
    fail(`bad IDX magic number ${magic}: expected 0x00 0x00 <type> <ndims>`);
  }
  const dtype = dtypeForCode(raw[2]);
  if (dtype === undefined) {
    const known = idxDTypes.map((d) => `${hex(idxTypes[d].code)} ${idxTypes[d].label}`).join(', ');
    return fail(`unknown IDX type byte ${hex(raw[2])} in magic number ${magic} (expected ${known})`);
  }
  const ndims = raw[3];
  if (ndims === 0) fail(`IDX magic number ${magic} declares 0 dimensions (expected at least 1)`);

  const headerSize = 4 + 4 * ndims;
  if (raw.length < headerSize) {
    fail(`truncated IDX header: expected ${headerSize} bytes for ${ndims} dimensions, ${found} ${raw.length}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));

  let count = 1;
  for (const d of shape) count *= d;
  const expected = headerSize + count * idxTypes[dtype].size;
  if (!Number.isSafeInteger(expected)) fail(`IDX dimensions ${shape.join('x')} are too large`);
  return { dtype, shape, headerSize, count, expected, layout: `header ${headerSize} + ${shape.join('x')} ${dtype}` };
}

/**
 * Parses the bytes of an IDX file (gzipped or not; gzip is recognised by its magic number).
 * The size the header declares is checked against `limits.maxBytes` (default
 * {@link defaultIdxLimits}) before the body is read; a gzip stream is inflated header first, then
 * at most to the declared size, so a small file cannot decompress to gigabytes.
 * Every check failure throws an Error whose one-line message starts with `path`.
 *
 * @example
 * const labels = parseIdx(readFileSync('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte');
 * labels.shape; // [60000]
 */
export function parseIdx(bytes: Uint8Array, path = '<IDX bytes>', limits: IdxLimits = {}): Idx {
  const fail = (message: string): never => {
    throw new Error(`${path}: ${message}`);
  };
  const maxBytes = limits.maxBytes ?? defaultIdxLimits.maxBytes;
  const gzipped = isGzip(bytes);
  const found = gzipped ? 'found after gunzip' : 'found';
  const header = readHeader(gzipped ? gunzipHeader(bytes, fail) : bytes, found, fail);
  const { dtype, shape, headerSize, count, expected, layout } = header;
  if (expected > maxBytes) {
    fail(`the IDX header declares ${shape.join('x')} ${dtype} = ${withCommas(expected)} bytes, more than the limit of ${withCommas(maxBytes)} bytes`);
  }
  let raw = bytes;
  if (gzipped) {
    try {
      // one byte more than declared, so "more than declared" is told apart from "exactly"
      raw = gunzipSync(bytes, { maxOutputLength: Math.min(expected + 1, bufferConstants.MAX_LENGTH) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        fail(`gzip data decompresses to more than ${withCommas(expected)} bytes, the size its IDX header declares (${layout})`);
      }
      fail(`corrupt gzip data: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (raw.length !== expected) {
    const what = raw.length < expected ? 'truncated IDX file' : 'IDX file has trailing bytes';
    fail(`${what}: expected ${expected} bytes (${layout}), ${found} ${raw.length}`);
  }

  const data = allocateIdx(dtype, count);
  const body = raw.subarray(headerSize);
  if (data instanceof Uint8Array) {
    data.set(body);
  } else if (data instanceof Int8Array) {
    data.set(new Int8Array(body.buffer, body.byteOffset, body.length));
  } else {
    // Multi-byte elements are big-endian; DataView reads them right on any host.
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (data instanceof Int16Array) for (let i = 0; i < count; i++) data[i] = dv.getInt16(2 * i, false);
    else if (data instanceof Int32Array) for (let i = 0; i < count; i++) data[i] = dv.getInt32(4 * i, false);
    else if (data instanceof Float32Array) for (let i = 0; i < count; i++) data[i] = dv.getFloat32(4 * i, false);
    else for (let i = 0; i < count; i++) data[i] = dv.getFloat64(8 * i, false);
  }
  return { dtype, shape, data } as Idx;
}

/**
 * Reads and parses the IDX file at `path` (raw or gzipped); a file larger than `limits.maxBytes`
 * is refused before it is read (see {@link parseIdx}). Errors are one line naming `path`.
 *
 * @example
 * const images = readIdx('data/train-images-idx3-ubyte.gz');
 * images.dtype; // 'uint8'
 * images.shape; // [60000, 28, 28]
 */
export function readIdx(path: string, limits: IdxLimits = {}): Idx {
  const maxBytes = limits.maxBytes ?? defaultIdxLimits.maxBytes;
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size > maxBytes) throw new Error(`${path}: the file is ${withCommas(size)} bytes, more than the limit of ${withCommas(maxBytes)} bytes`);
  const bytes = readFileBytes(path);
  return parseIdx(bytes, path, limits);
}

/**
 * Encodes `idx` as the bytes of an IDX file (not gzipped). The shape must have 1 to 255
 * dimensions, each below 2^32, and match the data's length; the dtype must match the array.
 *
 * @example
 * encodeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 2, 1) });
 * // 00 00 08 01 | 00 00 00 03 | 07 02 01
 */
export function encodeIdx(idx: Idx): Uint8Array {
  const { dtype, shape, data } = idx;
  const info = idxTypes[dtype];
  if (info === undefined) throw new Error(`encodeIdx: unknown dtype ${String(dtype)}`);
  if (dtypeOfIdxArray(data) !== dtype) {
    throw new Error(`encodeIdx: dtype ${dtype} does not match data (${data.constructor.name})`);
  }
  if (shape.length < 1 || shape.length > 255) {
    throw new Error(`encodeIdx: an IDX file has 1 to 255 dimensions, got shape [${shape.join(', ')}]`);
  }
  let count = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new Error(`encodeIdx: dimension ${d} in shape [${shape.join(', ')}] is not a uint32`);
    }
    count *= d;
  }
  if (count !== data.length) {
    throw new Error(`encodeIdx: shape [${shape.join(', ')}] holds ${count} elements but data has ${data.length}`);
  }
  const headerSize = 4 + 4 * shape.length;
  const out = new Uint8Array(headerSize + count * info.size);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  if (data instanceof Uint8Array) out.set(data, headerSize);
  else if (data instanceof Int8Array) out.set(new Uint8Array(data.buffer, data.byteOffset, data.length), headerSize);
  else if (data instanceof Int16Array) data.forEach((v, i) => view.setInt16(headerSize + 2 * i, v, false));
  else if (data instanceof Int32Array) data.forEach((v, i) => view.setInt32(headerSize + 4 * i, v, false));
  else if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(headerSize + 4 * i, v, false));
  else data.forEach((v, i) => view.setFloat64(headerSize + 8 * i, v, false));
  return out;
}

/** Options for {@link writeIdx}. */
export interface WriteIdxOptions {
  /** Gzip the file; by default, when `path` ends in `.gz`. */
  gzip?: boolean;
}

/**
 * Writes `idx` to `path` as an IDX file, atomically; gzipped when `path` ends in `.gz` (or
 * `options.gzip` says so).
 *
 * @example
 * writeIdx('my-data/train-labels-idx1-ubyte.gz', { dtype: 'uint8', shape: [2], data: Uint8Array.of(3, 1) });
 */
export function writeIdx(path: string, idx: Idx, options: WriteIdxOptions = {}): void {
  const bytes = encodeIdx(idx);
  const gzip = options.gzip ?? path.endsWith('.gz');
  writeFileAtomicSync(path, gzip ? gzipSync(bytes) : bytes);
}
