// A run's charts: accuracy and loss, SVG and PNG, written next to history.json with the run's curves.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import * as plot from '../../src/plot/index.js';
import { chartScheduler, runTitle, writeRunCharts } from '../../src/train/charts.js';
import { defaultConfig } from '../../src/train/config.js';
import type { EpochRecord } from '../../src/train/history.js';
import { svgTexts } from '../plot/render-checked.js';

const records: EpochRecord[] = [
  { epoch: 1, trainLoss: 0.9, trainAccuracy: 0.71, valLoss: 0.6, valAccuracy: 0.82, lr: 0.1, seconds: 2 },
  { epoch: 2, trainLoss: 0.4, trainAccuracy: 0.88, valLoss: 0.35, valAccuracy: 0.9, lr: 0.1, seconds: 2 },
  { epoch: 3, trainLoss: 0.3, trainAccuracy: 0.915, valLoss: 0.3, valAccuracy: 0.925, lr: 0.1, seconds: 2 },
];
const run = { impl: 'scratch', config: { ...defaultConfig, impl: 'scratch' as const, loss: 'mse' as const }, history: records };

describe('writeRunCharts', () => {
  it('writes accuracy.svg, accuracy.png, loss.svg and loss.png, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    const written = await writeRunCharts(dir, run);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['accuracy.png', 'accuracy.svg', 'loss.png', 'loss.svg']);
    expect(readdirSync(dir).sort()).toEqual(['accuracy.png', 'accuracy.svg', 'loss.png', 'loss.svg']);
  });

  it('draws labelled axes, a train/validation legend and the run in the title', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    await writeRunCharts(dir, run);
    for (const metric of ['accuracy', 'loss'] as const) {
      const svg = readFileSync(join(dir, `${metric}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      const texts = svgTexts(svg);
      expect(texts).toEqual(expect.arrayContaining(['Epoch', metric === 'accuracy' ? 'Accuracy' : 'Loss', 'Split', 'train', 'validation']));
      expect(texts).toContain(`scratch 784-128-64-10 sigmoid, mse, sgd lr 0.1: ${metric}`);
    }
    // one point per epoch and split, carrying the history's values
    const points = (metric: string) =>
      [...readFileSync(join(dir, `${metric}.svg`), 'utf8').matchAll(/aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="point"/g)].map((m) => m[1]);
    expect(points('accuracy')).toEqual([
      'Epoch: 1; Accuracy: 71%; Split: train', 'Epoch: 2; Accuracy: 88%; Split: train', 'Epoch: 3; Accuracy: 91.5%; Split: train',
      'Epoch: 1; Accuracy: 82%; Split: validation', 'Epoch: 2; Accuracy: 90%; Split: validation', 'Epoch: 3; Accuracy: 92.5%; Split: validation',
    ]);
    expect(points('loss')).toEqual([
      'Epoch: 1; Loss: 0.9; Split: train', 'Epoch: 2; Loss: 0.4; Split: train', 'Epoch: 3; Loss: 0.3; Split: train',
      'Epoch: 1; Loss: 0.6; Split: validation', 'Epoch: 2; Loss: 0.35; Split: validation', 'Epoch: 3; Loss: 0.3; Split: validation',
    ]);
  });

  it('rasterises each SVG at twice its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    await writeRunCharts(dir, run);
    for (const metric of ['accuracy', 'loss']) {
      const svg = readFileSync(join(dir, `${metric}.svg`), 'utf8');
      const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1]);
      const png = PNG.sync.read(readFileSync(join(dir, `${metric}.png`)));
      expect(width).toBeGreaterThan(400);
      expect(png.width).toBe(Math.round(2 * width));
    }
  });

  it('replaces the charts as epochs are added', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    await writeRunCharts(dir, { ...run, history: records.slice(0, 1) });
    const one = readFileSync(join(dir, 'loss.svg'), 'utf8');
    await writeRunCharts(dir, run);
    const three = readFileSync(join(dir, 'loss.svg'), 'utf8');
    expect(three).not.toBe(one);
    expect(svgTexts(three)).toEqual(expect.arrayContaining(['3']));
  });
});

describe('runTitle', () => {
  it('names the implementation, architecture, loss and optimizer', () => {
    expect(runTitle({ impl: 'tfjs', config: { ...defaultConfig, hidden: [256, 128, 64], activation: 'relu', optimizer: 'adam', lr: 0.001 } })).toBe(
      'tfjs 784-256-128-64-10 relu, cross-entropy, adam lr 0.001',
    );
  });
});

describe('chartScheduler', () => {
  it('draws at the first epoch, skips epochs within the interval, and draws the last records at finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    let clock = 0;
    const warnings: string[] = [];
    const charts = chartScheduler(dir, run, { minInterval: 5000, now: () => clock, warn: (m) => warnings.push(m) });
    const spec = vi.spyOn(plot, 'learningCurveSpecs');
    charts.update(records.slice(0, 1));
    clock = 1000;
    charts.update(records.slice(0, 2)); // a draw is running, and 5 s have not passed
    await charts.finish(records);
    const drawnCounts = spec.mock.calls.map((call) => call[0].length);
    expect(drawnCounts).toEqual([1, 3]);
    expect(warnings).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['accuracy.png', 'accuracy.svg', 'loss.png', 'loss.svg']);
    spec.mockRestore();
  });

  it('draws again once the interval has passed, and finish adds nothing when the last records are drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-charts-'));
    let clock = 0;
    const charts = chartScheduler(dir, run, { minInterval: 5000, now: () => clock });
    const spec = vi.spyOn(plot, 'learningCurveSpecs');
    charts.update(records.slice(0, 1));
    await charts.finish(records.slice(0, 1));
    clock = 6000;
    charts.update(records);
    await charts.finish(records);
    expect(spec.mock.calls.map((call) => call[0].length)).toEqual([1, 3]);
    spec.mockRestore();
  });

  it('a failed draw is a warning, not the end of the run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nabla-charts-')), 'not-a-dir');
    writeFileSync(file, '');
    const warnings: string[] = [];
    const charts = chartScheduler(file, run, { warn: (m) => warnings.push(m) });
    charts.update(records);
    await charts.finish(records);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatch(/^warning: could not draw the charts: /);
  });
});
