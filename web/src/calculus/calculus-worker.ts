// The calculus worker: analyses an expression off the page's thread, so a slow search never freezes the page.

import { computationalGraph, graphToDot, parsePoint } from '../../../src/calculus/index.js';
import { analyse, type Analysis, type PathRequest } from './analysis.js';

/** Page → worker. */
export interface AnalyseRequest {
  id: number;
  source: string;
  vars?: string[];
  path?: PathRequest;
}

/** Page → worker: the computational graph of `f = source`, with values and gradients at a point if given. */
export interface GraphRequest {
  id: number;
  graph: { source: string; at: string };
}

/** Worker → page. */
export type AnalyseReply = { id: number; analysis: Analysis } | { id: number; error: string } | { id: number; graphSvg: string } | { id: number; graphError: string };

/** Lays out DOT with Graphviz compiled to WebAssembly (loaded on the first graph). */
async function layout(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg' });
}

async function graph(id: number, source: string, at: string): Promise<void> {
  try {
    let point: Record<string, number> | undefined;
    if (at.trim() !== '') {
      try {
        point = parsePoint(at);
      } catch (error) {
        throw new Error(`at: ${(error as Error).message}`);
      }
    }
    scope.postMessage({ id, graphSvg: await layout(graphToDot(computationalGraph(`f = ${source}`, point))) });
  } catch (error) {
    scope.postMessage({ id, graphError: (error as Error).message.split('\n')[0] });
  }
}

const scope = globalThis as unknown as { postMessage(m: AnalyseReply): void; onmessage: ((e: MessageEvent<AnalyseRequest | GraphRequest>) => void) | null };

scope.onmessage = (event) => {
  if ('graph' in event.data) {
    void graph(event.data.id, event.data.graph.source, event.data.graph.at);
    return;
  }
  const { id, source, vars, path } = event.data;
  try {
    scope.postMessage({ id, analysis: analyse(source, vars, path) });
  } catch (error) {
    scope.postMessage({ id, error: (error as Error).message.split('\n')[0] });
  }
};
