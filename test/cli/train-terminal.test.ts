// `nabla train` in a real terminal (a pseudo-terminal through `script`): Ctrl-C ends it at once and restores the terminal; the bar fits.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/train/checkpoint.js';
import { writeTinyMnist } from '../support/train-child.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-tty-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const driver = resolve(import.meta.dirname, '../support/train-driver.ts');

const showCursor = '\x1b[?25h';
const hideCursor = '\x1b[?25l';
const wrapOn = '\x1b[?7h';
const wrapOff = '\x1b[?7l';

/** Visible text of a terminal transcript: escape sequences removed, split where the cursor returns to a line's start. */
const screenLines = (transcript: string) =>
  transcript
    .replace(/\x1b\[\d*G/g, '\r') // cursor to a column: the bar redraws its line this way
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.length > 0);

interface Session {
  output: () => string;
  send: (text: string) => void;
  exited: Promise<{ code: number | null; at: number }>;
}

/** Runs `nabla train ARGS` under a pseudo-terminal of `columns` columns. */
function inTerminal(columns: number, args: string[]): Session {
  const command = [`stty cols ${columns} rows 24;`, 'exec', process.execPath, '--import', 'tsx', driver, ...args].map((a) => (a.endsWith(';') ? a : `'${a}'`)).join(' ');
  const env = { ...process.env };
  delete env.CI; // the bar is drawn on a TTY unless CI is set
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  return {
    output: () => output,
    send: (text) => child.stdin.write(text),
    exited: new Promise((done) => child.on('close', (code) => done({ code, at: Date.now() }))),
  };
}

async function waitFor(session: Session, pattern: RegExp, timeout = 60_000): Promise<void> {
  const start = Date.now();
  while (!pattern.test(session.output())) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${pattern}; output so far: ${JSON.stringify(session.output().slice(-500))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('nabla train in a terminal', () => {
  it('one Ctrl-C mid-epoch ends the run within a second, keeps the last epoch and restores cursor and line wrap', async () => {
    const data = writeTinyMnist(join(root, 'data'), 3000, 20);
    const out = join(root, 'run');
    const session = inTerminal(80, ['--data', data, '--val-size', '100', '--hidden', '64', '--epochs', '50', '--out', out]);
    await waitFor(session, /epoch +1\/50 +train/);
    await waitFor(session, /epoch 2\/50 \[/);
    const sent = Date.now();
    session.send('\x03');
    const { code, at } = await Promise.race([session.exited, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`still running 5 s after Ctrl-C: ${JSON.stringify(session.output().slice(-300))}`)), 5000))]);
    // it stops within milliseconds of the next batch; the bound leaves room for a loaded machine
    // (before the fix the process never exited on its own)
    expect(at - sent).toBeLessThan(3000);
    expect(code).toBe(130);
    const transcript = session.output();
    expect(transcript).toMatch(/interrupted: 1 epoch\(s\) saved in .*; continue with: npx nabla train --resume /);
    // after the last time the bar hid the cursor and turned wrap off, both came back
    const tail = transcript.slice(transcript.lastIndexOf(hideCursor));
    expect(tail).toContain(showCursor);
    expect(transcript.slice(transcript.lastIndexOf(wrapOff))).toContain(wrapOn);
    expect(readCheckpoint(out).state.epochsDone).toBe(1);
  }, 90_000);

  for (const columns of [60, 100]) {
    it(`at ${columns} columns every line it draws fits (bar and epoch summary)`, async () => {
      const data = writeTinyMnist(join(root, `data-${columns}`), 1500, 20);
      const session = inTerminal(columns, ['--data', data, '--val-size', '100', '--hidden', '32', '--epochs', '2', '--no-charts', '--out', join(root, `run-${columns}`)]);
      const { code } = await session.exited;
      expect(code).toBe(0);
      const lines = screenLines(session.output());
      expect(lines.some((l) => /^epoch 1\/2 \[/.test(l)), JSON.stringify(lines)).toBe(true);
      expect(lines.some((l) => /^epoch 2\/2 +train/.test(l)), JSON.stringify(lines)).toBe(true);
      for (const line of lines.filter((l) => l.startsWith('epoch'))) expect(line.length, line).toBeLessThan(columns);
    }, 60_000);
  }
});
