// The README's TypeScript examples run as written (with 'nabla' and its subpaths pointing at the sources).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = mkdtempSync(join(tmpdir(), 'nabla-readme-'));
// nabla is ESM only, as a user's project importing it would be
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');

function run(code: string, name: string): string {
  const file = join(dir, `${name}.ts`);
  // 'nabla' is the root entry, 'nabla/<folder>' that folder's index, as package.json exports them
  const sources = code
    .replaceAll("from 'nabla'", `from '${join(root, 'src/index.ts')}'`)
    .replace(/from 'nabla\/([a-z]+)'/g, (_, folder: string) => `from '${join(root, 'src', folder, 'index.ts')}'`);
  writeFileSync(file, sources);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr, `README block ${name} wrote to stderr`).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('README', () => {
  it('has TypeScript examples', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it('computes the tour gradient and Hessian at (2,2,2)', () => {
    const out = run(blocks[0], 'tour-calculus');
    expect(out).toContain('[ 0, 0, 0 ]');
    expect(out.replace(/\s+/g, '')).toContain('[[2,-2,-2],[-2,2,-2],[-2,-2,2]]');
  });

  it('trains the tour logistic regression to high accuracy', () => {
    const out = run(blocks[1], 'tour-logistic');
    const acc = Number(/accuracy ([\d.]+)%/.exec(out)?.[1]);
    expect(acc).toBeGreaterThan(95);
  });

  it('runs every other example without error', () => {
    blocks.slice(2).forEach((code, i) => run(code, `block-${i + 2}`));
  });

  it('shows the same tour as examples/', () => {
    for (const name of ['tour-calculus', 'tour-logistic']) {
      const body = readFileSync(join(root, 'examples', `${name}.ts`), 'utf8').split('\n').slice(2).join('\n').trim();
      expect(readme).toContain(body);
    }
  });
});
