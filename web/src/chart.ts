// Draws a Vega-Lite spec (built by nabla's plot/ spec builders, the same as the CLI's charts) as inline SVG.

import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders `spec` into `target` as an SVG element, replacing what was there. */
export async function drawChart(target: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    target.innerHTML = await view.toSVG();
  } finally {
    view.finalize();
  }
}
