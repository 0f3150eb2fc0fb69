// The CLI's error convention: bad input is one line on stderr and exit code 2.

/** An error caused by the user's input (flags, values, files). Its message is shown as is. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Prints `error` as one line on stderr, prefixed by the command, and sets exit code 2. */
export function reportError(command: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`nabla ${command}: ${message.split('\n')[0]}\n`);
  process.exitCode = 2;
}

/** Wraps a command's action so any thrown error becomes a one-line message and exit code 2. */
export function action<A extends unknown[]>(command: string, fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      if (process.env.NABLA_DEBUG) console.error(error);
      reportError(command, error);
    }
  };
}
