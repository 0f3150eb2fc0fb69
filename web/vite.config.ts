// Vite settings for the site in web/: four pages, the training worker, MNIST and the wasm kernels bundled, no CDN.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistAssets } from './plugins/mnist-assets.js';
import { nodeStubs } from './plugins/node-stubs.js';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: './',
  plugins: [nodeStubs(), mnistAssets()],
  worker: { format: 'es', plugins: () => [nodeStubs()] },
  server: { fs: { allow: [repoRoot] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        index: `${webRoot}index.html`,
        mnist: `${webRoot}mnist.html`,
        playground: `${webRoot}playground.html`,
        calculus: `${webRoot}calculus.html`,
      },
    },
  },
});
