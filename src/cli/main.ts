#!/usr/bin/env node
// Entry point of the `nabla` command.

import { runCli } from './program.js';

await runCli(process.argv.slice(2));
