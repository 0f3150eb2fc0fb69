// Runs `nabla train ARGV…` with only the train command loaded: a quick child process for crash tests.

import { Command } from 'commander';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';
import { registerTrain } from '../../src/cli/commands/train.js';

// as the CLI's program does: with the Node loader the first kernel call picks the backend `nabla train` would
installNodeWasmLoader();

const program = new Command('nabla').exitOverride();
registerTrain(program);
await program.parseAsync(['train', ...process.argv.slice(2)], { from: 'user' });
