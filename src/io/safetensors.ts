// The safetensors file format: encoding, strict decoding, and atomic saving of named typed arrays.
//
// Layout (github.com/huggingface/safetensors): an unsigned 64-bit little-endian header length N;
// N bytes of UTF-8 JSON mapping each tensor name to { dtype, shape, data_offsets: [begin, end] }
// (offsets into the byte buffer that follows), plus an optional "__metadata__" object of strings;
// then the byte buffer, little-endian, row-major, fully covered by the tensors with no holes.

import { readFileBytes } from './read-file.js';
import type { DType, TypedArray } from '../core/dtype.js';
import { writeFileAtomicSync } from './atomic-write.js';

/** One named array in a safetensors file. */
export interface NamedArray {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** The contents of a safetensors file: its tensors (in file order) and its metadata strings. */
export interface SafetensorsContents {
  tensors: Record<string, NamedArray>;
  metadata: Record<string, string>;
}

/** The safetensors name of each dtype nabla reads and writes. */
export const safetensorsDTypes = { float32: 'F32', float64: 'F64', int32: 'I32' } as const satisfies Record<
  DType,
  string
>;

const itemSizes: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

const dtypeByName = new Map<string, DType>(
  (Object.entries(safetensorsDTypes) as [DType, string][]).map(([dtype, name]) => [name, dtype]),
);

/** The reference implementation refuses larger headers; so do we, before allocating anything. */
export const maxHeaderBytes = 100_000_000;

const metadataKey = '__metadata__';

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function allocate(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'float64') return new Float64Array(size);
  return new Int32Array(size);
}

function matchesDType(data: TypedArray, dtype: DType): boolean {
  if (dtype === 'float32') return data instanceof Float32Array;
  if (dtype === 'float64') return data instanceof Float64Array;
  return data instanceof Int32Array;
}

function elementCount(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Copies `data` into `out` at `offset` as little-endian bytes. */
function writeLittleEndian(out: Uint8Array, offset: number, data: TypedArray): void {
  if (littleEndianHost) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, data.byteLength);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else if (data instanceof Float64Array) data.forEach((v, i) => view.setFloat64(8 * i, v, true));
  else data.forEach((v, i) => view.setInt32(4 * i, v, true));
}

/** Reads `count` little-endian elements of `dtype` from `bytes` into a fresh, aligned array. */
function readLittleEndian(bytes: Uint8Array, dtype: DType, count: number): TypedArray {
  const out = allocate(dtype, count);
  if (littleEndianHost) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (out instanceof Float32Array) for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  else if (out instanceof Float64Array) for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
  else for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
  return out;
}

/**
 * Encodes named arrays (and optional metadata strings) as a safetensors file.
 *
 * Conventions, chosen so the output is canonical: the JSON header is compact (no spaces), with
 * "__metadata__" first (left out when there is no metadata) and then the tensors in the order of
 * their data; 8-byte tensors (float64) are stored before 4-byte ones, each group in the order
 * given, so every tensor's data is aligned to its element size in the file; the header is padded
 * with spaces to make 8 + N a multiple of 8.
 *
 * @example
 * const bytes = encodeSafetensors(
 *   { 'layer0.weight': { dtype: 'float32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) } },
 *   { epoch: '3' },
 * );
 */
