// Specification of the IDX reader and writer: layout, round trips, gzip, and one-line errors.

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultIdxLimits, encodeIdx, isGzip, parseIdx, readIdx, writeIdx } from '../../src/data/idx.js';
import type { Idx } from '../../src/data/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds IDX bytes by hand: the header from its parts, then the given body bytes. */
function idxBytes(type: number, dims: number[], body: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...body]);
}

/** Asserts `fn` throws one line that starts with `path` and matches `pattern`. */
function expectOneLineError(fn: () => unknown, path: string, pattern: RegExp): void {
  let message = '';
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message.startsWith(`${path}: `), message).toBe(true);
  expect(message).not.toContain('\n');
  expect(message).toMatch(pattern);
}

describe('parseIdx', () => {
  it('reads the MNIST-style layout: zero bytes, type, ndims, big-endian dims, data', () => {
    const idx = parseIdx(idxBytes(0x08, [2, 3], [0, 1, 2, 253, 254, 255]), 'x');
    expect(idx.dtype).toBe('uint8');
    expect(idx.shape).toEqual([2, 3]);
    expect(Array.from(idx.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('reads multi-byte elements as big-endian', () => {
    expect(Array.from(parseIdx(idxBytes(0x0b, [2], [0x01, 0x02, 0xff, 0xfe])).data)).toEqual([258, -2]);
    expect(Array.from(parseIdx(idxBytes(0x0c, [1], [0xff, 0xff, 0xff, 0xfd])).data)).toEqual([-3]);
    // 0x3FC00000 is 1.5 as a float32; 0xC004000000000000 is -2.5 as a float64.
    expect(Array.from(parseIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0, 0])).data)).toEqual([1.5]);
    expect(Array.from(parseIdx(idxBytes(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0])).data)).toEqual([-2.5]);
    expect(Array.from(parseIdx(idxBytes(0x09, [2], [0x80, 0x7f])).data)).toEqual([-128, 127]);
  });

  it('reads dimensions of 2^24 and above (all four bytes of a dim matter)', () => {
    const bytes = idxBytes(0x08, [0x01000000, 0], []);
    expect(parseIdx(bytes).shape).toEqual([16777216, 0]);
  });

  it('gunzips data that starts with the gzip magic number', () => {
    const raw = idxBytes(0x08, [3], [7, 8, 9]);
    const gz = gzipSync(raw);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(Array.from(parseIdx(gz, 'x.gz').data)).toEqual([7, 8, 9]);
  });

  it('returns arrays that own their memory (not views into the input)', () => {
    const bytes = idxBytes(0x08, [2], [1, 2]);
    const idx = parseIdx(bytes);
    bytes[8] = 99;
    expect(Array.from(idx.data)).toEqual([1, 2]);
  });
});

