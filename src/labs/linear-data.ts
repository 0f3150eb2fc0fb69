// Labelled points in the plane for the linear rules: seeded separable, overlapping and XOR sets, or a CSV of x₁,x₂,y.

import { Rng } from '../tensor/index.js';
import type { LabelledPoints } from './linear-rules.js';

/** The generated data sets. */
export const linearDataKinds = ['separable', 'overlapping', 'xor'] as const;

/** One of `linearDataKinds`. */
export type LinearDataKind = (typeof linearDataKinds)[number];

/** The most points a data set may have (generated or read). */
export const maxLinearPoints = 100_000;

/**
 * A seeded data set of `n` points (default 100), labels ±1 in a random order:
 * - separable: uniform in [−3, 3]², y = sign(x₂ − 0.5x₁ − 0.3), with no point within 0.1 of that line;
 * - overlapping: two Gaussian clouds (σ = 1.2) centred at ±(1, 1), y = +1 for the one at (1, 1);
 * - xor: four clouds (σ = 0.5) at (±1.5, ±1.5), y = sign(x₁x₂): no line separates them.
 * @example linearDataset('separable', { n: 50, seed: 3 }).x.length // 50
 */
export function linearDataset(kind: LinearDataKind, options: { n?: number; seed?: number } = {}): LabelledPoints {
  const n = options.n ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > maxLinearPoints) throw new Error(`the number of points must be an integer from 1 to ${maxLinearPoints}, got ${n}`);
  const rng = new Rng(options.seed ?? 1);
  const x: [number, number][] = [];
  const y: number[] = [];
  while (x.length < n) {
    const label = x.length % 2 === 0 ? 1 : -1;
    switch (kind) {
      case 'separable': {
        const p: [number, number] = [6 * rng.uniform() - 3, 6 * rng.uniform() - 3];
        // signed distance to the line x₂ = 0.5x₁ + 0.3
        const d = (p[1] - 0.5 * p[0] - 0.3) / Math.hypot(1, 0.5);
        if (Math.abs(d) < 0.1) continue;
        x.push(p);
        y.push(d > 0 ? 1 : -1);
        break;
      }
      case 'overlapping':
        x.push([label + 1.2 * rng.normal(), label + 1.2 * rng.normal()]);
        y.push(label);
        break;
      case 'xor': {
        const q1 = rng.uniform() < 0.5 ? -1.5 : 1.5;
        const q2 = label * Math.sign(q1);
        x.push([q1 + 0.5 * rng.normal(), q2 * 1.5 + 0.5 * rng.normal()]);
        y.push(label);
        break;
      }
    }
  }
  // Fisher–Yates, so online training does not see the labels alternate
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [x[i], x[j]] = [x[j]!, x[i]!];
    [y[i], y[j]] = [y[j]!, y[i]!];
  }
  return { x, y };
}

/**
 * Reads `x1,x2,y` rows (an optional header line, blank lines and `#` comments skipped); labels
 * must be −1 or +1. Errors name the line.
 * @example parseLabelledCsv('x1,x2,y\n0,1,1\n2,0,-1').y // [1, -1]
 */
export function parseLabelledCsv(text: string): LabelledPoints {
  const x: [number, number][] = [];
  const y: number[] = [];
  let first = true;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    const values = cells.map(Number);
    const isFirst = first;
    first = false;
    // a first line with a non-numeric cell is a header
    if (isFirst && cells.some((c, k) => c === '' || Number.isNaN(values[k]))) return;
    if (cells.length !== 3 || cells.some((c) => c === '') || !values.every(Number.isFinite)) throw new Error(`line ${i + 1}: expected three numbers x1,x2,y, got "${line}"`);
    if (values[2] !== 1 && values[2] !== -1) throw new Error(`line ${i + 1}: the label must be -1 or 1, got ${cells[2]}`);
    if (x.length >= maxLinearPoints) throw new Error(`more than ${maxLinearPoints} rows`);
    x.push([values[0]!, values[1]!]);
    y.push(values[2]!);
  });
  if (x.length === 0) throw new Error('no data rows');
  return { x, y };
}
