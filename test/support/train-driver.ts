// Runs `nabla train ARGV…` with only the train command loaded: a quick child process for crash tests.

import { Command } from 'commander';
import { registerTrain } from '../../src/cli/commands/train.js';

const program = new Command('nabla').exitOverride();
registerTrain(program);
await program.parseAsync(['train', ...process.argv.slice(2)], { from: 'user' });