export function encodeSafetensors(
  tensors: Record<string, NamedArray>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const fail = (message: string): never => {
    throw new Error(`encodeSafetensors: ${message}`);
  };
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === metadataKey) fail(`"${metadataKey}" is reserved and cannot name a tensor`);
    if (!(t.dtype in itemSizes)) fail(`tensor "${name}" has unsupported dtype ${String(t.dtype)}`);
    if (!matchesDType(t.data, t.dtype)) {
      fail(`tensor "${name}" has dtype ${t.dtype} but its data is a ${t.data.constructor.name}`);
    }
    for (const d of t.shape) {
      if (!Number.isSafeInteger(d) || d < 0) fail(`tensor "${name}" has invalid shape [${t.shape.join(', ')}]`);
    }
    const count = elementCount(t.shape);
    if (count !== t.data.length) {
      fail(`tensor "${name}" has shape [${t.shape.join(', ')}] (${count} elements) but ${t.data.length} values`);
    }
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') fail(`metadata "${key}" must be a string, got ${typeof value}`);
  }

  // A stable sort: float64 first, then float32 and int32, each keeping the caller's order.
  const ordered = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => itemSizes[b.entry[1].dtype] - itemSizes[a.entry[1].dtype] || a.index - b.index)
    .map(({ entry }) => entry);

  // The JSON is written by hand, not from an object, so the key order is exactly ours (a JS
  // object would move integer-like names such as "0" to the front).
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) parts.push(`${JSON.stringify(metadataKey)}:${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const [name, t] of ordered) {
    const end = offset + t.data.byteLength;
    const info = { dtype: safetensorsDTypes[t.dtype], shape: t.shape, data_offsets: [offset, end] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const [, t] of ordered) {
    writeLittleEndian(out, position, t.data);
    position += t.data.byteLength;
  }
  return out;
}

/** The names of the top-level keys of a JSON object text that is already known to be valid. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r') k++;
        // At depth 1 a string followed by ':' is a key; any other string is a value.
        if (text[k] === ':') keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      }
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Decodes a safetensors file, checking everything the format requires: the header length
 * against the file size, UTF-8 and JSON validity, no duplicate names, known dtypes, string
 * metadata, each tensor's byte range against its dtype and shape, and that the ranges tile the
 * byte buffer exactly (no overlap, no hole, nothing left over). Any failure throws an Error with
 * a one-line message starting with `path`. Arrays are copied out, so they are aligned and own
 * their memory.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(readFileSync('model.safetensors'), 'model.safetensors');
 * tensors['layer0.weight'].shape; // [784, 128]
 */
export function decodeSafetensors(bytes: Uint8Array, path = '<safetensors bytes>'): SafetensorsContents {
  const fail = (message: string): never => {
    throw new Error(`${path}: ${message}`);
  };
  if (bytes.length < 8) {
    fail(`not a safetensors file: ${bytes.length} bytes, too short for the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(maxHeaderBytes)) {
    fail(`safetensors header length ${declared} exceeds the limit of ${maxHeaderBytes} bytes`);
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    const needs = `header length ${headerLength} needs ${8 + headerLength} bytes`;
    fail(`truncated safetensors file: ${needs}, found ${bytes.length}`);
  }
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  if (headerBytes[0] !== 0x7b) fail(`safetensors header must start with '{'`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    fail('safetensors header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`safetensors header is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(header)) return fail(`safetensors header must be a JSON object, found ${describe(header)}`);
  const seen = new Set<string>();
  for (const key of topLevelKeys(text)) {
    if (seen.has(key)) fail(`safetensors header names "${key}" twice`);
    seen.add(key);
  }

  const metadata: Record<string, string> = {};
  const rawMetadata = header[metadataKey];
  if (rawMetadata !== undefined) {
    if (!isRecord(rawMetadata)) fail(`"${metadataKey}" must be an object of strings, found ${describe(rawMetadata)}`);
    for (const [key, value] of Object.entries(rawMetadata as Record<string, unknown>)) {
      if (typeof value !== 'string') {
        fail(`"${metadataKey}" value for "${key}" must be a string, found ${describe(value)}`);
      }
      Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }

  const bufferStart = 8 + headerLength;
  const bufferLength = bytes.length - bufferStart;
  interface Entry {
    name: string;
    dtype: DType;
    shape: number[];
    begin: number;
    end: number;
  }
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === metadataKey) continue;
    const at = `tensor "${name}"`;
    if (!isRecord(info)) {
      return fail(`${at} must be an object with dtype, shape and data_offsets, found ${describe(info)}`);
    }
    const { dtype: dtypeName, shape, data_offsets: offsets } = info;
    if (typeof dtypeName !== 'string') return fail(`${at} has no string "dtype"`);
    const dtype = dtypeByName.get(dtypeName);
    if (dtype === undefined) {
      const supported = Object.values(safetensorsDTypes).join(', ');
      return fail(`${at} has dtype ${JSON.stringify(dtypeName)}, which nabla does not read (supported: ${supported})`);
    }
    if (!Array.isArray(shape) || !shape.every(isIndex)) {
      return fail(`${at} has invalid "shape" ${JSON.stringify(shape)}: expected an array of non-negative integers`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
      const got = JSON.stringify(offsets);
      return fail(`${at} has invalid "data_offsets" ${got}: expected [begin, end] with 0 <= begin <= end`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > bufferLength) {
      fail(`${at} has data_offsets [${begin}, ${end}] beyond the ${bufferLength}-byte buffer`);
    }
    const count = elementCount(shape);
    const expected = count * itemSizes[dtype];
    if (expected !== end - begin) {
      const range = `data_offsets [${begin}, ${end}] span ${end - begin}`;
      fail(`${at} is ${dtypeName} [${shape.join(', ')}] = ${expected} bytes but ${range}`);
    }
    entries.push({ name, dtype, shape, begin, end });
  }

  // Sorted by position, the ranges must tile [0, bufferLength) exactly.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  for (const e of entries) {
    if (e.begin < position) {
      fail(`tensor "${e.name}" data_offsets [${e.begin}, ${e.end}] overlap the previous tensor (ends at ${position})`);
    }
    if (e.begin > position) fail(`byte buffer has a hole: bytes [${position}, ${e.begin}) belong to no tensor`);
    position = e.end;
  }
  if (position !== bufferLength) {
    const extra = bufferLength - position;
    fail(`byte buffer has ${extra} bytes after the last tensor (at ${position}) that belong to no tensor`);
  }

  const tensors = Object.fromEntries(
    entries.map((e): [string, NamedArray] => {
      const count = elementCount(e.shape);
      const data = readLittleEndian(bytes.subarray(bufferStart + e.begin, bufferStart + e.end), e.dtype, count);
      return [e.name, { dtype: e.dtype, shape: e.shape, data }];
    }),
  );
  return { tensors, metadata };
}

/**
 * Saves named arrays (and metadata strings) to `path` as a safetensors file, atomically.
 * See {@link encodeSafetensors} for the layout.
 *
 * @example
 * saveSafetensors('runs/mnist/model.safetensors', model.stateDict(), { epoch: String(epoch) });
 */
export function saveSafetensors(
  path: string,
  tensors: Record<string, NamedArray>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomicSync(path, encodeSafetensors(tensors, metadata));
}

/**
 * Loads and validates the safetensors file at `path`; errors are one line naming `path`.
 *
 * @example
 * const { tensors } = loadSafetensors('runs/mnist/model.safetensors');
 */
export function loadSafetensors(path: string): SafetensorsContents {
  const bytes = readFileBytes(path);
  return decodeSafetensors(bytes, path);
}
