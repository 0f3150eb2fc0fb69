// Builds the `nabla` commander program from the command modules.

import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('nabla')
    .description('Deep learning in TypeScript: train MNIST three ways, and check the calculus behind it.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI on `argv` (without node and script). Usage errors exit with code 2. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}
