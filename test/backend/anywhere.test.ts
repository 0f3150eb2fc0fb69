// The backend loads in any JavaScript host: only its Node loader imports node: modules, and nothing else in it imports that loader.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../src/backend/', import.meta.url).pathname;
const nodeLoader = 'wasm/node-loader.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return found;
}

describe('src/backend/ runs anywhere', () => {
  const files = sources(root);

  it('finds the backend sources, the Node loader among them', () => {
    expect(files).toContain(nodeLoader);
    expect(files).toContain('wasm/module.ts');
    expect(specifiers(nodeLoader)).toContain('node:fs');
  });

  it('imports no node: module outside the Node loader (nor a bare Node builtin such as fs)', () => {
    const builtins = /^(node:|fs$|path$|url$|v8$|os$|worker_threads$|child_process$|crypto$)/;
    const offenders = files
      .filter((file) => file !== nodeLoader)
      .flatMap((file) => specifiers(file).filter((s) => builtins.test(s)).map((s) => `${file} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('reaches the Node loader from no other backend module, so a bundle of the backend leaves it out', () => {
    const importers = files.filter((file) => specifiers(file).some((s) => s.endsWith('node-loader.js')));
    expect(importers).toEqual([]);
  });
});
