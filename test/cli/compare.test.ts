// `nabla compare` end to end, in process: the spec's data and structure, the files, the table, and one-line errors with exit code 2.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildComparison, runLabels } from '../../src/cli/commands/compare.js';
import { run } from '../support/run-cli.js';
import { defaultConfig, type TrainConfig } from '../../src/train/config.js';
import type { RunHistory } from '../../src/train/history.js';
import { svgTexts } from '../plot/render-checked.js';

type Json = any;


afterEach(() => {
  process.exitCode = 0;
});

let root: string;

function writeRun(name: string, config: Partial<TrainConfig>, accuracies: number[], testAccuracy: number | null = 0.9): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const history: RunHistory = {
    impl: config.impl ?? 'autograd',
    backend: 'reference',
    config: { ...defaultConfig, ...config },
    history: accuracies.map((acc, i) => ({
      epoch: i + 1, trainLoss: 1 - acc, trainAccuracy: acc, valLoss: 1.1 - acc, valAccuracy: acc - 0.01, lr: 0.1, seconds: 2 + i,
    })),
    testAccuracy,
  };
  writeFileSync(join(dir, 'history.json'), JSON.stringify(history));
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nabla-compare-'));
  writeRun('scratch', { impl: 'scratch', loss: 'mse' }, [0.5, 0.7, 0.8]);
  writeRun('autograd', { impl: 'autograd' }, [0.6, 0.8, 0.9]);
  writeRun('tfjs', { impl: 'tfjs' }, [0.61, 0.79]);
  writeRun('lr-a', { lr: 0.1 }, [0.6, 0.8]);
  writeRun('lr-b', { lr: 0.01 }, [0.3, 0.5]);
  mkdirSync(join(root, 'empty'));
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'history.json'), '{"impl": "autograd", "hist');
  mkdirSync(join(root, 'other'));
  writeFileSync(join(root, 'other', 'history.json'), '{"hello": 1}');
});

describe('buildComparison', () => {
  it('puts every run, split and epoch in the data, labelled by what differs between the runs', () => {
    const dirs = ['scratch', 'autograd', 'tfjs'].map((d) => join(root, d));
    const { spec, runs } = buildComparison(dirs, { metric: 'accuracy' });
    const s: Json = JSON.parse(JSON.stringify(spec));
    expect(runs.map((r) => r.label)).toEqual(['scratch, mse', 'autograd, cross-entropy', 'tfjs, cross-entropy']);
    // 3 + 3 + 2 epochs, each with a train and a validation row
    expect(s.data.values).toHaveLength(16);
    expect(s.data.values).toContainEqual({ run: 'tfjs, cross-entropy', epoch: 2, split: 'validation', accuracy: 0.78 });
    expect(s.data.values).toContainEqual({ run: 'scratch, mse', epoch: 1, split: 'train', accuracy: 0.5 });
    expect(new Set(s.data.values.map((v: Json) => v.run))).toEqual(new Set(runs.map((r) => r.label)));
    // colour tells the run, dash the split; axes are labelled
    const line = s.layer[0].encoding;
    expect(line.x).toMatchObject({ field: 'epoch', title: 'Epoch' });
    expect(line.y).toMatchObject({ field: 'accuracy', title: 'Accuracy' });
    expect(line.color).toMatchObject({ field: 'run', title: 'Run' });
    expect(line.color.scale.domain).toEqual(runs.map((r) => r.label));
    expect(line.strokeDash).toMatchObject({ field: 'split' });
  });

  it('charts the loss with --metric loss, and summarises each run', () => {
    const { spec, runs } = buildComparison([join(root, 'lr-a'), join(root, 'lr-b')], { metric: 'loss' });
    const s: Json = JSON.parse(JSON.stringify(spec));
    expect(s.layer[0].encoding.y).toMatchObject({ field: 'loss', title: 'Loss' });
    expect(s.data.values).toContainEqual({ run: 'lr 0.01', epoch: 2, split: 'train', loss: 0.5 });
    expect(runs).toEqual([
      { dir: join(root, 'lr-a'), label: 'lr 0.1', impl: 'autograd', epochs: 2, valAccuracy: 0.79, valLoss: expect.closeTo(0.3, 12), testAccuracy: 0.9, secondsPerEpoch: 3 },
      { dir: join(root, 'lr-b'), label: 'lr 0.01', impl: 'autograd', epochs: 2, valAccuracy: 0.49, valLoss: expect.closeTo(0.6, 12), testAccuracy: 0.9, secondsPerEpoch: 3 },
    ]);
  });

  it('takes --labels in order, and names identical configurations by their directories', () => {
    expect(buildComparison([join(root, 'lr-a'), join(root, 'lr-b')], { metric: 'accuracy', labels: 'fast, slow' }).runs.map((r) => r.label)).toEqual(['fast', 'slow']);
    const same = [join(root, 'lr-a'), join(root, 'autograd')].map((dir) => ({ dir, history: JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) }));
    expect(runLabels(same)).toEqual(['lr-a', 'autograd']);
  });
});

