// Writes one lab chart as NAME.svg and NAME.png in a directory, each atomically.

import { join } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import { renderSvg, svgToPng } from '../plot/index.js';
import type { TopLevelSpec } from '../plot/index.js';

/**
 * Renders `spec` once to SVG, rasterises that SVG to PNG, and writes `dir/name.svg` and
 * `dir/name.png` (creating `dir`). Returns the two paths.
 * @example await writeChart('out', 'capacity-square', spec) // ['out/capacity-square.svg', 'out/capacity-square.png']
 */
export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<[string, string]> {
  const svg = await renderSvg(spec);
  ensureDirSync(dir);
  const files: [string, string] = [join(dir, `${name}.svg`), join(dir, `${name}.png`)];
  writeFileAtomicSync(files[0], svg);
  writeFileAtomicSync(files[1], svgToPng(svg));
  return files;
}
