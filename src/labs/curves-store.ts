// A sweep directory as a resumable store: one JSON file per finished point, keyed by what produced it.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import type { CurveKind, PointResult } from './curves.js';

/** The file that marks a directory as a curves directory. */
export const curvesManifest = 'curves.json';
const pointsFolder = 'points';
const format = 'nabla-curves';

/** JSON with object keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The key of one trained point: the first 20 hex digits of SHA-256 over (kind, x, seed, variant
 * and the point's full configuration). Anything that could change the result changes the key.
 */
export function pointKey(kind: CurveKind, x: number, seed: number, variant: string, config: unknown): string {
  return createHash('sha256').update(canonicalJson({ kind, x, seed, variant, config })).digest('hex').slice(0, 20);
}

/** The finished points of a sweep directory. */
export interface CurveStore {
  readonly dir: string;
  get(key: string): PointResult | undefined;
  /** Saves a finished point atomically (a crash leaves the old file or the new one, never half of one). */
  put(key: string, point: PointResult): void;
}

/**
 * Opens (creating if needed) the curves directory `dir`. Throws a one-line error when `dir`
 * exists, is not empty and is not a curves directory, or is a file.
 */
export function openCurveStore(dir: string): CurveStore {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new Error(`${dir}: is a file, not a curves directory`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(curvesManifest)) {
      throw new Error(`${dir}: not empty and not a curves directory (no ${curvesManifest}); pick an empty or new --out`);
    }
    if (entries.includes(curvesManifest)) {
      let manifest: { format?: unknown } | undefined;
      try {
        manifest = JSON.parse(readFileSync(join(dir, curvesManifest), 'utf8')) as { format?: unknown };
      } catch {
        manifest = undefined;
      }
      if (manifest?.format !== format) throw new Error(`${join(dir, curvesManifest)}: not a nabla curves manifest`);
    }
  }
  ensureDirSync(join(dir, pointsFolder));
  if (!existsSync(join(dir, curvesManifest))) writeFileAtomicSync(join(dir, curvesManifest), JSON.stringify({ format, version: 1 }) + '\n');
  const path = (key: string) => join(dir, pointsFolder, `${key}.json`);
  return {
    dir,
    get(key) {
      if (!existsSync(path(key))) return undefined;
      try {
        return JSON.parse(readFileSync(path(key), 'utf8')) as PointResult;
      } catch {
        return undefined; // unreadable: train the point again
      }
    },
    put(key, point) {
      writeFileAtomicSync(path(key), JSON.stringify(point) + '\n');
    },
  };
}

/** A store in memory (no directory): a sweep without --out keeps nothing. */
export function memoryCurveStore(): CurveStore {
  const points = new Map<string, PointResult>();
  return { dir: '', get: (key) => points.get(key), put: (key, point) => void points.set(key, structuredClone(point)) };
}
