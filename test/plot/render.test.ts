// Rendering: specs to SVG text, SVG to PNG bytes at a chosen scale, and chart files written atomically.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { chartFormatOf, releaseRendererMemory, renderChart, renderSvg, svgToPng } from '../../src/plot/render.js';
import { learningCurveSpecs } from '../../src/plot/line-chart.js';
import { renderChecked } from './render-checked.js';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const spec: TopLevelSpec = {
  title: 'Squares',
  width: 200,
  height: 120,
  data: { values: [1, 2, 3].map((n) => ({ n, square: n * n })) },
  mark: 'line',
  encoding: {
    x: { field: 'n', type: 'quantitative', title: 'Number' },
    y: { field: 'square', type: 'quantitative', title: 'Its square' },
  },
};

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\bwidth="(\d+(?:\.\d+)?)"[^>]*\bheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (m === null) throw new Error('no size on the <svg> element');
  return { width: Number(m[1]), height: Number(m[2]) };
}

let svg = '';
let dir = '';
beforeAll(async () => {
  svg = await renderSvg(spec);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabla-plot-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('renderSvg', () => {
  it('renders an SVG document with the title and axis titles as text', async () => {
    const { svg: checked, texts } = await renderChecked(spec);
    expect(checked.startsWith('<svg')).toBe(true);
    expect(checked.trimEnd().endsWith('</svg>')).toBe(true);
    expect(texts).toEqual(expect.arrayContaining(['Squares', 'Number', 'Its square']));
  });

  it('is deterministic', async () => {
    expect(await renderSvg(spec)).toBe(svg);
  });
});

describe('svgToPng', () => {
  it('writes a PNG whose size is the SVG size times the scale', () => {
    const { width, height } = svgSize(svg);
    for (const scale of [1, 2]) {
      const png = svgToPng(svg, { scale });
      expect([...png.subarray(0, 8)]).toEqual(pngSignature);
      const image = PNG.sync.read(Buffer.from(png));
      expect(image.width).toBe(Math.round(width * scale));
      expect(image.height).toBe(Math.round(height * scale));
    }
  });

  it('defaults to scale 2', () => {
    const image = PNG.sync.read(Buffer.from(svgToPng(svg)));
    expect(image.width).toBe(Math.round(svgSize(svg).width * 2));
  });

  it('draws the text: the title band is white without a title and inked with one', async () => {
    const untitled = await renderSvg({ ...spec, title: '' });
    const inkAbove = (doc: string, rows: number) => {
      const image = PNG.sync.read(Buffer.from(svgToPng(doc, { scale: 1 })));
      let ink = 0;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * 4] < 128) ink++;
      }
      return ink;
    };
    // the plot area of the titled chart starts about 20 px down; the title glyphs sit above it
    expect(inkAbove(svg, 15)).toBeGreaterThan(30);
    expect(inkAbove(untitled, 5)).toBe(0);
  });

  it('paints its background under a transparent chart, white by default', async () => {
    const clear = await renderSvg({ ...spec, background: 'transparent' });
    const corner = (options: Parameters<typeof svgToPng>[1]) =>
      [...PNG.sync.read(Buffer.from(svgToPng(clear, { scale: 1, ...options }))).data.subarray(0, 4)];
    expect(corner({ background: '#ff0000' })).toEqual([255, 0, 0, 255]);
    expect(corner({})).toEqual([255, 255, 255, 255]);
  });

  it('rejects a scale that is not positive', () => {
    expect(() => svgToPng(svg, { scale: 0 })).toThrow(/scale/);
    expect(() => svgToPng(svg, { scale: Number.NaN })).toThrow(/scale/);
  });
});

describe('chartFormatOf', () => {
  it('maps .svg and .png in any case and names any other extension in its error', () => {
    expect(chartFormatOf('a/b/loss.svg')).toBe('.svg');
    expect(chartFormatOf('loss.PNG')).toBe('.png');
    expect(() => chartFormatOf('loss.jpg')).toThrow(/"\.jpg"/);
    expect(() => chartFormatOf('loss')).toThrow(/\(none\)/);
  });
});

describe('renderChart', () => {
  it('writes SVG for .svg and PNG for .png, creating the directory, leaving no temporary file', async () => {
    const svgPath = path.join(dir, 'charts', 'squares.svg');
    const pngPath = path.join(dir, 'charts', 'squares.png');
    await renderChart(spec, svgPath);
    await renderChart(spec, pngPath, { scale: 1 });
    expect(fs.readFileSync(svgPath, 'utf8')).toBe(svg);
    const png = fs.readFileSync(pngPath);
    expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    expect(PNG.sync.read(png).width).toBe(svgSize(svg).width);
    expect(fs.readdirSync(path.join(dir, 'charts')).sort()).toEqual(['squares.png', 'squares.svg']);
  });

  it('replaces an existing file', async () => {
    const file = path.join(dir, 'replace.svg');
    fs.writeFileSync(file, 'old');
    await renderChart(spec, file);
    expect(fs.readFileSync(file, 'utf8')).toBe(svg);
  });

  it('rejects an unknown extension, naming it, and writes nothing', async () => {
    const file = path.join(dir, 'chart.jpeg');
    await expect(renderChart(spec, file)).rejects.toThrow(/\.jpeg/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('releaseRendererMemory', () => {
  it('keeps memory flat over many renders (without it, 40 renders at scale 4 add about 600 MB until a GC happens to run)', () => {
    // in a process of its own: the test workers are threads of one process, whose RSS other tests move
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/render-memory-child.mts'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { growthMB } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { growthMB: number };
    expect(growthMB).toBeLessThan(200);
  });
});
