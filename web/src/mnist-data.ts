// MNIST in the browser: the gzipped IDX files the build ships, inflated by the browser and parsed by nabla's IDX reader.

import { parseIdx, isGzip, type Idx } from '../../src/data/idx.js';
import type { Split } from '../../src/data/dataset.js';

/** The files of one split, named as in src/data/mnist.ts. */
const files = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** Inflates gzip with the browser's DecompressionStream. */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The parsed IDX file `name` under `base` (a host that already inflated it is fine too). */
async function fetchIdx(base: string, name: string): Promise<Idx> {
  const url = new URL(`${name}.gz`, base).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  return parseIdx(isGzip(body) ? await gunzip(body) : body, name);
}

/** Pixels scaled to [0, 1] and labels checked to lie in [0, 10), as loadMnist does in Node. */
function toSplit(images: Idx, labels: Idx, name: string): Split {
  if (images.dtype !== 'uint8' || images.shape.length !== 3) throw new Error(`${name}: expected uint8 images [count, rows, cols]`);
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) throw new Error(`${name}: expected uint8 labels [count]`);
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) throw new Error(`${name}: ${labels.shape[0]} labels for ${count} images`);
  const pixels = images.data as Uint8Array;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i] / 255;
  const labelInts = new Int32Array(count);
  const bytes = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (bytes[i] >= 10) throw new Error(`${name}: label ${bytes[i]} at index ${i} is outside [0, 10)`);
    labelInts[i] = bytes[i];
  }
  return { images: scaled, labels: labelInts, count, rows, cols, numClasses: 10 };
}

/** One split of MNIST ('train': 60,000 images, 'test': 10,000), fetched from `base` (the site's mnist/ folder). */
export async function fetchMnistSplit(base: string, split: keyof typeof files): Promise<Split> {
  const [images, labels] = await Promise.all([fetchIdx(base, files[split].images), fetchIdx(base, files[split].labels)]);
  return toSplit(images, labels, files[split].images);
}
