// The course's a, b, w program: graph structure, forward values and gradients of w by autodiff.

import { describe, expect, it } from 'vitest';
import { computationalGraph, graphToDot } from '../../src/calculus/computational-graph.js';

const program = 'a = x*y + z; b = a*(x+x); w = a*b + b';

describe('computationalGraph', () => {
  it('has inputs x, y, z, operator nodes and named value nodes', () => {
    const g = computationalGraph(program);
    expect(g.inputs).toEqual(['x', 'y', 'z']);
    expect(g.outputs).toEqual(['a', 'b', 'w']);
    expect(g.nodes.filter((n) => n.kind === 'op').map((n) => n.label)).toEqual(['×', '+', '+', '×', '×', '+']);
    // x + x: two edges from x into the same + node
    const x = g.nodes.find((n) => n.label === 'x')!;
    const plus = g.nodes.find((n) => n.kind === 'op' && g.edges.filter((e) => e.to === n.id && e.from === x.id).length === 2);
    expect(plus?.label).toBe('+');
  });

  it('carries values and ∂w/∂node at x=1, y=2, z=3', () => {
    const g = computationalGraph(program, { x: 1, y: 2, z: 3 });
    const byLabel = (label: string) => g.nodes.find((n) => n.label === label)!;
    expect([byLabel('a').value, byLabel('b').value, byLabel('w').value]).toEqual([5, 10, 60]);
    // w = ab + b: ∂w/∂b = a + 1 = 6, ∂w/∂a = b + 6·∂b/∂a = 10 + 6·2x = 22
    expect([byLabel('w').grad, byLabel('b').grad, byLabel('a').grad]).toEqual([1, 6, 22]);
    expect([byLabel('x').grad, byLabel('y').grad, byLabel('z').grad]).toEqual([104, 22, 22]);
  });

  it('writes DOT with record value nodes and circle operator nodes', () => {
    const dot = graphToDot(computationalGraph(program, { x: 1, y: 2, z: 3 }));
    expect(dot).toMatch(/^digraph/);
    expect(dot).toContain('{ w | data 60 | grad 1 }');
    expect(dot).toContain('shape=circle');
  });

  it('rejects a statement without =', () => {
    expect(() => computationalGraph('a = x; y*2')).toThrow(/name = expression/);
  });
});

describe('computationalGraph limits', () => {
  it('refuses a program of more than 2000 nodes, naming the limit', () => {
    const sum = Array.from({ length: 200 }, (_, i) => `x*${i + 1}`).join('+');
    const program = Array.from({ length: 4 }, (_, k) => `a${k} = ${sum}`).join('; ');
    expect(() => computationalGraph(program)).toThrow(/graph too large to draw: more than 2000 nodes \(limit 2000\)/);
  });

  it('cuts long value labels to 40 characters', () => {
    const g = computationalGraph(`w = ${Array.from({ length: 30 }, (_, i) => `x^${i + 2}`).join('+')} + y`);
    const labels = g.nodes.filter((n) => n.kind === 'value').map((n) => [...n.label].length);
    expect(Math.max(...labels)).toBe(40);
    expect(g.nodes.some((n) => n.label.endsWith('…'))).toBe(true);
  });
});
