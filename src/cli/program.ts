// Builds the `nabla` commander program from the command modules.

import { Command, CommanderError } from 'commander';
import { setBackend } from '../backend/registry.js';
import { isBackendName, selectBackend } from '../backend/select.js';
import { installNodeWasmLoader } from '../backend/wasm/node-loader.js';
import { commands } from './commands/index.js';

export function buildProgram(): Command {
  installNodeWasmLoader(); // the CLI runs on Node: the wasm kernels come from the files beside the code
  const program = new Command('nabla')
    .description('Deep learning in TypeScript: train MNIST three ways, and check the calculus behind it.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // commander's own errors (unknown flag, bad value) in the same one-line form as ours
      outputError: (s, write) => write(s.replace(/^error: /, 'nabla: ')),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ nabla train                                   # the course network on the real MNIST
  $ nabla train --impl scratch --epochs 3         # backprop written out by hand
  $ nabla evaluate --model runs/<run>/model.safetensors
  $ nabla grad "x^2*y + x*y^2 - 6*x*y" --at "x=1,y=2"
  $ nabla critical "x^2+y^2+z^2-x*y*z"
  $ nabla graph "a = x*y + z; b = a*(x+x); w = a*b + b" --at "x=1,y=2,z=3" --out graph.svg

Run "nabla <command> --help" for a command's options and examples.`,
    );
  for (const register of commands) register(program);
  // every command runs on the backend its --backend flag, NABLA_BACKEND or the SIMD probe picks
  program.hook('preAction', (_program, command) => {
    const flag: unknown = command.opts().backend;
    try {
      setBackend(selectBackend(isBackendName(flag) ? flag : undefined));
    } catch (error) {
      command.error(`nabla ${command.name()}: ${(error as Error).message}`, { exitCode: 2 });
    }
  });
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