describe('IDX corruption gives one line naming the path', () => {
  const path = 'data/train-images-idx3-ubyte';

  it('bad magic: the first two bytes are not zero', () => {
    const bytes = idxBytes(0x08, [1], [0]);
    bytes[0] = 0x12;
    expectOneLineError(() => parseIdx(bytes, path), path, /bad IDX magic number 0x12 0x00 0x08 0x01/);
  });

  it('unknown type byte', () => {
    expectOneLineError(() => parseIdx(idxBytes(0x07, [1], [0]), path), path, /unknown IDX type byte 0x07.*0x08 ubyte/);
  });

  it('zero dimensions', () => {
    expectOneLineError(() => parseIdx(Uint8Array.of(0, 0, 8, 0), path), path, /0 dimensions/);
  });

  it('file shorter than the magic number', () => {
    expectOneLineError(() => parseIdx(Uint8Array.of(0, 0), path), path, /truncated IDX header: expected at least 4 bytes, found 2/);
  });

  it('header cut inside the dimensions', () => {
    const bytes = idxBytes(0x08, [60000, 28, 28], []).subarray(0, 10);
    expectOneLineError(() => parseIdx(bytes, path), path, /truncated IDX header: expected 16 bytes for 3 dimensions, found 10/);
  });

  it('truncated data, with the expected size spelled out', () => {
    const bytes = new Uint8Array(1000);
    bytes.set(idxBytes(0x08, [60000, 28, 28], []));
    expectOneLineError(
      () => parseIdx(bytes, path),
      path,
      /^data\/train-images-idx3-ubyte: truncated IDX file: expected 47040016 bytes \(header 16 \+ 60000x28x28 uint8\), found 1000$/,
    );
  });

  it('trailing bytes after the data', () => {
    const bytes = idxBytes(0x0c, [2], [0, 0, 0, 1, 0, 0, 0, 2, 9]);
    expectOneLineError(() => parseIdx(bytes, path), path, /trailing bytes: expected 16 bytes \(header 8 \+ 2 int32\), found 17/);
  });

  it('dims that do not match the data (declared 3x3, holding 2x3)', () => {
    const bytes = idxBytes(0x08, [3, 3], [1, 2, 3, 4, 5, 6]);
    expectOneLineError(() => parseIdx(bytes, path), path, /truncated IDX file: expected 21 bytes \(header 12 \+ 3x3 uint8\), found 18/);
  });

  it('truncated gzip stream', () => {
    const gz = gzipSync(idxBytes(0x08, [100], new Array<number>(100).fill(3)));
    expectOneLineError(() => parseIdx(gz.subarray(0, gz.length - 10), `${path}.gz`), `${path}.gz`, /corrupt gzip data/);
  });

  it('a gzip stream cut inside its own header', () => {
    expectOneLineError(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3), `${path}.gz`), `${path}.gz`, /corrupt gzip data: unexpected end of file/);
  });

  it('gzip data that is not deflate', () => {
    const bad = Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
    expectOneLineError(() => parseIdx(bad, `${path}.gz`), `${path}.gz`, /corrupt gzip data: /);
  });

  it('size checks inside a gzip file say the count is after gunzip', () => {
    const gz = gzipSync(idxBytes(0x08, [5], [1, 2, 3]));
    expectOneLineError(() => parseIdx(gz, `${path}.gz`), `${path}.gz`, /expected 13 bytes .* found after gunzip 11/);
  });

  it('dimensions too large to address', () => {
    const bytes = idxBytes(0x0e, [0xffffffff, 0xffffffff, 0xffffffff], []);
    expectOneLineError(() => parseIdx(bytes, path), path, /too large/);
  });
});

