// Specification of package.json's exports: the root and one subpath per library folder, types first, each built from a source that exists.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
};

/** The source a dist path is built from: dist/x/index.js <- src/x/index.ts, dist/backend/wasm/k.wasm <- src/backend/wasm/k.wasm. */
function sourceOf(distPath: string): URL {
  return new URL(distPath.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'), root);
}

describe('package.json exports', () => {
  const modules = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object') as Array<[string, Record<string, string>]>;

  it('keeps the root export as it was: the built index, types first', () => {
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
  });

  it('gives every module entry its types first, then the ESM build of the same file', () => {
    for (const [subpath, target] of modules) {
      expect(Object.keys(target), subpath).toEqual(['types', 'import']);
      expect(target.types.replace(/\.d\.ts$/, ''), subpath).toBe(target.import.replace(/\.js$/, ''));
    }
  });

  it('points every entry at a build of a source file that exists', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === './package.json') continue;
      const path = typeof target === 'string' ? target : target.import;
      expect(existsSync(sourceOf(path)), `${subpath} -> ${path}`).toBe(true);
    }
  });

  it('has a subpath for each library folder with an index (nabla/calculus, nabla/plot, ...) and for the backend', () => {
    const folders = readdirSync(new URL('src/', root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(new URL(`src/${entry.name}/index.ts`, root)))
      .map((entry) => `./${entry.name}`);
    expect(folders).toContain('./calculus');
    expect(folders).toContain('./backend');
    for (const folder of folders) expect(Object.keys(pkg.exports), folder).toContain(folder);
  });

  it('keeps the Node loader on its own subpath, apart from the host-neutral nabla/backend', () => {
    expect(pkg.exports['./backend/node']).toEqual({ types: './dist/backend/wasm/node-loader.d.ts', import: './dist/backend/wasm/node-loader.js' });
  });

  it('exposes the wasm binaries, so a bundler can give the browser loader their URLs', () => {
    expect(pkg.exports['./wasm/kernels.wasm']).toBe('./dist/backend/wasm/kernels.wasm');
    expect(pkg.exports['./wasm/kernels-relaxed.wasm']).toBe('./dist/backend/wasm/kernels-relaxed.wasm');
  });

  it('depends on no package the sources never import (mathjs was one)', () => {
    const sources = (dir: URL): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [readFileSync(new URL(entry.name, dir), 'utf8')] : []);
    const text = sources(new URL('src/', root)).join('\n');
    const unused = Object.keys(pkg.dependencies).filter((dep) => !new RegExp(`['"]${dep.replace(/[/.]/g, '\\$&')}(/[^'"]*)?['"]`).test(text));
    expect(unused).toEqual([]);
  });
});
