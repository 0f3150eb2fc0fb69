// Renders Vega-Lite specs to SVG (vega's headless renderer) and PNG (resvg), and writes chart files.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

// vega, vega-lite and resvg take about a second to load: they are loaded on the first chart, not
// at start-up, so a command or a library import that draws nothing does not pay for them
const load = createRequire(import.meta.url);

/** Options for rasterising an SVG. */
export interface PngOptions {
  /** Pixels per SVG unit; 2 gives crisp text on high-density screens and in reports. Default 2. */
  scale?: number;
  /**
   * Family that `sans-serif` (vega's default text font) resolves to. Default "DejaVu Sans", which
   * most Linux images ship; when it is missing resvg falls back to the first system font.
   */
  fontFamily?: string;
  /** CSS colour painted under the chart. Default white. */
  background?: string;
}

/** The file formats `renderChart` writes, keyed by extension. */
export const chartFormats = ['.svg', '.png'] as const;

/** One of `chartFormats`. */
export type ChartFormat = (typeof chartFormats)[number];

/**
 * Compiles a Vega-Lite spec to Vega and renders it to an SVG document, without a DOM.
 *
 * @example
 * const svg = await renderSvg(lineChartSpec({ ... }));
 * svg.startsWith('<svg'); // true
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG document to PNG bytes; the image is the SVG's size times `scale`.
 *
 * @example
 * const png = svgToPng(await renderSvg(spec), { scale: 1 });
 * fs.writeFileSync('chart.png', png);
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const { scale = 2, fontFamily = 'DejaVu Sans', background = 'white' } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`PNG scale must be a positive number, got ${scale}`);
  const { Resvg } = load('@resvg/resvg-js') as { Resvg: typeof ResvgClass };
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background,
    font: { loadSystemFonts: true, defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/**
 * Renders a spec to `filePath`, as SVG or PNG according to its extension, replacing the file
 * atomically so a reader never sees half a chart. Missing parent directories are created.
 *
 * @example
 * await renderChart(learningCurveSpecs(history).loss, 'runs/a/loss.png');
 * await renderChart(spec, 'chart.svg');
 */
export async function renderChart(spec: TopLevelSpec, filePath: string, options: PngOptions = {}): Promise<void> {
  const format = chartFormatOf(filePath);
  const svg = await renderSvg(spec);
  writeFileAtomic(filePath, format === '.svg' ? svg : svgToPng(svg, options));
}

/**
 * The chart format a path's extension names; throws an Error naming any other extension.
 *
 * @example
 * chartFormatOf('out/loss.PNG'); // '.png'
 * chartFormatOf('out/loss.jpg'); // throws: unsupported chart extension ".jpg"
 */
export function chartFormatOf(filePath: string): ChartFormat {
  const ext = path.extname(filePath).toLowerCase();
  const format = chartFormats.find((f) => f === ext);
  if (format === undefined) {
    const shown = ext === '' ? '(none)' : `"${ext}"`;
    throw new Error(`unsupported chart extension ${shown} in ${filePath}: use .svg or .png`);
  }
  return format;
}

// A rename within one directory is atomic, so the temporary file lives beside the target.
function writeFileAtomic(filePath: string, data: string | Uint8Array): void {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${process.pid}.tmp`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, filePath);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

let collect: (() => void) | null = null;

/**
 * Frees the memory the PNG renderer holds outside the JavaScript heap. resvg keeps each rendered
 * image (about 4 MB for a chart at scale 2) until the garbage collector happens to finalise its
 * wrapper, which a long run that allocates little on the JS heap may not do for hundreds of
 * renders; this runs a full collection now (tens of milliseconds), so a caller drawing charts
 * over hours keeps its memory flat. It turns on V8's `--expose-gc` at run time to reach `gc()`.
 *
 * @example
 * writeFileSync('loss.png', svgToPng(svg));
 * releaseRendererMemory();
 */
export function releaseRendererMemory(): void {
  if (collect === null) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
