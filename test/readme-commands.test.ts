// The README's command lines run as written, through `npx nabla`, in order (a later line may use an earlier one's output).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../src/data/mnist.js';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Every `npx nabla …` line of the README's sh blocks, without its trailing comment. */
const readmeCommands: string[] = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1].split('\n'))
  .map((line) => line.replace(/\s+#\s.*$/, '').trim())
  .filter((line) => line.startsWith('npx nabla '));

/**
 * Training on all 50,000 images for 10 epochs (or curves sweeps of many such runs) belongs to
 * benchmarks, not to `npm test`: those lines run with fewer images and epochs appended (commander
 * takes the last value of a repeated flag). A line that resumes a run keeps its recipe, so it runs
 * as written.
 */
function forTheTests(line: string): string {
  if (/^npx nabla train /.test(line) && !line.includes('--resume') && !line.includes('--train-size')) return `${line} --train-size 1000 --val-size 200 --epochs 1`;
  if (/^npx nabla train$/.test(line)) return `${line} --train-size 1000 --val-size 200 --epochs 1`;
  if (/^npx nabla curves /.test(line) && !line.includes('--quick')) return `${line} --quick`;
  return line;
}

// the lines run in a folder inside the clone, so `npx` finds the project's own `nabla`
const work = (() => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  return mkdtempSync(join(root, 'tmp', 'readme-'));
})();
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('README command lines', () => {
  it('are there', () => {
    expect(readmeCommands.length).toBeGreaterThanOrEqual(25);
    expect(readmeCommands.filter((l) => l.includes('--json')).length).toBeGreaterThanOrEqual(2);
  });

  it('each exits 0, in order; every --json line prints one JSON document', async () => {
    symlinkSync(join(root, 'examples'), join(work, 'examples'));
    // my-digit.png: the first MNIST test digit, black on white as a person draws it
    const test = loadMnist().test;
    const png = new PNG({ width: 28, height: 28 });
    for (let i = 0; i < 784; i++) {
      const v = 255 - Math.round(test.images[i] * 255);
      png.data.set([v, v, v, 255], 4 * i);
    }
    writeFileSync(join(work, 'my-digit.png'), PNG.sync.write(png));

    const env = { ...process.env, CI: 'true', npm_config_update_notifier: 'false' };
    const runLine = (line: string) =>
      new Promise<void>((done, fail) => {
        const command = forTheTests(line);
        const child = spawn('bash', ['-c', command], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = { stdout: '', stderr: '' };
        child.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()));
        child.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()));
        child.on('error', fail);
        child.on('close', (status) => {
          try {
            expect(status, `${command}\n${out.stderr}`).toBe(0);
            expect(out.stderr, command).not.toMatch(/^nabla \w+: /m);
            const redirect = /--json > (\S+)$/.exec(command);
            if (redirect) {
              const doc = readFileSync(join(work, redirect[1]), 'utf8');
              expect(() => JSON.parse(doc), `${command} wrote ${doc.slice(0, 200)}`).not.toThrow();
            } else if (command.includes('--json')) {
              expect(() => JSON.parse(out.stdout), `${command} printed ${out.stdout.slice(0, 200)}`).not.toThrow();
            }
            done();
          } catch (error) {
            fail(error);
          }
        });
      });
    // two queues, one per core: lines that make or read runs/ (and my-digit.png) in order, the rest beside them
    const usesRuns = (line: string) => /runs\/|--resume|my-digit|three-ways/.test(line);
    const queue = async (lines: string[]) => {
      for (const line of lines) await runLine(line);
    };
    await Promise.all([queue(readmeCommands.filter(usesRuns)), queue(readmeCommands.filter((l) => !usesRuns(l)))]);

    // what the lines promise to leave behind
    expect(existsSync(join(work, 'runs', 'small', 'model.safetensors'))).toBe(true);
    expect(JSON.parse(readFileSync(join(work, 'runs', 'small', 'history.json'), 'utf8')).history).toHaveLength(5);
    expect(existsSync(join(work, 'three-ways.png'))).toBe(true);
    expect(JSON.parse(readFileSync(join(work, 'grad.json'), 'utf8')).gradient).toEqual([-4, -1]);
  }, 600_000);
});
