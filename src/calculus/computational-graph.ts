// Computational graphs of small programs (`a = x*y + z; b = a*(x+x); w = a*b + b`): operator and value nodes, values and gradients by autodiff.

import { gradients } from '../autodiff/index.js';
import { tensor } from '../tensor/index.js';
import type { Tensor } from '../tensor/index.js';
import { evaluateExpression } from './evaluate-expression.js';
import { binary, call, neg, num, variable } from './expression.js';
import type { Expr } from './expression.js';
import { formatDecimal } from './exact-number.js';
import { formatPretty } from './format-expression.js';
import { calculusLimits } from './limits.js';
import { codePointLength, excerpt, ExpressionSyntaxError, parseExpression, splitStatements } from './parse-expression.js';
import { resolvePoint } from './scalar-function.js';
import type { PointInput } from './scalar-function.js';

/** A value node (an input, a constant, an intermediate or a named result) or an operator node. */
export interface GraphNode {
  readonly id: string;
  readonly kind: 'input' | 'constant' | 'value' | 'op';
  /** The operator (`+`, `*`, `exp`...) for op nodes; the name or the expression for value nodes. */
  readonly label: string;
  /** The program's name for this value (`a`, `b`, `w`), if any. */
  readonly name?: string;
  /** The forward value, when a point was given. */
  value?: number;
  /** ∂(last variable)/∂(this value), when a point was given. */
  grad?: number;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface ComputationalGraph {
  readonly inputs: string[];
  /** The assigned names in program order; the last one is the output. */
  readonly outputs: string[];
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly point?: number[];
}

const opSymbols: Readonly<Record<string, string>> = { '+': '+', '-': '−', '*': '×', '/': '÷', '^': '^' };

/**
 * Builds the graph of a program of assignments `name = expression` separated by `;` or newlines.
 * Each operation becomes an op node fed by its operands' value nodes and feeding a value node;
 * a name used again refers to the node it was assigned (so `x+x` has two edges from x).
 * Given a point, every value node carries its value and the gradient of the last assigned
 * variable with respect to it (reverse-mode autodiff through the recorded ops, as micrograd draws).
 * @example computationalGraph('a = x*y + z; b = a*(x+x); w = a*b + b', { x: 1, y: 2, z: 3 })
 */
export function computationalGraph(program: string, point?: PointInput): ComputationalGraph {
  const statements = splitStatements(program).map(({ text, offset }) => {
    const eq = text.indexOf('=');
    if (eq < 0) throw new ExpressionSyntaxError(`expected 'name = expression'`, offset + 1, text.trim());
    const name = text.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpressionSyntaxError(`'${name}' is not a variable name`, offset + 1, text.trim());
    return { name, expr: parseExpression(text.slice(eq + 1), offset + codePointLength(text.slice(0, eq + 1))) };
  });
  if (statements.length === 0) throw new Error('the program has no assignments');
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeOfName = new Map<string, string>();
  const inputs: string[] = [];
  let counter = 0;
  const maxNodes = calculusLimits.maxGraphNodes;
  const addNode = (node: Omit<GraphNode, 'id'>): string => {
    if (counter >= maxNodes) throw new Error(`graph too large to draw: more than ${maxNodes} nodes (limit ${maxNodes})`);
    const id = `n${counter++}`;
    nodes.push({ id, ...node });
    return id;
  };
  // expression of each value node, over the inputs (for evaluation)
  const valueExpr = new Map<string, Expr>();

  const build = (e: Expr): string => {
    switch (e.kind) {
      case 'var': {
        const known = nodeOfName.get(e.name);
        if (known) return known;
        const id = addNode({ kind: 'input', label: e.name, name: e.name });
        nodeOfName.set(e.name, id);
        inputs.push(e.name);
        valueExpr.set(id, e);
        return id;
      }
      case 'num':
      case 'const': {
        const id = addNode({ kind: 'constant', label: formatPretty(e) });
        valueExpr.set(id, e);
        return id;
      }
      case 'neg':
      case 'binary':
      case 'call':
      case 'piecewise': {
        const operands = e.kind === 'neg' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : e.kind === 'call' ? [...e.args] : [];
        const ids = operands.map(build);
        const label = e.kind === 'neg' ? '−' : e.kind === 'binary' ? opSymbols[e.op]! : e.kind === 'call' ? e.name : 'piecewise';
        const op = addNode({ kind: 'op', label });
        for (const id of ids) edges.push({ from: id, to: op });
        const rebuilt = rebuild(e, ids.map((id) => valueExpr.get(id)!));
        const out = addNode({ kind: 'value', label: excerpt(formatPretty(e), calculusLimits.maxGraphLabelLength) });
        edges.push({ from: op, to: out });
        valueExpr.set(out, rebuilt);
        return out;
      }
    }
  };

  for (const s of statements) {
    let id = build(s.expr);
    const node = nodes.find((n) => n.id === id)!;
    if (node.kind === 'input' || node.name !== undefined || node.kind === 'constant') {
      // `a = x` or `a = 2`: an explicit identity node keeps one name per value node
      const op = addNode({ kind: 'op', label: '=' });
      edges.push({ from: id, to: op });
      const out = addNode({ kind: 'value', label: s.name, name: s.name });
      edges.push({ from: op, to: out });
      valueExpr.set(out, valueExpr.get(id)!);
      id = out;
    } else {
      nodes[nodes.indexOf(node)] = { ...node, name: s.name, label: s.name };
    }
    if (inputs.includes(s.name)) throw new Error(`'${s.name}' is used as an input before it is assigned`);
    nodeOfName.set(s.name, id);
  }
  const outputs = statements.map((s) => s.name);
  if (point === undefined) return { inputs, outputs, nodes, edges };

  const p = resolvePoint(point, inputs);
  // forward: every value node from the recorded ops, in creation order (operands come first)
  const tensors = new Map<string, Tensor>();
  const leaves = inputs.map((_, i) => tensor(p[i]!, { dtype: 'float64', requiresGrad: true }));
  const env = new Map(inputs.map((v, i) => [v, leaves[i]!] as const));
  const valueNodes = nodes.filter((n) => n.kind !== 'op');
  for (const n of valueNodes) {
    if (n.kind === 'input') tensors.set(n.id, env.get(n.label)!);
    else if (n.kind === 'constant') tensors.set(n.id, tensor(evaluateExpression(valueExpr.get(n.id)!, new Map()).item(), { dtype: 'float64', requiresGrad: true }));
  }
  // each value node is its op applied to the operand tensors
  const opInputs = (opId: string): string[] => edges.filter((e) => e.to === opId).map((e) => e.from);
  for (const n of nodes) {
    if (n.kind !== 'value') continue;
    const op = edges.find((e) => e.to === n.id)!.from;
    const operandIds = opInputs(op);
    const operandVars = operandIds.map((_, i) => `_${i}`);
    const local = localExpr(nodes.find((m) => m.id === op)!.label, valueExpr.get(n.id)!, operandVars);
    const localEnv = new Map(operandIds.map((id, i) => [operandVars[i]!, tensors.get(id)!] as const));
    tensors.set(n.id, evaluateExpression(local, localEnv));
  }
  const outputId = nodeOfName.get(outputs[outputs.length - 1]!)!;
  const ids = valueNodes.map((n) => n.id);
  const output = tensors.get(outputId)!;
  const grads = output.requiresGrad ? gradients(output, ids.map((id) => tensors.get(id)!)) : ids.map(() => null);
  ids.forEach((id, i) => {
    const node = nodes.find((n) => n.id === id)!;
    node.value = tensors.get(id)!.item();
    node.grad = grads[i]?.item() ?? 0;
  });
  return { inputs, outputs, nodes, edges, point: p };
}

/** The expression e with its operands replaced (keeps the operation, swaps the arguments). */
function rebuild(e: Expr, operands: Expr[]): Expr {
  switch (e.kind) {
    case 'neg': return neg(operands[0]!);
    case 'binary': return binary(e.op, operands[0]!, operands[1]!);
    case 'call': return call(e.name, ...operands);
    default: return e;
  }
}

/** One operation applied to placeholder variables _0, _1: the op node's own computation. */
function localExpr(label: string, full: Expr, vars: string[]): Expr {
  const v = vars.map((n) => variable(n));
  if (label === '=') return v[0]!;
  if (full.kind === 'neg') return neg(v[0]!);
  if (full.kind === 'binary') return binary(full.op, v[0]!, v[1]!);
  if (full.kind === 'call') return call(full.name, ...v);
  return num(Number.NaN);
}

const escapeRecord = (s: string): string => s.replace(/[{}|<>"\\]/g, (c) => `\\${c}`);

/**
 * The graph in Graphviz DOT: value nodes as records `{ name | data … | grad … }`, operator nodes
 * as circles, left to right.
 */
export function graphToDot(graph: ComputationalGraph): string {
  const lines = ['digraph computation {', '  rankdir=LR;', '  node [fontname="DejaVu Sans", fontsize=11];'];
  for (const n of graph.nodes) {
    if (n.kind === 'op') {
      lines.push(`  ${n.id} [label="${escapeRecord(n.label)}", shape=circle, style=filled, fillcolor="#fde68a", width=0.4, fixedsize=false];`);
      continue;
    }
    const parts = [escapeRecord(n.label)];
    if (n.value !== undefined) parts.push(`data ${formatDecimal(n.value, 4)}`);
    if (n.grad !== undefined) parts.push(`grad ${formatDecimal(n.grad, 4)}`);
    const fill = n.kind === 'input' ? '#dbeafe' : n.kind === 'constant' ? '#f3f4f6' : n.name ? '#dcfce7' : 'white';
    lines.push(`  ${n.id} [label="{ ${parts.join(' | ')} }", shape=record, style=filled, fillcolor="${fill}"];`);
  }
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to};`);
  lines.push('}');
  return lines.join('\n');
}
