// Digit images from PNG files: grayscale by luminance, area-averaged to 28×28, white on black like MNIST.
//
// The conversion, step by step:
//   1. decode the PNG (any colour type and bit depth, through pngjs) to 8-bit RGBA;
//   2. composite transparent pixels over white (as a viewer on a white page shows them);
//   3. luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, as PIL's "L" mode), scaled to [0, 1];
//   4. background = the mean of the outermost pixels; if it is light (> 0.5) the digit is dark on
//      light, so every pixel becomes 1 − Y: MNIST digits are white (1) on black (0);
//   5. pad to a square with the background (the digit keeps its aspect ratio), then resize to
//      28×28 by area averaging: each output pixel is the mean of the source area it covers.

import { existsSync, statSync } from 'node:fs';
import { readFileBytes } from '../io/read-file.js';
import { PNG } from 'pngjs';

/** A grayscale image, row-major, values in [0, 1] (1 white). */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** An image ready for the network, and what was done to it. */
export interface DigitImage extends GrayImage {
  /** True when the image was dark on light and was inverted to MNIST's white on black. */
  inverted: boolean;
  /** The size of the PNG before resizing. */
  source: { width: number; height: number };
}

export interface DigitImageOptions {
  /** Side of the square output (default 28, MNIST's). */
  size?: number;
  /** 'auto' (default) inverts a light background; true or false force it. */
  invert?: 'auto' | boolean;
}

/** Limits on a PNG, checked before it is decoded. */
export interface PngLimits {
  /** Longest side, in pixels, the IHDR may declare (the square padding costs side² pixels). */
  maxSide?: number;
  /** Largest file, in bytes, that is read at all. */
  maxBytes?: number;
}

/**
 * Default limits: 4,096 pixels a side (a 12-megapixel phone photo fits; its padded square is
 * 16.8 million pixels, a few hundred MB while converting) and a 50 MB file.
 */
export const defaultPngLimits = { maxSide: 4096, maxBytes: 50_000_000 } as const satisfies Required<PngLimits>;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Reads the width and height from the IHDR chunk, which the PNG specification places first:
 * 4-byte length, "IHDR", then width and height as big-endian uint32. `bytes` start with the signature.
 */
function declaredSize(bytes: Uint8Array, path: string): { width: number; height: number } {
  if (bytes.length < 33) throw new Error(`${path}: corrupt PNG: truncated before the end of its IHDR chunk (${bytes.length} bytes)`);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR') throw new Error(`${path}: corrupt PNG: its first chunk is ${JSON.stringify(type)}, not IHDR`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` start with the 8-byte PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && pngSignature.every((b, i) => bytes[i] === b);
}

/**
 * Decodes PNG bytes to grayscale: alpha composited over white, then BT.601 luminance in [0, 1].
 * The size the IHDR declares is checked against `limits.maxSide` (default
 * {@link defaultPngLimits}) before anything is decoded. Errors are one line starting with `path`.
 */
export function decodePngGray(bytes: Uint8Array, path = '<PNG bytes>', limits: Pick<PngLimits, 'maxSide'> = {}): GrayImage {
  if (!isPng(bytes)) throw new Error(`${path}: not a PNG file (it does not start with the PNG signature)`);
  const maxSide = limits.maxSide ?? defaultPngLimits.maxSide;
  const declared = declaredSize(bytes, path);
  if (declared.width > maxSide || declared.height > maxSide) {
    const size = `${count(declared.width)}×${count(declared.height)}`;
    throw new Error(`${path}: the PNG declares ${size} pixels, more than the limit of ${count(maxSide)} pixels a side`);
  }
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new Error(`${path}: corrupt PNG: ${(error as Error).message.split('\n')[0]}`);
  }
  const { width, height, data } = png;
  if (width === 0 || height === 0) throw new Error(`${path}: empty PNG (${width}×${height})`);
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const a = data[4 * i + 3] / 255;
    const y = (0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2]) / 255;
    pixels[i] = a * y + (1 - a); // over white
  }
  return { width, height, pixels };
}

/** The mean of the outermost rows and columns: the background of a centred digit. */
export function borderMean(image: GrayImage): number {
  const { width: w, height: h, pixels } = image;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y === 0 || y === h - 1 || x === 0 || x === w - 1) {
        sum += pixels[y * w + x];
        n++;
      }
    }
  }
  return sum / n;
}

/** Centres `image` on a square canvas of `fill`, so resizing keeps its aspect ratio. */
export function padToSquare(image: GrayImage, fill: number): GrayImage {
  const { width: w, height: h } = image;
  const side = Math.max(w, h);
  if (w === h) return image;
  const pixels = new Float32Array(side * side).fill(fill);
  const dx = Math.floor((side - w) / 2);
  const dy = Math.floor((side - h) / 2);
  for (let y = 0; y < h; y++) pixels.set(image.pixels.subarray(y * w, (y + 1) * w), (y + dy) * side + dx);
  return { width: side, height: side, pixels };
}

/**
 * Resamples by area averaging: output pixel (i, j) is the mean of the source over the rectangle
 * it covers, [j·W/w, (j+1)·W/w) × [i·H/h, (i+1)·H/h), source pixels weighted by the overlap.
 * Exact for downscaling by whole factors (block means); also valid for upscaling.
 */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  for (const v of [width, height]) if (!Number.isInteger(v) || v <= 0) throw new Error(`resizeArea: sizes must be positive integers, got ${width}×${height}`);
  const { width: W, height: H, pixels: src } = image;
  const sx = W / width;
  const sy = H / height;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < height; i++) {
    const y0 = i * sy;
    const y1 = (i + 1) * sy;
    for (let j = 0; j < width; j++) {
      const x0 = j * sx;
      const x1 = (j + 1) * sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), H); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), W); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wx * wy * src[y * W + x];
        }
      }
      pixels[i * width + j] = sum / (sx * sy);
    }
  }
  return { width, height, pixels };
}

/**
 * A grayscale image as MNIST shows digits: white on black, square, `size`×`size`, in [0, 1].
 * See the top of this file for the steps.
 */
export function toDigitImage(image: GrayImage, options: DigitImageOptions = {}): DigitImage {
  const size = options.size ?? 28;
  const background = borderMean(image);
  const inverted = options.invert === undefined || options.invert === 'auto' ? background > 0.5 : options.invert;
  const oriented: GrayImage = inverted ? { ...image, pixels: image.pixels.map((v) => 1 - v) } : image;
  const square = padToSquare(oriented, inverted ? 1 - background : background);
  const resized = resizeArea(square, size, size);
  for (let i = 0; i < resized.pixels.length; i++) resized.pixels[i] = Math.min(1, Math.max(0, resized.pixels[i]));
  return { ...resized, inverted, source: { width: image.width, height: image.height } };
}

/**
 * Reads a PNG of a handwritten digit and converts it to the network's input: `size`×`size`
 * floats in [0, 1], white digit on black. The file's size and the dimensions it declares are
 * checked against the limits ({@link defaultPngLimits}) before it is read and decoded.
 * @example const digit = readDigitImage('seven.png'); net.forward(tensor(digit.pixels, { shape: [1, 784] }))
 */
export function readDigitImage(path: string, options: DigitImageOptions & PngLimits = {}): DigitImage {
  const maxBytes = options.maxBytes ?? defaultPngLimits.maxBytes;
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size > maxBytes) throw new Error(`${path}: the file is ${count(size)} bytes, more than the limit of ${count(maxBytes)} bytes`);
  const bytes = readFileBytes(path);
  return toDigitImage(decodePngGray(bytes, path, options), options);
}
