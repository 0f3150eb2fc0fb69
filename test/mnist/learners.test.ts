// createLearner and `nabla train --impl`: each implementation behind one interface, scratch's MSE default, charts per run, tfjs isolated.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { createLearner } from '../../src/mnist/learners.js';
import { ScratchLearner } from '../../src/mnist/scratch.js';
import { defaultConfig, type TrainConfig } from '../../src/train/config.js';
import { configFrom, registerTrain, type TrainFlags } from '../../src/cli/commands/train.js';


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

/** The config `nabla train ARGV…` would run with, from the real flag parsing, without training. */
function resolvedConfig(...argv: string[]): TrainConfig {
  const program = new Command().exitOverride();
  registerTrain(program);
  let flags: TrainFlags | undefined;
  program.commands.find((c) => c.name() === 'train')!.action((parsed: TrainFlags) => { flags = parsed; });
  program.parse(['train', ...argv], { from: 'user' });
  expect(flags, `flags for ${argv.join(' ')}`).toBeDefined();
  return configFrom(flags!);
}

describe('nabla train --loss default', () => {
  it('scratch defaults to the course MSE; an explicit --loss wins; the others default to cross-entropy', () => {
    expect(resolvedConfig('--impl', 'scratch').loss).toBe('mse');
    expect(resolvedConfig('--impl', 'scratch', '--loss', 'cross-entropy').loss).toBe('cross-entropy');
    expect(resolvedConfig('--impl', 'autograd').loss).toBe('cross-entropy');
    expect(resolvedConfig('--impl', 'tfjs').loss).toBe('cross-entropy');
    expect(resolvedConfig('--impl', 'autograd', '--loss', 'mse').loss).toBe('mse');
    expect(resolvedConfig().loss).toBe(defaultConfig.loss);
  });
});

describe('nabla train --impl', () => {
  const small = ['--train-size', '256', '--val-size', '128', '--epochs', '1', '--hidden', '16'];
  const train = async (impl: string, ...flags: string[]) => {
    const out = join(mkdtempSync(join(tmpdir(), `nabla-impl-${impl}-`)), 'run');
    const r = await run('train', ...small, '--impl', impl, ...flags, '--out', out, '--json');
    expect(r.err).not.toMatch(/nabla train:/);
    expect(r.code).toBe(0);
    return { doc: JSON.parse(r.out), out };
  };

  it.each(['scratch', 'autograd'])('a %s run writes the accuracy and loss charts next to history.json', async (impl) => {
    const { doc, out } = await train(impl);
    expect(doc.impl).toBe(impl);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['history.json', 'accuracy.svg', 'accuracy.png', 'loss.svg', 'loss.png']));
  });

  it('tfjs trains through the same command, on the tfjs-wasm backend, and records it', async () => {
    const { doc: r } = await train('tfjs', '--lr', '0.5');
    expect(r.impl).toBe('tfjs');
    expect(r.backend).toBe('tfjs-wasm');
    expect(r.history).toHaveLength(1);
    // this configuration reached 0.27–0.41 over seeds 1–8 (0.32 at the default seed 1); chance, or always
    // answering the commonest digit, is ≤ 0.114, so a network that learns nothing fails here
    expect(r.testAccuracy).toBeGreaterThan(0.2);
  });
});
