// Several files written as one commit: all of them become visible together, or none does.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectorySync, writeNewFileDurableSync } from './atomic-write.js';
import { faultPoint } from './fault-injection.js';

/**
 * A commit is a directory `ROOT/NNNNNN` (a sequence number) holding the files and a
 * `manifest.json` with each file's size and SHA-256. It is written under a temporary name and
 * renamed into place: a directory rename is atomic, so a crash leaves either the whole commit or
 * only a temporary directory, which the next writer or reader removes. The manifest guards
 * against what a rename cannot: a file changed or damaged afterwards.
 */
export const manifestFile = 'manifest.json';

interface Manifest {
  format: 'nabla-commit';
  files: Record<string, { bytes: number; sha256: string }>;
}

const commitName = /^\d{6}$/;
const tempPrefix = '.tmp-';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The committed sequence numbers in `root`, newest first. */
export function listCommits(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => commitName.test(name))
    .sort()
    .reverse();
}

/**
 * Writes `files` (name → bytes) as the next commit under `root` and returns its directory. Each
 * step is a fault point (see fault-injection.ts), so tests can kill the process at every one.
 *
 * @example
 * const dir = writeCommit('runs/a/checkpoints', { 'model.safetensors': bytes, 'state.json': text });
 */
export function writeCommit(root: string, files: Record<string, Uint8Array | string>): string {
  mkdirSync(root, { recursive: true });
  const sequence = Number(listCommits(root)[0] ?? 0) + 1;
  const name = String(sequence).padStart(6, '0');
  const temp = join(root, `${tempPrefix}${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp);
  const manifest: Manifest = { format: 'nabla-commit', files: {} };
  try {
    for (const [file, content] of Object.entries(files)) {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      faultPoint(`write ${file}`);
      writeNewFileDurableSync(join(temp, file), bytes);
      manifest.files[file] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    faultPoint(`write ${manifestFile}`);
    writeNewFileDurableSync(join(temp, manifestFile), Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));
    syncDirectorySync(temp);
    faultPoint(`commit ${name}`);
    renameSync(temp, join(root, name));
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  syncDirectorySync(root);
  return join(root, name);
}

/** Why the commit directory `dir` is not whole, or null when every file matches its manifest. */
export function verifyCommit(dir: string, required: readonly string[] = []): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, manifestFile), 'utf8')) as Manifest;
  } catch {
    return `${manifestFile} is missing or unreadable`;
  }
  if (manifest.format !== 'nabla-commit' || typeof manifest.files !== 'object' || manifest.files === null) return `${manifestFile} is not a nabla commit manifest`;
  for (const file of required) if (!(file in manifest.files)) return `${file} is not in the manifest`;
  for (const [file, expected] of Object.entries(manifest.files)) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(dir, file));
    } catch {
      return `${file} is missing`;
    }
    if (bytes.length !== expected.bytes) return `${file} has ${bytes.length} bytes, the manifest says ${expected.bytes}`;
    if (sha256(bytes) !== expected.sha256) return `${file} does not match its SHA-256 in the manifest`;
  }
  return null;
}

/** The newest commit under `root` that verifies, and the newer ones passed over with the reason. */
export function latestCommit(root: string, required: readonly string[] = []): { dir: string | null; skipped: Array<{ dir: string; reason: string }> } {
  const skipped: Array<{ dir: string; reason: string }> = [];
  for (const name of listCommits(root)) {
    const dir = join(root, name);
    const reason = verifyCommit(dir, required);
    if (reason === null) return { dir, skipped };
    skipped.push({ dir, reason });
  }
  return { dir: null, skipped };
}

/**
 * Removes every commit under `root` other than `keep`, and every temporary directory a killed
 * writer left behind. Only the writer holding the run's lock may call this.
 */
export function pruneCommits(root: string, keep: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    if (join(root, name) === keep) continue;
    if (commitName.test(name) || name.startsWith(tempPrefix)) {
      faultPoint(`remove ${name}`);
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** Renames `from` to `to`, as one fault point. */
export function renameWithFaultPoint(from: string, to: string, label: string): void {
  faultPoint(label);
  renameSync(from, to);
}
