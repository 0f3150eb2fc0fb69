// Specification of the sweep directory: it refuses what is not its own, keys points by all that made them, and writes atomically.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PointResult } from '../../src/labs/curves.js';
import { canonicalJson, curvesManifest, openCurveStore, pointKey } from '../../src/labs/curves-store.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-curves-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const point: PointResult = { x: 100, seed: 1, train: 0, validation: 0.2, test: 0.25, epochs: 3, steps: 6, seconds: 0.1 };

describe('openCurveStore', () => {
  it('creates a new directory with its manifest, and keeps points across openings', () => {
    const dir = join(root, 'new', 'sweep');
    const store = openCurveStore(dir);
    expect(JSON.parse(readFileSync(join(dir, curvesManifest), 'utf8'))).toEqual({ format: 'nabla-curves', version: 1 });
    expect(store.get('abc')).toBeUndefined();
    store.put('abc', point);
    expect(openCurveStore(dir).get('abc')).toEqual(point);
    // atomic writes leave no temporary file behind
    expect(readdirSync(join(dir, 'points'))).toEqual(['abc.json']);
  });

  it('accepts an empty existing directory', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    expect(() => openCurveStore(dir)).not.toThrow();
  });

  it('refuses a non-empty directory that is not a curves directory, a file, and a foreign manifest', () => {
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(() => openCurveStore(other)).toThrow(/other: not empty and not a curves directory \(no curves\.json\); pick an empty or new --out/);
    expect(readdirSync(other)).toEqual(['notes.txt']);
    expect(() => openCurveStore(join(other, 'notes.txt'))).toThrow(/notes\.txt: is a file, not a curves directory/);
    const foreign = join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, curvesManifest), '{"format":"something-else"}');
    expect(() => openCurveStore(foreign)).toThrow(/not a nabla curves manifest/);
  });

  it('treats an unreadable point file as missing (the point is trained again)', () => {
    const dir = join(root, 'torn');
    const store = openCurveStore(dir);
    writeFileSync(join(dir, 'points', 'bad.json'), '{"x": 1,');
    expect(store.get('bad')).toBeUndefined();
  });
});

describe('pointKey', () => {
  const config = { train: { lr: 0.1, hidden: [16] }, labelNoise: 0 };
  it('is the same for the same point, whatever the order of the config keys', () => {
    expect(pointKey('size', 100, 1, 'baseline', config)).toBe(pointKey('size', 100, 1, 'baseline', { labelNoise: 0, train: { hidden: [16], lr: 0.1 } }));
    expect(pointKey('size', 100, 1, 'baseline', config)).toMatch(/^[0-9a-f]{20}$/);
  });
  it('changes with the kind, x, seed, variant and any config value', () => {
    const k = pointKey('size', 100, 1, 'baseline', config);
    expect(new Set([
      k,
      pointKey('complexity', 100, 1, 'baseline', config),
      pointKey('size', 200, 1, 'baseline', config),
      pointKey('size', 100, 2, 'baseline', config),
      pointKey('size', 100, 1, 'weight-decay', config),
      pointKey('size', 100, 1, 'baseline', { ...config, labelNoise: 0.1 }),
      pointKey('size', 100, 1, 'baseline', { ...config, train: { lr: 0.1, hidden: [17] } }),
    ]).size).toBe(7);
  });
  it('canonicalJson sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
