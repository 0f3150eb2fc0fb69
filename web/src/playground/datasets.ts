// The playground's 2-D datasets, seeded: points of [−2, 2]² with labels 0 and 1, and the train/test split.

import { Rng } from '../../../src/core/rng.js';
import type { Split } from '../../../src/data/dataset.js';

export const datasetNames = ['circles', 'xor', 'gaussians', 'spiral', 'product'] as const;
export type DatasetName = (typeof datasetNames)[number];

/** What each dataset is, for the page. */
export const datasetTitles: Record<DatasetName, string> = {
  circles: 'circles: a disc inside a ring',
  xor: 'xor: the quadrants, labelled by sign(x₁·x₂)',
  gaussians: 'two Gaussians',
  spiral: 'two interleaved spirals',
  product: 'x₁·x₂ logistic: labels drawn from σ(4·x₁x₂), the capacity problem',
};

export interface PlaneData {
  /** Row-major [n, 2] coordinates. */
  x: Float32Array;
  labels: Int32Array;
  n: number;
}

/** `n` seeded points of `name`; `noise` is the standard deviation of Gaussian jitter, in units of the plane's half-width (2). */
export function planeData(name: DatasetName, n: number, noise: number, seed: number): PlaneData {
  const rng = new Rng(seed);
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let [a, b, label] = [0, 0, 0];
    switch (name) {
      case 'circles': {
        label = i % 2;
        const r = label === 0 ? 0.8 * rng.uniform() : 1.2 + 0.6 * rng.uniform();
        const t = 2 * Math.PI * rng.uniform();
        [a, b] = [r * Math.cos(t), r * Math.sin(t)];
        break;
      }
      case 'xor': {
        [a, b] = [4 * rng.uniform() - 2, 4 * rng.uniform() - 2];
        // a margin around the axes, as in TensorFlow Playground
        a += Math.sign(a) * 0.1;
        b += Math.sign(b) * 0.1;
        label = a * b > 0 ? 1 : 0;
        break;
      }
      case 'gaussians': {
        label = i % 2;
        const centre = label === 1 ? 0.9 : -0.9;
        [a, b] = [centre + 0.5 * rng.normal(), centre + 0.5 * rng.normal()];
        break;
      }
      case 'spiral': {
        label = i % 2;
        const t = 3.5 * rng.uniform();
        const r = 0.15 + 0.5 * t;
        const phase = label * Math.PI;
        [a, b] = [0.9 * r * Math.cos(1.6 * t + phase), 0.9 * r * Math.sin(1.6 * t + phase)];
        break;
      }
      case 'product': {
        [a, b] = [4 * rng.uniform() - 2, 4 * rng.uniform() - 2];
        label = rng.uniform() < 1 / (1 + Math.exp(-4 * a * b)) ? 1 : 0;
        break;
      }
    }
    x[2 * i] = Math.max(-2, Math.min(2, a + 2 * noise * rng.normal()));
    x[2 * i + 1] = Math.max(-2, Math.min(2, b + 2 * noise * rng.normal()));
    labels[i] = label;
  }
  return { x, labels, n };
}

/** The first `round(trainFraction·n)` points for training, the rest for testing, as Splits of 1×2 "images". */
export function splitPlane(data: PlaneData, trainFraction: number): { train: Split; test: Split } {
  const cut = Math.min(data.n - 1, Math.max(1, Math.round(trainFraction * data.n)));
  const part = (from: number, to: number): Split => ({
    images: data.x.subarray(2 * from, 2 * to), labels: data.labels.subarray(from, to), count: to - from, rows: 1, cols: 2, numClasses: 2,
  });
  return { train: part(0, cut), test: part(cut, data.n) };
}
