// Specification of the safetensors codec: an independent fixture, round trips, strict decoding.

import { errorOf } from '../support/error-of.js';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  maxHeaderBytes,
  saveSafetensors,
} from '../../src/io/safetensors.js';
import type { NamedArray } from '../../src/io/safetensors.js';

const fixturePath = fileURLToPath(new URL('../fixtures/reference.safetensors', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'nabla-st-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The tensors test/fixtures/make_safetensors.py writes, in the order it is given them.
const referenceTensors: Record<string, NamedArray> = {
  weight: { dtype: 'float32', shape: [2, 3], data: Float32Array.of(1.5, -2.25, -0, Infinity, 0.125, -1024) },
  bias: { dtype: 'float64', shape: [3], data: Float64Array.of(0.1, -1e-300, 6.02214076e23) },
  labels: { dtype: 'int32', shape: [4], data: Int32Array.of(5, 0, -1, 2147483647) },
  scale: { dtype: 'float32', shape: [], data: Float32Array.of(0.5) },
  empty: { dtype: 'int32', shape: [0], data: new Int32Array(0) },
};
const referenceMetadata = { format: 'nabla', note: 'reference fixture — ünïcode ✓!' };

/** A file from a header object (serialised as given) and a byte buffer, padded like ours. */
function craft(header: unknown, buffer: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}


describe('the reference file written by Python json + struct', () => {
  const bytes = readFileSync(fixturePath);

  it('decodes to the known values, dtypes and shapes', () => {
    const { tensors, metadata } = decodeSafetensors(bytes, fixturePath);
    expect(metadata).toEqual(referenceMetadata);
    for (const [name, expected] of Object.entries(referenceTensors)) {
      expect(tensors[name].dtype).toBe(expected.dtype);
      expect(tensors[name].shape).toEqual(expected.shape);
      expect(tensors[name].data).toEqual(expected.data);
    }
    expect(Object.is(tensors.weight.data[2], -0)).toBe(true);
    expect(Object.keys(tensors)).toEqual(['bias', 'weight', 'labels', 'scale', 'empty']);
  });

  it('is byte-for-byte what our encoder writes for the same tensors', () => {
    const ours = encodeSafetensors(referenceTensors, referenceMetadata);
    expect(Buffer.from(ours).equals(bytes)).toBe(true);
  });

  it('pads its header with spaces to a multiple of 8 (the fixture exercises padding)', () => {
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    expect(bytes[8 + n - 1]).toBe(0x20);
  });
});

describe('encodeSafetensors', () => {
  it('writes the layout of the spec: u64 LE length, JSON, little-endian data', () => {
    const bytes = encodeSafetensors({ x: { dtype: 'int32', shape: [2], data: Int32Array.of(1, -2) } });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(header).toBe('{"x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}'.padEnd(n, ' '));
    expect(n % 8).toBe(0);
    expect(Array.from(bytes.subarray(8 + n))).toEqual([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
  });

  it('omits __metadata__ when there is none', () => {
    const text = new TextDecoder().decode(encodeSafetensors({}));
    expect(text).not.toContain('__metadata__');
    expect(decodeSafetensors(encodeSafetensors({}))).toEqual({ tensors: {}, metadata: {} });
  });

  it('stores float64 tensors first so every tensor is aligned to its element size', () => {
    const bytes = encodeSafetensors({
      a: { dtype: 'float32', shape: [1], data: Float32Array.of(1) },
      b: { dtype: 'float64', shape: [1], data: Float64Array.of(2) },
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
    expect(header.b.data_offsets).toEqual([0, 8]);
    expect(header.a.data_offsets).toEqual([8, 12]);
  });

  it('keeps integer-like names in the order given', () => {
    const t = (v: number): NamedArray => ({ dtype: 'float32', shape: [1], data: Float32Array.of(v) });
    const tensors = new Map([
      ['w', t(0)],
      ['10', t(1)],
    ]);
    const bytes = encodeSafetensors(Object.fromEntries(tensors));
    // A JS object iterates "10" before "w"; the header must still match its data.
    const back = decodeSafetensors(bytes);
    expect(back.tensors['10'].data[0]).toBe(1);
    expect(back.tensors.w.data[0]).toBe(0);
  });

  it('rejects inconsistent tensors and non-string metadata', () => {
    const f = (shape: number[], data: NamedArray['data'], dtype: NamedArray['dtype'] = 'float32') => () =>
      encodeSafetensors({ t: { dtype, shape, data } });
    expect(f([3], Float32Array.of(1, 2))).toThrow(/"t" has shape \[3\] \(3 elements\) but 2 values/);
    expect(f([1], Float64Array.of(1))).toThrow(/dtype float32 but its data is a Float64Array/);
    expect(f([-1], new Float32Array(0))).toThrow(/invalid shape/);
    expect(() => encodeSafetensors({ __metadata__: { dtype: 'int32', shape: [0], data: new Int32Array(0) } })).toThrow(/reserved/);
    expect(() => encodeSafetensors({}, { a: 1 as unknown as string })).toThrow(/metadata "a" must be a string/);
  });
});

describe('round trips', () => {
  it('preserves every dtype, empty and scalar shapes, extreme values, and metadata', () => {
    const tensors: Record<string, NamedArray> = {
      scalar64: { dtype: 'float64', shape: [], data: Float64Array.of(-Math.PI) },
      empty32: { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
      ints: { dtype: 'int32', shape: [3], data: Int32Array.of(-2147483648, 0, 2147483647) },
      floats: { dtype: 'float32', shape: [2, 2], data: Float32Array.of(Number.NaN, -Infinity, 1e-45, 3.4028234e38) },
      doubles: { dtype: 'float64', shape: [1, 1, 2], data: Float64Array.of(Number.MIN_VALUE, Number.MAX_VALUE) },
      'layers.0.weight': { dtype: 'float32', shape: [1], data: Float32Array.of(7) },
    };
    const back = decodeSafetensors(encodeSafetensors(tensors, { epoch: '3', '': 'empty key' }));
    expect(back.metadata).toEqual({ epoch: '3', '': 'empty key' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.tensors[name]).toEqual(t);
    }
  });

  it('holds for random tensors (property)', () => {
    const arb = fc.oneof(
      fc.array(fc.double(), { maxLength: 6 }).map((v): NamedArray => ({ dtype: 'float64', shape: [v.length], data: Float64Array.from(v) })),
      fc.array(fc.float(), { maxLength: 6 }).map((v): NamedArray => ({ dtype: 'float32', shape: [v.length, 1], data: Float32Array.from(v) })),
      fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 6 }).map(
        (v): NamedArray => ({ dtype: 'int32', shape: [1, v.length], data: Int32Array.from(v) }),
      ),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), arb), fc.dictionary(fc.string(), fc.string()), (tensors, metadata) => {
        fc.pre(!('__metadata__' in tensors));
        const back = decodeSafetensors(encodeSafetensors(tensors, metadata));
        expect(back.metadata).toEqual(metadata);
        expect(back.tensors).toEqual(tensors);
      }),
    );
  });

  it('saveSafetensors writes atomically and loadSafetensors reads it back', () => {
    const path = join(root, 'model.safetensors');
    saveSafetensors(path, { w: { dtype: 'float32', shape: [2], data: Float32Array.of(1, 2) } }, { step: '10' });
    expect(readdirSync(root)).toEqual(['model.safetensors']);
    const { tensors, metadata } = loadSafetensors(path);
    expect(Array.from(tensors.w.data)).toEqual([1, 2]);
    expect(metadata).toEqual({ step: '10' });
  });

  it('a tensor named __proto__ is an ordinary entry', () => {
    const text = '{"__proto__":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}';
    const back = decodeSafetensors(craft(null, new Uint8Array(Int32Array.of(9).buffer), text));
    expect(Object.getPrototypeOf(back.tensors)).toBe(Object.prototype);
    expect(Object.keys(back.tensors)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(back.tensors, '__proto__')?.value.data[0]).toBe(9);
  });
});

describe('decoding errors are one line naming the path', () => {
  const path = 'runs/model.safetensors';
  const good = { t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const eight = new Uint8Array(8);
  const expectError = (bytes: Uint8Array, pattern: RegExp): void => {
    const message = errorOf(() => decodeSafetensors(bytes, path));
    expect(message.startsWith(`${path}: `), message).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).toMatch(pattern);
  };

  it('accepts the well-formed file these cases corrupt', () => {
    expect(Array.from(decodeSafetensors(craft(good, eight), path).tensors.t.data)).toEqual([0, 0]);
  });

  it('a file shorter than the length field', () => {
    expectError(new Uint8Array(5), /5 bytes, too short/);
  });

  it('a header length beyond the file', () => {
    const bytes = craft(good, eight);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(bytes.length), true);
    expectError(bytes, /truncated safetensors file: header length \d+ needs \d+ bytes, found \d+/);
  });

  it('an absurd header length', () => {
    const bytes = craft(good, eight);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 63n, true);
    expectError(bytes, new RegExp(`exceeds the limit of ${maxHeaderBytes}`));
  });

  it('a header that does not start with {', () => {
    expectError(craft(null, eight, ` ${JSON.stringify(good)}`), /must start with '\{'/);
  });

  it('a header that is not UTF-8', () => {
    const bytes = craft(null, new Uint8Array(0), '{"a":"xx"}');
    bytes[14] = 0xff;
    expectError(bytes, /not valid UTF-8/);
  });

  it('a header that is not JSON, or has text after the object', () => {
    expectError(craft(null, eight, '{"t":'), /not valid JSON/);
    expectError(craft(null, new Uint8Array(0), '{}  x'), /not valid JSON/);
  });

  it('a duplicated tensor name', () => {
    const text = '{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}, "t" :{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expectError(craft(null, eight, text), /names "t" twice/);
  });

  it('metadata that is not an object of strings', () => {
    expectError(craft({ __metadata__: { epoch: 3 }, ...good }, eight), /"__metadata__" value for "epoch" must be a string, found a number/);
    expectError(craft({ __metadata__: ['a'], ...good }, eight), /"__metadata__" must be an object of strings, found an array/);
  });

  it('an unsupported or unknown dtype, naming the dtype and the tensor', () => {
    expectError(
      craft({ half: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }, eight),
      /tensor "half" has dtype "F16", which nabla does not read \(supported: F32, F64, I32\)/,
    );
    expectError(craft({ q: { dtype: 'Q4', shape: [1], data_offsets: [0, 8] } }, eight), /tensor "q" has dtype "Q4"/);
    expectError(craft({ q: { shape: [1], data_offsets: [0, 8] } }, eight), /tensor "q" has no string "dtype"/);
  });

  it('a malformed entry, shape or data_offsets', () => {
    expectError(craft({ t: 3 }, eight), /tensor "t" must be an object .* found a number/);
    expectError(craft({ t: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, eight), /tensor "t" has invalid "shape" \[-2\]/);
    expectError(craft({ t: { dtype: 'F32', shape: [2.5], data_offsets: [0, 8] } }, eight), /invalid "shape"/);
    expectError(craft({ t: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, eight), /invalid "data_offsets" \[8,0\]/);
    expectError(craft({ t: { dtype: 'F32', shape: [2], data_offsets: [0] } }, eight), /invalid "data_offsets"/);
  });

  it('a byte range that does not match dtype and shape', () => {
    expectError(
      craft({ t: { dtype: 'F64', shape: [2], data_offsets: [0, 8] } }, eight),
      /tensor "t" is F64 \[2\] = 16 bytes but data_offsets \[0, 8\] span 8/,
    );
  });

  it('a byte range beyond the buffer', () => {
    expectError(
      craft({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, eight),
      /data_offsets \[0, 16\] beyond the 8-byte buffer/,
    );
  });

  it('overlapping tensors', () => {
    const header = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    };
    expectError(craft(header, eight), /tensor "b" data_offsets \[4, 8\] overlap the previous tensor/);
  });

  it('a hole in the buffer', () => {
    const header = { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    expectError(craft(header, eight), /hole: bytes \[0, 4\) belong to no tensor/);
  });

  it('bytes after the last tensor', () => {
    expectError(craft(good, new Uint8Array(12)), /4 bytes after the last tensor/);
  });

  it('loadSafetensors names a missing file', () => {
    const missing = join(root, 'absent.safetensors');
    expect(existsSync(missing)).toBe(false);
    expect(errorOf(() => loadSafetensors(missing))).toBe(`${missing}: no such file`);
  });

  it('loadSafetensors names a corrupt file', () => {
    const corrupt = join(root, 'corrupt.safetensors');
    writeFileSync(corrupt, readFileSync(fixturePath).subarray(0, 100));
    expect(errorOf(() => loadSafetensors(corrupt))).toMatch(new RegExp(`^${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated`));
  });
});
