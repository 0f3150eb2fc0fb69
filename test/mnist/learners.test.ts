// createLearner and `nabla train --impl`: each implementation behind one interface, scratch's MSE default, charts per run, tfjs isolated.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { createLearner } from '../../src/mnist/learners.js';
import { ScratchLearner } from '../../src/mnist/scratch.js';
import { defaultConfig } from '../../src/train/config.js';


function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('createLearner', () => {
  it('builds the implementation the config names', async () => {
    expect(await createLearner({ ...defaultConfig, impl: 'autograd', hidden: [8] })).toBeInstanceOf(AutogradLearner);
    expect(await createLearner({ ...defaultConfig, impl: 'scratch', hidden: [8] })).toBeInstanceOf(ScratchLearner);
    const tfjs = await createLearner({ ...defaultConfig, impl: 'tfjs', hidden: [8] });
    expect(tfjs.impl).toBe('tfjs');
    tfjs.close?.();
  });

  it('refuses float64 for tfjs, which computes in float32 only', async () => {
    await expect(createLearner({ ...defaultConfig, impl: 'tfjs', dtype: 'float64' })).rejects.toThrow('--impl tfjs computes in float32 only (got --dtype float64)');
  });

  it('keeps TensorFlow.js in src/mnist/tfjs.ts alone, loaded lazily by learners.ts', () => {
    const src = join(import.meta.dirname, '../../src');
    const importers = sourceFiles(src).filter((f) => readFileSync(f, 'utf8').includes('@tensorflow/'));
    expect(importers.map((f) => relative(src, f))).toEqual(['mnist/tfjs.ts']);
    const learners = readFileSync(join(src, 'mnist/learners.ts'), 'utf8');
    expect(learners).not.toMatch(/^import .*tfjs\.js/m);
    expect(learners).toContain("await import('./tfjs.js')");
  });
});

describe('nabla train --impl', () => {
  const root = mkdtempSync(join(tmpdir(), 'nabla-impl-'));
  const small = ['--train-size', '256', '--val-size', '128', '--epochs', '1', '--hidden', '16'];
  const train = async (name: string, ...flags: string[]) => {
    const r = await run('train', ...small, ...flags, '--out', join(root, name), '--json');
    expect(r.err).not.toMatch(/nabla train:/);
    expect(r.code).toBe(0);
    return JSON.parse(r.out);
  };

  it('scratch defaults to the course MSE; an explicit --loss wins; the others default to cross-entropy', async () => {
    expect((await train('s', '--impl', 'scratch')).config.loss).toBe('mse');
    expect((await train('s-ce', '--impl', 'scratch', '--loss', 'cross-entropy')).config.loss).toBe('cross-entropy');
    expect((await train('a', '--impl', 'autograd')).config.loss).toBe('cross-entropy');
    expect((await train('a-mse', '--impl', 'autograd', '--loss', 'mse')).config.loss).toBe('mse');
  });

  it('every run writes the accuracy and loss charts next to history.json', () => {
    for (const name of ['s', 'a']) {
      expect(readdirSync(join(root, name))).toEqual(expect.arrayContaining(['history.json', 'accuracy.svg', 'accuracy.png', 'loss.svg', 'loss.png']));
    }
  });

  it('tfjs trains through the same command, on the tfjs-wasm backend, and records it', async () => {
    const r = await train('t', '--impl', 'tfjs');
    expect(r.impl).toBe('tfjs');
    expect(r.backend).toBe('tfjs-wasm');
    expect(r.history).toHaveLength(1);
    expect(r.testAccuracy).toBeGreaterThan(0.1);
  });
});
