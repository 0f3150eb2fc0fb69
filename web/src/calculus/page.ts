// The calculus page: an expression in, its symbolic gradient and Hessian and its classified critical points out (worked out in a worker).

import { drawChart } from '../chart.js';
import type { Analysis, PathRequest } from './analysis.js';
import type { AnalyseReply, AnalyseRequest, GraphRequest } from './calculus-worker.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const worker = new Worker(new URL('./calculus-worker.ts', import.meta.url), { type: 'module' });
let latest = 0;
let latestGraph = 0;

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillRows(table: HTMLElement, rows: HTMLTableCellElement[][]): void {
  const body = table.querySelector('tbody')!;
  body.innerHTML = '';
  for (const cells of rows) {
    const tr = document.createElement('tr');
    tr.append(...cells);
    body.append(tr);
  }
}

function show(a: Analysis): void {
  const vars = a.variables.join(', ');
  $('function').textContent = `f(${vars}) = ${a.pretty}`;
  fillRows($('gradient'), a.gradient.map((d, i) => [cell(`∂f/∂${a.variables[i]}`, 'left'), cell(`= ${d}`, 'left math')]));
  fillRows($('hessian'), a.hessian.map((row, i) => [cell(`∂/∂${a.variables[i]}`, 'left'), ...row.map((d) => cell(d, 'math'))]));
  $('method').textContent = `method: ${a.method}${a.note ? `; note: ${a.note}` : ''}`;
  fillRows($('points'), a.points.map((p) => [cell(p.point, 'left'), cell(p.value), cell(p.eigenvalues), cell(p.type, 'left type')]));
  if (a.points.length === 0) fillRows($('points'), [[cell('no isolated critical points', 'left')]]);
  $('non-isolated').textContent = a.nonIsolated.length > 0 ? `not isolated (sets, not points): ${a.nonIsolated.join('; ')}` : '';
  $('results').hidden = false;
  $('plane').hidden = a.contour === null;
  $('path').textContent = a.path ?? '';
  if (a.contour !== null) {
    void drawChart($('contour'), a.contour).then(() => {
      $('contour').dataset.drawn = String(latest);
    });
  }
}

worker.onmessage = (event: MessageEvent<AnalyseReply>) => {
  const reply = event.data;
  if ('graphSvg' in reply || 'graphError' in reply) {
    if (reply.id !== latestGraph) return;
    $('graph-error').textContent = 'graphError' in reply ? reply.graphError : '';
    $('graph').innerHTML = 'graphSvg' in reply ? reply.graphSvg : '';
    return;
  }
  if (reply.id !== latest) return; // an answer to an expression since replaced
  $<HTMLButtonElement>('analyse').disabled = false;
  $('status').textContent = '';
  if ('error' in reply) {
    $('error').textContent = reply.error;
    $('results').hidden = true;
  } else {
    $('error').textContent = '';
    show(reply.analysis);
  }
};

/** The path form, checked; throws a one-line message naming the field. */
function pathRequest(): PathRequest {
  const field = (id: string) => $<HTMLInputElement>(id).value;
  const from = field('from').split(',').map((part) => Number(part.trim()));
  if (from.length !== 2 || from.some((v) => !Number.isFinite(v))) throw new Error(`from must be two numbers "x, y", got "${field('from')}"`);
  const lr = Number(field('path-lr'));
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a number > 0, got "${field('path-lr')}"`);
  const steps = Number(field('path-steps'));
  if (!Number.isInteger(steps) || steps < 1 || steps > 10_000) throw new Error(`steps must be an integer in [1, 10000], got "${field('path-steps')}"`);
  return { method: field('path-method') as PathRequest['method'], from: [from[0], from[1]], lr, steps };
}

function analyse(withPath = false): void {
  const source = $<HTMLInputElement>('expression').value;
  const varsText = $<HTMLInputElement>('vars').value.trim();
  const vars = varsText === '' ? undefined : varsText.split(',').map((v) => v.trim());
  latest++;
  $('status').textContent = 'working…';
  let path: PathRequest | undefined;
  if (withPath) {
    try {
      path = pathRequest();
    } catch (error) {
      $('status').textContent = '';
      $('error').textContent = (error as Error).message;
      return;
    }
  }
  const request: AnalyseRequest = { id: latest, source, ...(vars ? { vars } : {}), ...(path ? { path } : {}) };
  worker.postMessage(request);
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  analyse();
});
$('graph-form').addEventListener('submit', (event) => {
  event.preventDefault();
  latestGraph++;
  $('graph-error').textContent = '';
  const request: GraphRequest = { id: latestGraph, graph: { source: $<HTMLInputElement>('expression').value, at: $<HTMLInputElement>('graph-at').value } };
  worker.postMessage(request);
});
$('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  analyse(true);
});
analyse();
