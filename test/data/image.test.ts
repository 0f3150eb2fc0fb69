// Specification of digit images from PNG: luminance, alpha over white, area resizing, inversion to white-on-black.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { borderMean, decodePngGray, isPng, padToSquare, readDigitImage, resizeArea, toDigitImage, type GrayImage } from '../../src/data/image.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-image-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Encodes an RGBA PNG whose pixel (x, y) is `color(x, y)`. */
function png(width: number, height: number, color: (x: number, y: number) => [number, number, number, number?]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = color(x, y);
      image.data.set([r, g, b, a], 4 * (y * width + x));
    }
  }
  return PNG.sync.write(image);
}

const gray = (width: number, height: number, values: number[]): GrayImage => ({ width, height, pixels: Float32Array.from(values) });

describe('decodePngGray', () => {
  it('uses BT.601 luminance 0.299 R + 0.587 G + 0.114 B, scaled to [0, 1]', () => {
    const colors: Array<[number, number, number]> = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0], [51, 102, 204]];
    const image = decodePngGray(png(colors.length, 1, (x) => colors[x]));
    expect([image.width, image.height]).toEqual([6, 1]);
    const expected = colors.map(([r, g, b]) => (0.299 * r + 0.587 * g + 0.114 * b) / 255);
    Array.from(image.pixels).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('composites transparency over white', () => {
    // opaque black, fully transparent black, half-transparent black (alpha 51/255 = 0.2)
    const image = decodePngGray(png(3, 1, (x) => [0, 0, 0, [255, 0, 51][x]]));
    expect(image.pixels[0]).toBe(0);
    expect(image.pixels[1]).toBe(1);
    expect(image.pixels[2]).toBeCloseTo(0.8, 6);
  });

  it('reads grayscale PNGs as well as colour ones', () => {
    const source = new PNG({ width: 2, height: 1, colorType: 0 });
    source.data.set([10, 10, 10, 255, 200, 200, 200, 255]);
    const bytes = PNG.sync.write(source, { colorType: 0, inputColorType: 6 });
    expect(Array.from(decodePngGray(bytes).pixels).map((v) => Math.round(v * 255))).toEqual([10, 200]);
  });

  it('rejects bytes that are not a PNG, and a corrupt PNG, naming the source', () => {
    expect(isPng(Buffer.from('GIF89a....'))).toBe(false);
    expect(() => decodePngGray(Buffer.from('GIF89a not a png'), 'digit.gif')).toThrow('digit.gif: not a PNG file (it does not start with the PNG signature)');
    const truncated = png(4, 4, () => [0, 0, 0]).subarray(0, 30);
    expect(isPng(truncated)).toBe(true);
    expect(() => decodePngGray(truncated, 'cut.png')).toThrow(/^cut\.png: corrupt PNG: /);
  });
});

