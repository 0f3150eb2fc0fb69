// Test helper: renders a spec to SVG, failing on any vega or vega-lite warning, and lists its text.

import { expect, vi } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../src/plot/render.js';

/** The SVG of `spec` and the contents of its <text> elements, entity-decoded. */
export async function renderChecked(spec: TopLevelSpec): Promise<{ svg: string; texts: string[] }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const svg = await renderSvg(spec);
    expect(warn.mock.calls).toEqual([]);
    return { svg, texts: svgTexts(svg) };
  } finally {
    warn.mockRestore();
  }
}

/** Contents of every <text> element of an SVG document. */
export function svgTexts(svg: string): string[] {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&[a-z#0-9]+;/g, (e) => entities[e] ?? e));
}
