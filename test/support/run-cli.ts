// Runs the nabla CLI in this process for tests, capturing stdout, stderr and the exit code.

import { runCli } from '../../src/cli/program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `nabla ARGV…` in process, capturing what it writes and the exit code it sets (then resetting it). */
export async function cli(argv: string[]): Promise<CliResult> {
  const captured = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    await runCli(argv);
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, ...captured };
}

/** `cli` with variadic arguments and short field names: `const { out, err, code } = await run('grad', 'x^2', '--at', 'x=1')`. */
export async function run(...argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const r = await cli(argv);
  return { out: r.stdout, err: r.stderr, code: r.code };
}
