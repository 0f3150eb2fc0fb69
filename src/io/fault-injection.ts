// A test hook for crash safety: NABLA_FAULT_AT=N kills the process at the Nth fault point it passes.

let passed = 0;

/**
 * Marks a point where a crash must leave the files consistent (before a write, a rename, a
 * delete). With `NABLA_FAULT_AT=N` in the environment the process sends itself SIGKILL at the Nth
 * point, as a power cut or `kill -9` would: no `finally`, no exit handler runs. Without it this is
 * a counter increment. `NABLA_FAULT_TRACE=1` prints each point's number and label on stderr, so a
 * test can list the points a run passes.
 */
export function faultPoint(label: string): void {
  passed++;
  if (process.env.NABLA_FAULT_TRACE === '1') process.stderr.write(`fault point ${passed}: ${label}\n`);
  const at = process.env.NABLA_FAULT_AT;
  if (at !== undefined && Number(at) === passed) process.kill(process.pid, 'SIGKILL');
}
