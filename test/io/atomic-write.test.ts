// Specification of atomic writes: the target holds the old or the new bytes, and no temp file is left.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDir, ensureDirSync, tempPathFor, writeFileAtomic, writeFileAtomicSync } from '../../src/io/atomic-write.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fresh(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

describe('tempPathFor', () => {
  it('is a hidden .tmp file beside the target, named after it and this process', () => {
    const temp = tempPathFor('/some/dir/model.safetensors');
    expect(dirname(temp)).toBe('/some/dir');
    expect(basename(temp)).toMatch(new RegExp(`^\\.model\\.safetensors\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(tempPathFor('/a/b')).not.toBe(tempPathFor('/a/b'));
  });
});

describe.each([
  ['writeFileAtomicSync', async (path: string, data: string | Uint8Array) => writeFileAtomicSync(path, data)],
  ['writeFileAtomic', writeFileAtomic],
] as const)('%s', (_name, write) => {
  it('writes strings as UTF-8 and bytes as they are', async () => {
    const dir = fresh(`${_name}-write`);
    await write(join(dir, 'a.txt'), 'héllo ∇');
    await write(join(dir, 'b.bin'), Uint8Array.of(0, 255, 7));
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('héllo ∇');
    expect(Array.from(readFileSync(join(dir, 'b.bin')))).toEqual([0, 255, 7]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin']);
  });

  it('replaces an existing file whole', async () => {
    const dir = fresh(`${_name}-replace`);
    const path = join(dir, 'f');
    writeFileSync(path, 'a much longer old content');
    await write(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('leaves the target untouched and removes the temp file when the rename fails', async () => {
    const dir = fresh(`${_name}-fail`);
    // Renaming a file over a non-empty directory fails (EISDIR / ENOTEMPTY).
    const path = join(dir, 'target');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    await expect(write(path, 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('x');
  });

  it('fails without creating anything when the directory does not exist', async () => {
    const dir = join(root, `${_name}-absent`);
    await expect(write(join(dir, 'f'), 'x')).rejects.toThrow(/ENOENT/);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing directory', async () => {
    const deep = join(root, 'x', 'y', 'z');
    await ensureDir(deep);
    await ensureDir(deep);
    expect(existsSync(deep)).toBe(true);
    const other = join(root, 'p', 'q');
    ensureDirSync(other);
    ensureDirSync(other);
    expect(existsSync(other)).toBe(true);
  });
});
