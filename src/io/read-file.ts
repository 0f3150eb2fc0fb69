// Reading a whole file with a one-line error that names the path.

import { readFileSync } from 'node:fs';

/** The file's bytes; a missing or unreadable file throws `PATH: no such file` or `PATH: cannot read: …`. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${path}: no such file`);
    if (code === 'EISDIR') throw new Error(`${path}: is a directory, not a file`);
    throw new Error(`${path}: cannot read: ${(error as Error).message.split('\n')[0]}`);
  }
}