describe('resizeArea', () => {
  it('downscales by whole factors to block means', () => {
    const src = gray(4, 2, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(resizeArea(src, 2, 1).pixels)).toEqual([(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4]);
  });

  it('weights source pixels by overlap for fractional factors (3×3 → 2×2, worked by hand)', () => {
    // source values 0..8 row-major; output (0,0) covers [0,1.5)²: weights 1, ½, ½, ¼ on values 0, 1, 3, 4
    const out = resizeArea(gray(3, 3, [0, 1, 2, 3, 4, 5, 6, 7, 8]), 2, 2).pixels;
    expect(out[0]).toBeCloseTo((0 * 1 + 1 * 0.5 + 3 * 0.5 + 4 * 0.25) / 2.25, 6);
    // the mean is preserved: area averaging conserves total intensity
    expect((out[0] + out[1] + out[2] + out[3]) / 4).toBeCloseTo(4, 6);
  });

  it('is the identity at the same size and replicates when upscaling', () => {
    const src = gray(2, 2, [0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(resizeArea(src, 2, 2).pixels)).toEqual(Array.from(src.pixels));
    expect(Array.from(resizeArea(gray(1, 1, [0.25]), 3, 2).pixels)).toEqual(new Array(6).fill(0.25));
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => resizeArea(gray(1, 1, [0]), 0, 2)).toThrow(/positive integers, got 0×2/);
  });
});

describe('toDigitImage', () => {
  it('inverts a dark digit on a light background to white on black', () => {
    // white 4×4 page with a black 2×2 centre
    const src = gray(4, 4, [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(borderMean(src)).toBe(1);
    const digit = toDigitImage(src, { size: 4 });
    expect(digit.inverted).toBe(true);
    expect(Array.from(digit.pixels)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('keeps a white-on-black digit as it is', () => {
    const src = gray(2, 2, [0, 0.5, 0, 0]);
    const digit = toDigitImage(src, { size: 2 });
    expect(digit.inverted).toBe(false);
    expect(Array.from(digit.pixels)).toEqual([0, 0.5, 0, 0]);
  });

  it('honours a forced inversion either way', () => {
    const src = gray(2, 2, [0, 0.25, 0, 0]);
    expect(Array.from(toDigitImage(src, { size: 2, invert: true }).pixels)).toEqual([1, 0.75, 1, 1]);
    expect(toDigitImage(gray(2, 2, [1, 1, 1, 1]), { size: 2, invert: false }).inverted).toBe(false);
  });

  it('pads a non-square image with its background, keeping the aspect ratio', () => {
    const wide = gray(4, 2, [0, 0, 0, 0, 0, 1, 1, 0]);
    expect(Array.from(padToSquare(wide, 0).pixels)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(padToSquare(wide, 0.5).pixels[0]).toBe(0.5);
    // 4×3 with a dark border: padded with one dark row at the bottom, then 2×2 block means
    const digit = toDigitImage(gray(4, 3, [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]), { size: 2 });
    expect(Array.from(digit.pixels)).toEqual([0.25, 0.25, 0, 0]);
    expect(digit.source).toEqual({ width: 4, height: 3 });
  });

  it('makes 28×28 by default, every pixel in [0, 1]', () => {
    const digit = toDigitImage(gray(100, 100, Array.from({ length: 10_000 }, (_, i) => (i % 7) / 6)));
    expect([digit.width, digit.height, digit.pixels.length]).toEqual([28, 28, 784]);
    expect(Array.from(digit.pixels).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe('readDigitImage', () => {
  it('turns a 56×56 black-on-white PNG of a bar into a 28×28 white-on-black one', () => {
    const path = join(root, 'bar.png');
    // a vertical black bar, columns 24..31, rows 8..47, on white
    writeFileSync(path, png(56, 56, (x, y) => (x >= 24 && x < 32 && y >= 8 && y < 48 ? [0, 0, 0] : [255, 255, 255])));
    const digit = readDigitImage(path);
    expect(digit.inverted).toBe(true);
    expect(digit.source).toEqual({ width: 56, height: 56 });
    const at = (x: number, y: number) => digit.pixels[y * 28 + x];
    expect(at(13, 10)).toBe(1); // inside the bar: columns 12..15, rows 4..23
    expect(at(12, 23)).toBe(1);
    expect(at(11, 10)).toBe(0);
    expect(at(13, 24)).toBe(0);
    expect(Array.from(digit.pixels).reduce((a, b) => a + b, 0)).toBeCloseTo(4 * 20, 4);
  });

  it('reports a missing file and a file that is not a PNG in one line', () => {
    expect(() => readDigitImage(join(root, 'missing.png'))).toThrow(/missing\.png: no such file$/);
    const text = join(root, 'text.png');
    writeFileSync(text, 'not really a png');
    expect(() => readDigitImage(text)).toThrow(/text\.png: not a PNG file/);
  });
});

/** `bytes` (a PNG) with its IHDR declaring `width`×`height`, the chunk's CRC recomputed: a decompression bomb when large. */
function declaring(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(out.subarray(12, 29))); // over the chunk type and its 13 data bytes
  return out;
}

describe('PNG limits, checked on the IHDR before decoding', () => {
  it('refuses a 69-byte PNG declaring 65535×65535 without decoding it', () => {
    const bomb = declaring(png(1, 1, () => [0, 0, 0]), 65535, 65535);
    expect(bomb.length).toBeLessThan(100);
    const started = performance.now();
    expect(() => decodePngGray(bomb, 'bomb.png')).toThrow(/^bomb\.png: the PNG declares 65,535×65,535 pixels, more than the limit of 4,096 pixels a side$/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a valid 1×20000 PNG (padding it to a square would take 20000² pixels)', () => {
    const path = join(root, 'tall.png');
    writeFileSync(path, png(1, 20000, () => [0, 0, 0]));
    expect(() => readDigitImage(path)).toThrow(/tall\.png: the PNG declares 1×20,000 pixels, more than the limit of 4,096 pixels a side$/);
  });

  it('takes the side limit as an option, inclusive', () => {
    const bytes = png(30, 20, () => [0, 0, 0]);
    expect(() => decodePngGray(bytes, 'x.png', { maxSide: 29 })).toThrow(/^x\.png: the PNG declares 30×20 pixels, more than the limit of 29 pixels a side$/);
    expect(decodePngGray(bytes, 'x.png', { maxSide: 30 }).width).toBe(30);
  });

  it('refuses a file larger than the byte limit before reading it', () => {
    const path = join(root, 'small.png');
    const bytes = png(8, 8, () => [0, 0, 0]);
    writeFileSync(path, bytes);
    expect(() => readDigitImage(path, { maxBytes: 10 })).toThrow(new RegExp(`small\\.png: the file is ${bytes.length} bytes, more than the limit of 10 bytes$`));
    expect(readDigitImage(path, { maxBytes: bytes.length }).source).toEqual({ width: 8, height: 8 });
  });

  it('says a PNG whose first chunk is not IHDR is corrupt', () => {
    const bytes = Uint8Array.from(png(2, 2, () => [0, 0, 0]));
    bytes.set([0x49, 0x44, 0x41, 0x54], 12); // IHDR → IDAT
    expect(() => decodePngGray(bytes, 'odd.png')).toThrow(/^odd\.png: corrupt PNG: its first chunk is "IDAT", not IHDR$/);
    expect(() => decodePngGray(bytes.subarray(0, 20), 'cut.png')).toThrow(/^cut\.png: corrupt PNG: truncated before the end of its IHDR chunk \(20 bytes\)$/);
  });
});
