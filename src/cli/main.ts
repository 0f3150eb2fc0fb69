#!/usr/bin/env node
// Entry point of the `nabla` command.

import { runCli } from './program.js';

// `nabla … | head` closes the pipe early: the reader has what it wants, which is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await runCli(process.argv.slice(2));
