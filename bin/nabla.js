#!/usr/bin/env node
// The `nabla` command: in a clone it runs the TypeScript sources (always current), when installed the build.

import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/cli/main.js', import.meta.url);

async function sourceLoader() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return null; // tsx is a development dependency: an installed package runs the build
  }
}

const tsx = existsSync(source) ? await sourceLoader() : null;
if (tsx) {
  tsx.register();
  await import(source.href);
} else {
  await import(built.href);
}
