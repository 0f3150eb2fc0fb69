// The `nabla` entry point as a real process: a reader that closes the pipe early is not an error.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../bin/nabla.js');

describe('nabla | head', () => {
  it('exits 0 without a stack trace when the reader stops after one line', () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" train --help | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('Usage: nabla train [options]\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
