// The `nabla` entry point as a real process: a reader that closes the pipe early is not an error; an uninstalled clone says what to run.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

describe('nabla in a clone where `npm ci` has not run', () => {
  it('says in one line that neither tsx nor the build is there, and what to run', () => {
    // a copy of the package's shape: bin/ and src/cli/main.ts, but no node_modules (so no tsx) and no dist/
    const root = mkdtempSync(join(tmpdir(), 'nabla-bare-'));
    try {
      mkdirSync(join(root, 'bin'));
      mkdirSync(join(root, 'src', 'cli'), { recursive: true });
      copyFileSync(bin, join(root, 'bin', 'nabla.js'));
      writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'throw new Error("the sources must not run without tsx");\n');
      writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
      const r = spawnSync(process.execPath, [join(root, 'bin', 'nabla.js'), 'train'], { encoding: 'utf8' });
      expect(r.stderr).toBe(`nabla: cannot start: tsx (a development dependency) is not installed and there is no build at dist/cli/main.js; run \`npm ci\` (or \`npm run build\`) in ${root}/\n`);
      expect(r.status).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
