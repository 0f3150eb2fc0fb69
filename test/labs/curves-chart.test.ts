// Specification of the learning-curve chart: lines per split, a log axis for sizes, the marks as labelled rules, and the files written.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { band, type CurveResult } from '../../src/labs/curves.js';
import { curveChartSpec, markRules } from '../../src/labs/curves-chart.js';
import { curveCsv, writeCurveFiles } from '../../src/labs/curves-files.js';
import { curveDefaults } from '../../src/labs/curves-spec.js';
import { renderSvg } from '../../src/plot/render.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-curves-chart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function result(kind: 'size' | 'complexity'): CurveResult {
  const d = curveDefaults(kind);
  const points = [1, 4, 16, 64].map((x, i) => ({ x, train: band([0.5 / (i + 1) ** 2, 0.4 / (i + 1) ** 2].map((v) => (i >= 2 ? 0 : v))), test: band([0.6 - 0.1 * i, 0.62 - 0.1 * i]), validation: band([0.55 - 0.1 * i]) }));
  return {
    kind, axis: d.axis, points, runs: [],
    marks: kind === 'complexity' ? { best: 64, interpolationThreshold: 16 } : {},
    config: { kind, axis: d.axis, points: [1, 4, 16, 64], repeats: 2, seed: 1, base: d.base, trainSize: d.trainSize, depthWidth: d.depthWidth, labelNoise: 0.2, budget: d.budget, weightDecayComparison: null },
  };
}

describe('curveChartSpec', () => {
  it('draws train and test lines over a log x axis, with the marks as labelled rules', async () => {
    const r = result('complexity');
    const svg = await renderSvg(curveChartSpec(r));
    expect(svg).toContain('interpolation threshold (16 units)');
    expect(svg).toContain('lowest validation error (64 units)');
    expect(svg).toContain('Hidden units in the one hidden layer (log scale)');
    expect(svg).toContain('20% label noise');
    expect(svg).toContain('mean of 2 seeds');
    expect(JSON.stringify(curveChartSpec(r))).toContain('"type":"log"');
  });

  it('has no rules when there are no marks', () => {
    expect(markRules(result('size'))).toEqual([]);
  });
});

describe('writeCurveFiles', () => {
  it('writes <kind>.json, .csv, .svg and .png, and nothing else', async () => {
    const r = result('complexity');
    const written = await writeCurveFiles(root, r);
    expect(written.map((p) => p.slice(root.length + 1)).sort()).toEqual(['complexity.csv', 'complexity.json', 'complexity.png', 'complexity.svg']);
    expect(readdirSync(root).sort()).toEqual(['complexity.csv', 'complexity.json', 'complexity.png', 'complexity.svg']);
    expect(JSON.parse(readFileSync(join(root, 'complexity.json'), 'utf8')).marks).toEqual({ best: 64, interpolationThreshold: 16 });
    expect([...readFileSync(join(root, 'complexity.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('the CSV has one row per x with mean, min and max of each split', () => {
    const lines = curveCsv(result('complexity')).trimEnd().split('\n');
    expect(lines[0]).toBe('run,x,train_mean,train_min,train_max,validation_mean,validation_min,validation_max,test_mean,test_min,test_max');
    expect(lines).toHaveLength(5);
    expect(lines[1].startsWith('baseline,1,0.45,0.4,0.5,0.55,0.55,0.55,')).toBe(true);
  });
});
