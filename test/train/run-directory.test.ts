// Specification of claiming a run directory: exclusive, locked, refusing anything it could overwrite.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFiles } from '../../src/train/checkpoint.js';
import { claimNewRunDirectory, claimRunToResume, defaultRunName } from '../../src/train/run-directory.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-rundir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const fresh = (name: string) => join(root, `${name}-${count++}`);

/** A process that is alive until killed, and a pid that is not alive. */
function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return child;
}
const deadPid = () => {
  for (let pid = 4_000_000; ; pid--) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
};
const writeLock = (dir: string, pid: number) => writeFileSync(join(dir, runFiles.lock), JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00Z' }));

describe('claimNewRunDirectory', () => {
  it('default names: two runs started in the same second get two directories', () => {
    const parent = fresh('parent');
    const now = new Date(2026, 11, 3, 9, 26, 0);
    const a = claimNewRunDirectory(undefined, parent, now);
    const b = claimNewRunDirectory(undefined, parent, now);
    expect(a.dir).toBe(join(parent, '20261203-092600'));
    expect(b.dir).toBe(join(parent, '20261203-092600-2'));
    expect(defaultRunName(now)).toBe('20261203-092600');
    a.release();
    b.release();
  });

  it('holds a lock with its pid while claimed, and removes it (and an empty directory it made) on release', () => {
    const dir = fresh('locked');
    const run = claimNewRunDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, runFiles.lock), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(readdirSync(dir)).toEqual([runFiles.lock]);
    run.release({ removeIfEmpty: true });
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a directory locked by a live process, naming its pid and the lock file', () => {
    const dir = fresh('busy');
    mkdirSync(dir);
    const child = sleeper();
    try {
      writeLock(dir, child.pid!);
      expect(() => claimNewRunDirectory(dir)).toThrow(new RegExp(`${dir} is in use by another nabla train \\(pid ${child.pid} on .*\\); if no such run is going, delete ${join(dir, runFiles.lock)}`));
      expect(() => claimRunToResume(dir)).toThrow(/is in use by another nabla train/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a stale lock (its process is gone)', () => {
    const dir = fresh('stale');
    mkdirSync(dir);
    writeLock(dir, deadPid());
    const run = claimNewRunDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, runFiles.lock), 'utf8')).pid).toBe(process.pid);
    run.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory that holds a run, pointing at --resume', () => {
    const dir = fresh('run');
    mkdirSync(dir);
    writeFileSync(join(dir, runFiles.history), '{}');
    expect(() => claimNewRunDirectory(dir)).toThrow(`${dir} already holds a run; use --resume ${dir} to continue it, or another --out`);
    expect(readdirSync(dir)).toEqual([runFiles.history]);
  });

  it('refuses a non-empty directory that is not a run, and leaves its files as they were', () => {
    const dir = fresh('other');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.safetensors'), 'precious');
    writeFileSync(join(dir, 'state.json'), 'precious');
    expect(() => claimNewRunDirectory(dir)).toThrow(`--out ${dir}: the directory is not empty and is not a run (it holds model.safetensors, state.json); choose an empty or new directory`);
    expect(readdirSync(dir).sort()).toEqual(['model.safetensors', 'state.json']);
    expect(readFileSync(join(dir, 'model.safetensors'), 'utf8')).toBe('precious');
  });

  it('accepts what a run killed before its first checkpoint left (stale lock, temporary files), and clears it', () => {
    const dir = fresh('leftovers');
    mkdirSync(join(dir, runFiles.checkpoints, '.tmp-000001-1-abcd'), { recursive: true });
    writeFileSync(join(dir, '.history.json.1.abcd.tmp'), 'x');
    writeFileSync(join(dir, '.lock.stale.1.abcd.tmp'), 'x'); // a takeover killed half-way
    writeLock(dir, deadPid());
    const run = claimNewRunDirectory(dir);
    expect(readdirSync(dir)).toEqual([runFiles.lock]);
    run.release();
  });

  it('says why an --out cannot be made, before any work: under a file, or a file itself', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(() => claimNewRunDirectory(join(file, 'run'))).toThrow(`cannot create the run directory: ${file}: exists and is not a directory`);
    expect(() => claimNewRunDirectory(join(file, 'x', 'run'))).toThrow(`cannot create the run directory: ${join(file, 'x')}: a parent of it is a file, not a directory`);
    expect(() => claimNewRunDirectory(file)).toThrow(`--out ${file}: exists and is not a directory`);
  });
});

describe('claimRunToResume', () => {
  it('names a missing directory', () => {
    expect(() => claimRunToResume(join(root, 'nope'))).toThrow(`${join(root, 'nope')}: no such run directory`);
  });
});
