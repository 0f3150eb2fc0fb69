// Runs `nabla train` in a child process (only the train command loaded), and a tiny MNIST-shaped dataset for it.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeIdx } from '../../src/data/idx.js';
import { mnistFiles } from '../../src/data/mnist.js';

const driver = resolve(import.meta.dirname, 'train-driver.ts');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `nabla train ARGS…` in a child process with extra environment variables. */
export function trainChild(args: string[], env: Record<string, string> = {}): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', driver, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, ...out }));
  });
}

/** `train` images and `test` images of 28×28 pseudo-random pixels (about 20% nonzero), labels i mod 10, in `dir`. */
export function writeTinyMnist(dir: string, train = 300, test = 50): string {
  mkdirSync(dir, { recursive: true });
  let state = 1;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const images = (n: number) => ({ dtype: 'uint8' as const, shape: [n, 28, 28], data: new Uint8Array(n * 784).map(() => (random() < 0.2 ? Math.floor(random() * 256) : 0)) });
  const labels = (n: number) => ({ dtype: 'uint8' as const, shape: [n], data: new Uint8Array(n).map((_, i) => i % 10) });
  writeIdx(join(dir, mnistFiles.trainImages), images(train));
  writeIdx(join(dir, mnistFiles.trainLabels), labels(train));
  writeIdx(join(dir, mnistFiles.testImages), images(test));
  writeIdx(join(dir, mnistFiles.testLabels), labels(test));
  return dir;
}