describe('readIdx / writeIdx', () => {
  it('round-trips every dtype through a file, raw and gzipped', () => {
    const cases: Idx[] = [
      { dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(0, 128, 255, 1) },
      { dtype: 'int8', shape: [3], data: Int8Array.of(-128, 0, 127) },
      { dtype: 'int16', shape: [1, 3], data: Int16Array.of(-32768, 258, 32767) },
      { dtype: 'int32', shape: [2], data: Int32Array.of(-2147483648, 2147483647) },
      { dtype: 'float32', shape: [2, 1, 1], data: Float32Array.of(-0.1, 3.5e38) },
      { dtype: 'float64', shape: [2], data: Float64Array.of(Math.PI, -1e-308) },
      { dtype: 'uint8', shape: [0, 28, 28], data: new Uint8Array(0) },
    ];
    cases.forEach((idx, i) => {
      for (const name of [`case${i}-idx`, `case${i}-idx.gz`]) {
        const path = join(dir, name);
        writeIdx(path, idx);
        const back = readIdx(path);
        expect(back.dtype).toBe(idx.dtype);
        expect(back.shape).toEqual(idx.shape);
        expect(back.data).toEqual(idx.data);
      }
    });
  });

  it('gzips when the name ends in .gz or when asked', () => {
    const idx: Idx = { dtype: 'uint8', shape: [1], data: Uint8Array.of(5) };
    writeIdx(join(dir, 'a.gz'), idx);
    writeIdx(join(dir, 'b'), idx, { gzip: true });
    writeIdx(join(dir, 'c'), idx);
    expect(isGzip(readFileSync(join(dir, 'a.gz')))).toBe(true);
    expect(isGzip(readFileSync(join(dir, 'b')))).toBe(true);
    expect(isGzip(readFileSync(join(dir, 'c')))).toBe(false);
    expect(gunzipSync(readFileSync(join(dir, 'b')))).toEqual(Buffer.from(encodeIdx(idx)));
  });

  it('round-trips random float64 tensors (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc
            .array(fc.double(), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })
            .map((values) => ({ shape, values })),
        ),
        ({ shape, values }) => {
          const idx: Idx = { dtype: 'float64', shape, data: Float64Array.from(values) };
          const back = parseIdx(encodeIdx(idx));
          expect(back.shape).toEqual(shape);
          expect(back.data).toEqual(idx.data);
        },
      ),
    );
  });

  it('a missing file is one line naming the path', () => {
    const path = join(dir, 'nope-idx1-ubyte');
    expectOneLineError(() => readIdx(path), path, /no such file/);
  });

  it('encodeIdx rejects shapes that do not match the data or the format', () => {
    expect(() => encodeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(1, 2) })).toThrow(/3 elements but data has 2/);
    expect(() => encodeIdx({ dtype: 'uint8', shape: [], data: Uint8Array.of(1) })).toThrow(/1 to 255 dimensions/);
    expect(() => encodeIdx({ dtype: 'uint8', shape: [-1], data: Uint8Array.of() })).toThrow(/not a uint32/);
    const mismatched = { dtype: 'int32', shape: [1], data: Float32Array.of(1) } as unknown as Idx;
    expect(() => encodeIdx(mismatched)).toThrow(/does not match/);
  });

  it('writes the header bytes of the format exactly', () => {
    const bytes = encodeIdx({ dtype: 'int16', shape: [2, 1], data: Int16Array.of(1, -1) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 1, 0xff, 0xff]);
  });

  it('writing leaves no temporary file behind', () => {
    writeIdx(join(dir, 'tidy-idx'), { dtype: 'uint8', shape: [1], data: Uint8Array.of(1) });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('IDX limits: decompression is bounded by the size the header declares', () => {
  const path = 'bomb-idx3-ubyte.gz';

  it('stops a gzip bomb at the declared size and says so (20 MB of zeros behind a 28-byte IDX)', () => {
    const declared = idxBytes(0x08, [3, 2, 2], new Array<number>(12).fill(7));
    const bomb = new Uint8Array(20_000_000);
    bomb.set(declared);
    const gz = gzipSync(bomb, { level: 1 });
    expect(gz.length).toBeLessThan(200_000);
    expectOneLineError(() => parseIdx(gz, path), path, /: gzip data decompresses to more than 28 bytes, the size its IDX header declares \(header 16 \+ 3x2x2 uint8\)$/);
  });

  it('reads the header of a gzip of zeros and names the real fault, not "corrupt gzip data"', () => {
    const gz = gzipSync(new Uint8Array(5_000_000), { level: 1 });
    expectOneLineError(() => parseIdx(gz, path, { maxBytes: 1_000_000 }), path, /unknown IDX type byte 0x00 in magic number 0x00 0x00 0x00 0x00/);
  });

  it('refuses a declared size above the limit before decompressing the body', () => {
    expect(defaultIdxLimits.maxBytes).toBe(1_000_000_000);
    const huge = gzipSync(idxBytes(0x08, [100_000, 100, 100], [1, 2, 3]));
    expectOneLineError(() => parseIdx(huge, path), path, /: the IDX header declares 100000x100x100 uint8 = 1,000,000,016 bytes, more than the limit of 1,000,000,000 bytes$/);
    const raw = idxBytes(0x0b, [3, 4], new Array<number>(24).fill(0));
    expectOneLineError(() => parseIdx(raw, 'r', { maxBytes: 35 }), 'r', /: the IDX header declares 3x4 int16 = 36 bytes, more than the limit of 35 bytes$/);
    expect(parseIdx(raw, 'r', { maxBytes: 36 }).shape).toEqual([3, 4]);
  });

  it('reads a gzip file whose header carries a long file name (the header is found however far it is)', () => {
    const idx = idxBytes(0x08, [4], [9, 8, 7, 6]);
    const name = new TextEncoder().encode('x'.repeat(50_000));
    const trailer = new Uint8Array(8);
    new DataView(trailer.buffer).setUint32(0, crc32(idx), true);
    new DataView(trailer.buffer).setUint32(4, idx.length, true);
    // ID1 ID2 CM=8 FLG=FNAME MTIME(4) XFL OS, the zero-terminated name, the deflate stream, CRC32, ISIZE
    const gz = Uint8Array.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 255, ...name, 0, ...deflateRawSync(idx), ...trailer]);
    expect(Array.from(parseIdx(gz, path).data)).toEqual([9, 8, 7, 6]);
  });

  it('refuses a file larger than the limit before reading it', () => {
    const file = join(dir, 'big-idx1-ubyte');
    writeFileSync(file, idxBytes(0x08, [20], new Array<number>(20).fill(1)));
    expectOneLineError(() => readIdx(file, { maxBytes: 27 }), file, /: the file is 28 bytes, more than the limit of 27 bytes$/);
    expect(readIdx(file, { maxBytes: 28 }).shape).toEqual([20]);
  });
});
