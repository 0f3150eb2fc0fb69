// Claiming a run directory: created before any work, locked against a second writer, released on exit.

import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { isTempName } from '../io/atomic-write.js';
import { listCommits } from '../io/commit-directory.js';
import { runFiles } from './checkpoint.js';

/** The lock file's content. */
interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/** A run directory held by this process until `release()`. */
export interface RunDirectory {
  dir: string;
  /** True when this call created the directory (so a run that saved nothing can remove it). */
  created: boolean;
  /** Removes the lock, and the directory too when `removeIfEmpty` is set and nothing else is in it. Idempotent. */
  release(options?: { removeIfEmpty?: boolean }): void;
}

/** A one-line reason for a failed mkdir or write in `path`, without Node's errno prefix. */
function describeFsError(error: unknown, path: string): string {
  const e = error as NodeJS.ErrnoException;
  const at = e.path ?? path;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return `${at}: permission denied`;
    case 'ENOTDIR':
      return `${at}: a parent of it is a file, not a directory`;
    case 'EEXIST':
      return `${at}: exists and is not a directory`;
    case 'EROFS':
      return `${at}: read-only file system`;
    case 'ENOSPC':
      return `${at}: no space left on the device`;
    default:
      return `${at}: ${e.message.replace(/^[A-Z]+: /, '').split('\n')[0]}`;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `runs/20261203-092600`: the default run directory name for `now` (local time, to the second). */
export function defaultRunName(now = new Date()): string {
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/** True when process `pid` exists (on this host). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

const isStale = (owner: LockOwner | null) => owner !== null && owner.host === hostname() && !alive(owner.pid);

/**
 * Takes the lock `DIR/.lock` for this process. The lock's content is written to a temporary file
 * first and then hard-linked into place, which fails atomically if a lock exists, so a reader
 * never sees a half-written lock. A lock whose process is gone (on this host) is stale and taken
 * over; a live one is an error naming its pid.
 */
function acquireLock(dir: string): string {
  const lock = join(dir, runFiles.lock);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const temp = join(dir, `.lock.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(owner) + '\n', { flag: 'wx' });
  } catch (error) {
    throw new Error(`cannot write in the run directory: ${describeFsError(error, dir)}`);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, lock);
        return lock;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot lock the run directory: ${describeFsError(error, lock)}`);
      }
      const holder = readOwner(lock);
      if (!isStale(holder)) {
        const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.started}` : 'an unreadable lock';
        throw new Error(`${dir} is in use by another nabla train (${who}); if no such run is going, delete ${lock}`);
      }
      // Move the stale lock aside, then check it was still the stale one (another process may have
      // replaced it in between); if not, put it back and report the directory as busy.
      // ends in .tmp, so a crash right here leaves a file the next claim clears
      const aside = `${lock}.stale.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        renameSync(lock, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (isStale(moved)) {
        rmSync(aside, { force: true });
        continue;
      }
      try {
        linkSync(aside, lock);
      } catch {
        // someone else took the lock meanwhile; theirs stands
      }
      rmSync(aside, { force: true });
      throw new Error(`${dir} is in use by another nabla train (pid ${moved?.pid ?? '?'}); if no such run is going, delete ${lock}`);
    }
    throw new Error(`${dir}: could not take the lock ${lock} after 3 attempts`);
  } finally {
    rmSync(temp, { force: true });
  }
}

function holdLock(dir: string, created: boolean): RunDirectory {
  const lock = acquireLock(dir);
  let released = false;
  const release = (options: { removeIfEmpty?: boolean } = {}) => {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    if (readOwner(lock)?.pid === process.pid) rmSync(lock, { force: true });
    if (options.removeIfEmpty && created) {
      try {
        if (readdirSync(dir).length === 0) rmdirSync(dir);
      } catch {
        // best effort: the directory is left as it is
      }
    }
  };
  // a process.exit() elsewhere (a second Ctrl-C) still removes the lock; SIGKILL leaves a stale one
  const onExit = () => release();
  process.on('exit', onExit);
  return { dir, created, release };
}

/**
 * Claims a directory for a new run, before any training, so an unwritable or occupied `--out`
 * fails at once. With `out` the directory may exist only if it is empty (a run directory is an
 * error pointing at `--resume`; any other content is refused, so nothing is overwritten).
 * Without it the directory is `parent/<timestamp>`, made with an exclusive mkdir and suffixed
 * `-2`, `-3`, … when two runs start in the same second.
 */
export function claimNewRunDirectory(out: string | undefined, parent = 'runs', now = new Date()): RunDirectory {
  if (out === undefined) {
    try {
      mkdirSync(parent, { recursive: true });
    } catch (error) {
      throw new Error(`cannot create the run directory: ${describeFsError(error, parent)}`);
    }
    const base = join(parent, defaultRunName(now));
    for (let n = 1; n < 1000; n++) {
      const dir = n === 1 ? base : `${base}-${n}`;
      try {
        mkdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw new Error(`cannot create the run directory: ${describeFsError(error, dir)}`);
      }
      return holdLock(dir, true);
    }
    throw new Error(`${base}: 999 runs already started in this second; pass --out`);
  }
  let created = false;
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new Error(`--out ${out}: exists and is not a directory`);
  } else {
    try {
      mkdirSync(dirname(out), { recursive: true });
      mkdirSync(out);
      created = true;
    } catch (error) {
      // EEXIST from the last mkdir: another run made it a moment ago; the lock below sorts that out
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !existsSync(out) || !statSync(out).isDirectory()) {
        throw new Error(`cannot create the run directory: ${describeFsError(error, out)}`);
      }
    }
  }
  const held = holdLock(out, created);
  let entries = readdirSync(out).filter((name) => name !== runFiles.lock);
  const checkpoints = join(out, runFiles.checkpoints);
  if (entries.includes(runFiles.history) || listCommits(checkpoints).length > 0) {
    held.release();
    throw new Error(`${out} already holds a run; use --resume ${out} to continue it, or another --out`);
  }
  // what a run killed before its first checkpoint leaves: temporary files, an empty checkpoints/
  for (const name of entries) {
    if (name === runFiles.checkpoints || isTempName(name)) rmSync(join(out, name), { recursive: true, force: true });
  }
  entries = readdirSync(out).filter((name) => name !== runFiles.lock);
  if (entries.length > 0) {
    held.release();
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
    throw new Error(`--out ${out}: the directory is not empty and is not a run (it holds ${shown}); choose an empty or new directory`);
  }
  return held;
}

/** Claims the directory of an existing run for `--resume`. */
export function claimRunToResume(dir: string): RunDirectory {
  if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new Error(`${dir}: not a directory`);
  return holdLock(dir, false);
}
