// A Vite plugin that stands in for Node's built-in modules in the browser bundle: each named export is a function that throws when called.
//
// The library's file-system paths (checkpoints, readIdx, loadModelFile) sit in the same modules as
// the byte-level code the site uses (parseIdx, decodeSafetensors, fit with outDir null); this lets
// those modules load in a browser while anything that would touch a disk fails with one clear line.

import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const prefix = '\0nabla-node-stub:';
const builtins = new Set(builtinModules);

/** True for `node:fs`, `fs`, `fs/promises` and the like. */
function isBuiltin(id: string): boolean {
  return id.startsWith('node:') || builtins.has(id);
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** The stub module's source: the same export names as the real module in this Node, none usable. */
async function stubSource(name: string): Promise<string> {
  const real = (await import(`node:${name}`)) as Record<string, unknown>;
  const names = Object.keys(real).filter((key) => key !== 'default' && identifier.test(key));
  const lines = [
    `const unavailable = (what) => new Proxy(function () {}, {`,
    `  get: (_, key) => (key === 'then' || typeof key === 'symbol' ? undefined : unavailable(what + '.' + String(key))),`,
    `  apply: () => { throw new Error(what + ' is not available in the browser'); },`,
    `  construct: () => { throw new Error(what + ' is not available in the browser'); },`,
    `});`,
    `export default /* @__PURE__ */ unavailable(${JSON.stringify(`node:${name}`)});`,
    ...names.map((key) =>
      // modules make their require at load time (plot/render.ts): that must work, the loads must not
      name === 'module' && key === 'createRequire'
        ? `export const createRequire = () => unavailable('require');`
        : `export const ${key} = /* @__PURE__ */ unavailable(${JSON.stringify(`node:${name}.${key}`)});`,
    ),
  ];
  return lines.join('\n');
}

/** Resolves every Node built-in to a stub; give it to the page build and to the worker build. */
export function nodeStubs(): Plugin {
  return {
    name: 'nabla-node-stubs',
    enforce: 'pre',
    resolveId(id) {
      if (!isBuiltin(id)) return null;
      return { id: prefix + id.replace(/^node:/, ''), moduleSideEffects: false };
    },
    async load(id) {
      if (!id.startsWith(prefix)) return null;
      return stubSource(id.slice(prefix.length));
    },
  };
}
