// The calculus worker: analyses an expression off the page's thread, so a slow search never freezes the page.

import { analyse, type Analysis, type PathRequest } from './analysis.js';

/** Page → worker. */
export interface AnalyseRequest {
  id: number;
  source: string;
  vars?: string[];
  path?: PathRequest;
}

/** Worker → page. */
export type AnalyseReply = { id: number; analysis: Analysis } | { id: number; error: string };

const scope = globalThis as unknown as { postMessage(m: AnalyseReply): void; onmessage: ((e: MessageEvent<AnalyseRequest>) => void) | null };

scope.onmessage = (event) => {
  const { id, source, vars, path } = event.data;
  try {
    scope.postMessage({ id, analysis: analyse(source, vars, path) });
  } catch (error) {
    scope.postMessage({ id, error: (error as Error).message.split('\n')[0] });
  }
};