describe('nabla compare', () => {
  it('writes an SVG with both runs in the legend and prints a table', async () => {
    const out = join(root, 'charts', 'lr.svg');
    const r = await run('compare', join(root, 'lr-a'), join(root, 'lr-b'), '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const texts = svgTexts(readFileSync(out, 'utf8'));
    expect(texts).toEqual(expect.arrayContaining(['lr 0.1', 'lr 0.01', 'train', 'validation', 'Epoch', 'Accuracy', 'Accuracy per epoch, 2 runs']));
    expect(r.out).toMatch(/^run\s+epochs\s+val acc\s+test acc\s+s\/epoch\n/);
    expect(r.out).toContain('lr 0.01');
    expect(r.out).toContain('49.00%');
    expect(r.out).toContain(`wrote ${out}`);
  });

  it('writes a PNG with --out FILE.png, and --json describes the runs', async () => {
    const out = join(root, 'three.png');
    const r = await run('compare', ...['scratch', 'autograd', 'tfjs'].map((d) => join(root, d)), '--out', out, '--metric', 'loss', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.out).toBe(out);
    expect(doc.metric).toBe('loss');
    expect(doc.runs.map((x: Json) => [x.impl, x.epochs, x.testAccuracy])).toEqual([['scratch', 3, 0.9], ['autograd', 3, 0.9], ['tfjs', 2, 0.9]]);
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBeGreaterThan(800);
  });

  it('shows examples in --help', async () => {
    const r = await run('compare', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('nabla compare runs/scratch runs/autograd runs/tfjs');
  });

  const errors: Array<[string, string[], RegExp]> = [
    ['a missing run directory', ['missing'], /^nabla compare: .*missing: no such run directory\n$/],
    ['a directory without history.json', ['empty'], /^nabla compare: .*empty: no history\.json \(not a run directory written by nabla train/],
    ['a history.json that is not JSON', ['broken'], /^nabla compare: .*broken\/history\.json: not valid JSON/],
    ['a JSON file that is not a run history', ['other'], /^nabla compare: .*other\/history\.json: not a nabla run history/],
  ];
  for (const [what, dirs, message] of errors) {
    it(`rejects ${what} in one line with exit code 2, writing nothing`, async () => {
      const out = join(root, `never-${dirs[0]}.svg`);
      const r = await run('compare', join(root, 'lr-a'), ...dirs.map((d) => join(root, d)), '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('rejects a chart file that is neither .svg nor .png, and --labels of the wrong count', async () => {
    const bad = await run('compare', join(root, 'lr-a'), '--out', join(root, 'x.jpg'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^nabla compare: --out .*x\.jpg: use a \.svg or \.png file name\n$/);
    const labels = await run('compare', join(root, 'lr-a'), join(root, 'lr-b'), '--labels', 'one', '--out', join(root, 'y.svg'));
    expect(labels.code).toBe(2);
    expect(labels.err).toBe('nabla compare: --labels must name each of the 2 runs, comma-separated, got "one"\n');
  });

  it('needs at least one run directory', async () => {
    const r = await run('compare');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing required argument/);
  });
});
