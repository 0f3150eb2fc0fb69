// The message a function throws, for tests that assert on error text.

/** The thrown error's message, or '(no error)' when `fn` returns normally. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return '(no error)';
}
