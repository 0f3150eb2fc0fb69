// `nabla graph`: draws the computational graph of a small program, with values and gradients at a point.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { computationalGraph, graphToDot } from '../../calculus/index.js';
import { svgToPng } from '../../plot/index.js';
import { action, UsageError } from '../errors.js';
import { pointOption, printJson } from './calculus-output.js';

const examples = `
Examples:
  $ nabla graph "a = x*y + z; b = a*(x+x); w = a*b + b"                       # DOT on stdout
  $ nabla graph "a = x*y + z; b = a*(x+x); w = a*b + b" --at "x=1,y=2,z=3" --out graph.svg
  $ nabla graph "h = relu(b + x*w); L = (h - t)^2" --at "b=0.5,x=2,w=1,t=1" --out graph.png

Value nodes show their name, and with --at their value (data) and the gradient of the last
assigned variable with respect to them (grad), computed by nabla's autodiff.`;

/** Lays out DOT with Graphviz compiled to WebAssembly. */
async function dotToSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg' });
}

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('draw the computational graph of "a = ...; b = ...; w = ..." (DOT, SVG or PNG)')
    .argument('<program>', 'assignments separated by ";"')
    .option('--at <point>', 'input values, e.g. "x=1,y=2,z=3": nodes then show values and gradients')
    .option('--out <file>', 'write .svg, .png or .dot instead of printing DOT')
    .option('--json', 'print the nodes and edges as one JSON document')
    .addHelpText('after', examples)
    .action(
      action('graph', async (source: string, flags: { at?: string; out?: string; json?: boolean }) => {
        const ext = flags.out === undefined ? undefined : extname(flags.out).toLowerCase();
        if (ext !== undefined && !['.svg', '.png', '.dot', '.gv'].includes(ext)) throw new UsageError(`--out: use a .svg, .png or .dot file, got '${flags.out}'`);
        const graph = computationalGraph(source, flags.at === undefined ? undefined : pointOption('--at', flags.at));
        const dot = graphToDot(graph);
        if (flags.out !== undefined) {
          mkdirSync(dirname(flags.out), { recursive: true });
          if (ext === '.dot' || ext === '.gv') writeFileSync(flags.out, `${dot}\n`);
          else {
            const svg = await dotToSvg(dot);
            writeFileSync(flags.out, ext === '.svg' ? svg : svgToPng(svg));
          }
        }
        if (flags.json) {
          printJson({ inputs: graph.inputs, outputs: graph.outputs, point: graph.point ?? null, nodes: graph.nodes, edges: graph.edges, dot, ...(flags.out ? { out: flags.out } : {}) });
        } else if (flags.out === undefined) {
          process.stdout.write(`${dot}\n`);
        } else {
          process.stdout.write(`graph with ${graph.nodes.length} nodes written to ${flags.out}\n`);
        }
      }),
    );
}
