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
} else if (existsSync(built)) {
  await import(built.href);
} else {
  // a clone without `npm ci` has neither tsx nor the build: say so in one line instead of a module-resolution trace
  const where = existsSync(source) ? 'tsx (a development dependency) is not installed' : 'this package has no sources';
  console.error(`nabla: cannot start: ${where} and there is no build at dist/cli/main.js; run \`npm ci\` (or \`npm run build\`) in ${new URL('..', import.meta.url).pathname}`);
  process.exit(1);
}
