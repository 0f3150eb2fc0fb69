// Atomic file writes: a reader sees the old file or the new one, never a half-written one.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary path a write to `path` goes through: `.<name>.<pid>.<random>.tmp` in the same
 * directory, because `rename` is only atomic within one file system.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** True for a name {@link tempPathFor} makes: what a write killed before its rename leaves behind. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * Writes `data` (a string is written as UTF-8) to `path` atomically: the bytes go to a temporary
 * file in the same directory, which is flushed to disk and then renamed over `path`. On any error
 * the temporary file is removed and the error rethrown; `path` is left as it was.
 *
 * @example
 * await writeFileAtomic('runs/history.json', JSON.stringify(history));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  const bytes = toBytes(data);
  let created = false;
  try {
    // 'wx': fail rather than clobber if the random name happens to exist.
    const handle = await open(temp, 'wx');
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    if (created) await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Synchronous {@link writeFileAtomic}.
 *
 * @example
 * writeFileAtomicSync('model.safetensors', bytes);
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempPathFor(path);
  const bytes = toBytes(data);
  let created = false;
  try {
    writeNewFileDurableSync(temp, bytes, () => (created = true));
    renameSync(temp, path);
  } catch (error) {
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // The temp file is already gone; the original error is the one to report.
      }
    }
    throw error;
  }
  syncDirectorySync(dirname(path));
}

// Flushing the directory makes the rename itself durable. Best effort: some platforms
// (Windows) cannot open a directory for fsync, and the write has already succeeded.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // See above: durability of the rename is best effort.
  }
}

/**
 * Writes `bytes` to a file that must not exist yet (flag `wx`) and flushes it to disk before
 * returning; `onCreated` runs once the file exists, so a caller can clean up after a failed write.
 */
export function writeNewFileDurableSync(path: string, bytes: Uint8Array, onCreated?: () => void): void {
  const fd = openSync(path, 'wx');
  onCreated?.();
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes directory `dir` (so renames in it are durable); best effort where a platform cannot. */
export function syncDirectorySync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // See syncDirectory.
  }
}

/**
 * Creates directory `path` and its missing parents; does nothing if it exists.
 *
 * @example
 * await ensureDir('runs/2024-05-01');
 */
export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/** Synchronous {@link ensureDir}. */
export function ensureDirSync(path: string): void {
  mkdirSync(path, { recursive: true });
}
