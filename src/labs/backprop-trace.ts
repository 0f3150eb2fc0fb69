// A layer-by-layer backprop trace for one data point: every Jacobian and gradient by the explicit chain rule, checked by autodiff.

import { grad } from '../autodiff/index.js';
import { derivativesAt, evaluateExpression, parseExpression, variablesOf } from '../calculus/index.js';
import type { Expr } from '../calculus/index.js';
import { add, log, matmul, mean, mul, neg, softmax, sub, sum } from '../ops/index.js';
import { Rng, tensor } from '../tensor/index.js';
import type { Tensor } from '../tensor/index.js';

/** The costs: sse = ‖ỹ − y‖², mse = sse/K, bce = (1/K)Σ −[y log ỹ + (1 − y) log(1 − ỹ)], ce = −Σ y log ỹ. */
export const backpropLosses = ['sse', 'mse', 'bce', 'ce'] as const;

/** One of `backpropLosses`. */
export type BackpropLoss = (typeof backpropLosses)[number];

/** A network's parameters by name: `W1, b1, W2, b2, …`, each Wₗ an [out, in] array of rows. */
export type NamedParameters = Record<string, number[][] | number[]>;

/** Limits on a trace: layers (weight matrices), width of any layer, and parameters in all. */
export const backpropLimits = { layers: 8, width: 64, parameters: 10_000 } as const;

/** What to trace. */
export interface BackpropOptions {
  /** Widths, input first: [2, 3, 2] is 2 inputs, 3 hidden units, 2 outputs. Inferred from `weights` when absent. */
  sizes?: readonly number[];
  /** Hidden activation as an expression in z, e.g. "3*relu(z)" (default "relu(z)"). */
  f?: string;
  /** Output activation as an expression in z, or "softmax" (default "z"). */
  g?: string;
  /** Default sse. */
  loss?: BackpropLoss;
  /** The parameters; otherwise uniform on [−1, 1] rounded to two decimals, from `seed` (default 1). */
  weights?: NamedParameters;
  seed?: number;
  x: readonly number[];
  y: readonly number[];
  /** η of the update step (default 0.1). */
  lr?: number;
}

/** Layer l of the forward pass: aₗ₋₁ in, sₗ = Wₗaₗ₋₁ + bₗ, aₗ = act(sₗ). */
export interface ForwardRow {
  layer: number;
  input: number[];
  s: number[];
  a: number[];
}

/** Layer l of the backward pass, output layer first. */
export interface BackwardRow {
  layer: number;
  /** ∂C/∂aₗ: ∂C/∂ỹ at the output layer, W_{l+1}ᵀδ_{l+1} below it. */
  dC_da: number[];
  /** ∂aₗ/∂sₗ, element [i][j] = ∂aₗᵢ/∂sₗⱼ: diagonal for an elementwise activation, full for softmax. */
  da_ds: number[][];
  /** δₗ = ∂C/∂sₗ = (∂aₗ/∂sₗ)ᵀ ∂C/∂aₗ. */
  delta: number[];
  /** ∂C/∂Wₗ = δₗ aₗ₋₁ᵀ and ∂C/∂bₗ = δₗ. */
  dW: number[][];
  db: number[];
}

/** A full trace. */
export interface BackpropTrace {
  sizes: number[];
  f: string;
  g: string;
  lossName: BackpropLoss;
  x: number[];
  y: number[];
  lr: number;
  parameters: NamedParameters;
  forward: ForwardRow[];
  backward: BackwardRow[];
  loss: number;
  gradients: NamedParameters;
  updated: NamedParameters;
  /** The largest |explicit − autodiff| over every gradient entry and the loss. */
  autodiffMaxError: number;
}

type Activation = { kind: 'softmax' } | { kind: 'expr'; expr: Expr; source: string };

/**
 * Runs one data point through Linear → f → … → Linear → g, writes out every forward value and,
 * by the explicit chain rule, ∂C/∂ỹ, each ∂aₗ/∂sₗ (the activation's derivative comes from
 * nabla's autodiff of its expression; softmax's Jacobian is diag(a) − aaᵀ), each δₗ, ∂C/∂Wₗ and
 * ∂C/∂bₗ, and the parameters after one step W ← W − η∂C/∂W. The same network and cost are then
 * differentiated by `grad`, and the largest difference is reported.
 * @example backpropTrace({ sizes: [2, 3, 2], f: '3*relu(z)', g: 'z', loss: 'sse', x: [1, 2], y: [0, 1] }).autodiffMaxError // ~1e-16
 */
export function backpropTrace(options: BackpropOptions): BackpropTrace {
  const lossName = options.loss ?? 'sse';
  if (!backpropLosses.includes(lossName)) throw new Error(`unknown loss "${lossName}" (expected one of ${backpropLosses.join(', ')})`);
  const fSource = options.f ?? 'relu(z)';
  const gSource = options.g ?? 'z';
  const hidden = activation('f', fSource);
  if (hidden.kind === 'softmax') throw new Error('f: softmax is an output activation; give f as an expression in z');
  const output = activation('g', gSource);
  const lr = options.lr ?? 0.1;
  if (!Number.isFinite(lr) || lr < 0) throw new Error(`the learning rate must be a finite number ≥ 0, got ${lr}`);
  const sizes = options.sizes ? [...options.sizes] : sizesOf(options.weights);
  checkSizes(sizes);
  const L = sizes.length - 1;
  const { W, b } = options.weights ? readWeights(options.weights, sizes) : randomWeights(sizes, options.seed ?? 1);
  const x = vector('x', options.x, sizes[0]!);
  const y = vector('y', options.y, sizes[L]!);

  // forward: sₗ = Wₗaₗ₋₁ + bₗ, aₗ = act(sₗ)
  const forward: ForwardRow[] = [];
  const jacobians: number[][][] = [];
  let a = x;
  for (let l = 1; l <= L; l++) {
    const s = W[l - 1]!.map((row, i) => row.reduce((t, w, j) => t + w * a[j]!, b[l - 1]![i]!));
    const { value, jacobian } = applyActivation(l === L ? output : hidden, s);
    forward.push({ layer: l, input: a, s, a: value });
    jacobians.push(jacobian);
    a = value;
  }
  const yHat = a;
  checkRange(lossName, yHat);
  const K = yHat.length;
  const loss = lossValue(lossName, yHat, y);

  // backward: δₗ = (∂aₗ/∂sₗ)ᵀ ∂C/∂aₗ, ∂C/∂Wₗ = δₗaₗ₋₁ᵀ, ∂C/∂bₗ = δₗ, ∂C/∂aₗ₋₁ = Wₗᵀδₗ
  const backward: BackwardRow[] = [];
  let dC_da = yHat.map((p, i) => lossGradient(lossName, p, y[i]!, K));
  for (let l = L; l >= 1; l--) {
    const J = jacobians[l - 1]!;
    const delta = J[0]!.map((_, j) => J.reduce((t, row, i) => t + row[j]! * dC_da[i]!, 0));
    const input = forward[l - 1]!.input;
    const dW = delta.map((d) => input.map((v) => d * v));
    backward.push({ layer: l, dC_da, da_ds: J, delta, dW, db: [...delta] });
    dC_da = input.map((_, j) => W[l - 1]!.reduce((t, row, i) => t + row[j]! * delta[i]!, 0));
  }

  const named = (Ws: number[][][], bs: number[][]): NamedParameters =>
    Object.fromEntries(Ws.flatMap((Wl, l) => [[`W${l + 1}`, Wl], [`b${l + 1}`, bs[l]!]]));
  const gradW = [...backward].reverse().map((r) => r.dW);
  const gradB = [...backward].reverse().map((r) => r.db);
  const updated = named(W.map((Wl, l) => Wl.map((row, i) => row.map((w, j) => w - lr * gradW[l]![i]![j]!))), b.map((bl, l) => bl.map((v, i) => v - lr * gradB[l]![i]!)));
  const autodiff = autodiffGradients(W, b, x, y, hidden, output, lossName);
  let autodiffMaxError = Math.abs(autodiff.loss - loss);
  for (let l = 0; l < L; l++) {
    gradW[l]!.forEach((row, i) => row.forEach((v, j) => (autodiffMaxError = Math.max(autodiffMaxError, Math.abs(v - autodiff.W[l]![i]![j]!)))));
    gradB[l]!.forEach((v, i) => (autodiffMaxError = Math.max(autodiffMaxError, Math.abs(v - autodiff.b[l]![i]!))));
  }
  if (Number.isNaN(autodiffMaxError)) autodiffMaxError = Number.POSITIVE_INFINITY;
  return {
    sizes, f: fSource, g: gSource, lossName, x, y, lr,
    parameters: named(W, b), forward, backward, loss,
    gradients: named(gradW, gradB), updated, autodiffMaxError,
  };
}

function activation(flag: string, source: string): Activation {
  if (source.trim() === 'softmax') return { kind: 'softmax' };
  let expr: Expr;
  try {
    expr = parseExpression(source);
  } catch (error) {
    throw new Error(`${flag}: ${(error as Error).message}`);
  }
  const others = variablesOf(expr).filter((v) => v !== 'z');
  if (others.length > 0) throw new Error(`${flag} must be an expression in z, found ${others.join(', ')}`);
  return { kind: 'expr', expr, source };
}

/** a = act(s) and ∂a/∂s: diag(act'(s)) by autodiff for an expression, diag(a) − aaᵀ for softmax. */
function applyActivation(act: Activation, s: readonly number[]): { value: number[]; jacobian: number[][] } {
  if (act.kind === 'softmax') {
    const m = Math.max(...s);
    const e = s.map((v) => Math.exp(v - m));
    const total = e.reduce((t, v) => t + v, 0);
    const value = e.map((v) => v / total);
    // ∂aᵢ/∂sⱼ = aᵢ(δᵢⱼ − aⱼ)
    return { value, jacobian: value.map((ai, i) => value.map((aj, j) => ai * ((i === j ? 1 : 0) - aj))) };
  }
  const d = derivativesAt(act.expr, ['z'], s.map((v) => [v]));
  return { value: d.values, jacobian: s.map((_, i) => s.map((__, j) => (i === j ? d.gradients[i]![0]! : 0))) };
}

function lossValue(name: BackpropLoss, yHat: readonly number[], y: readonly number[]): number {
  const K = yHat.length;
  const total = yHat.reduce((t, p, i) => {
    const yi = y[i]!;
    switch (name) {
      case 'sse':
      case 'mse': return t + (p - yi) ** 2;
      case 'bce': return t - (yi * Math.log(p) + (1 - yi) * Math.log(1 - p));
      case 'ce': return t - (yi === 0 ? 0 : yi * Math.log(p));
    }
  }, 0);
  return name === 'mse' || name === 'bce' ? total / K : total;
}

/** ∂C/∂ỹᵢ. */
function lossGradient(name: BackpropLoss, p: number, y: number, K: number): number {
  switch (name) {
    case 'sse': return 2 * (p - y);
    case 'mse': return (2 * (p - y)) / K;
    // d/dp −[y log p + (1 − y) log(1 − p)] = −y/p + (1 − y)/(1 − p)
    case 'bce': return (-y / p + (1 - y) / (1 - p)) / K;
    case 'ce': return y === 0 ? 0 : -y / p;
  }
}

/** The cost written as its gradient with respect to ỹ, for printing. */
export const lossGradientText: Readonly<Record<BackpropLoss, string>> = {
  sse: '2(ỹ − y)',
  mse: '(2/K)(ỹ − y)',
  bce: '(1/K)(−y/ỹ + (1 − y)/(1 − ỹ))',
  ce: '−y/ỹ',
};

/** The cost itself, for printing. */
export const lossText: Readonly<Record<BackpropLoss, string>> = {
  sse: 'C = ‖ỹ − y‖²',
  mse: 'C = (1/K)‖ỹ − y‖²',
  bce: 'C = (1/K)Σ −[yᵢ log ỹᵢ + (1 − yᵢ) log(1 − ỹᵢ)]',
  ce: 'C = −Σ yᵢ log ỹᵢ',
};

function checkRange(name: BackpropLoss, yHat: readonly number[]): void {
  const i = yHat.findIndex((p) => (name === 'bce' ? !(p > 0 && p < 1) : name === 'ce' ? !(p > 0) : !Number.isFinite(p)));
  if (i < 0) return;
  const need = name === 'bce' ? 'in (0, 1)' : name === 'ce' ? 'positive' : 'finite';
  throw new Error(`--loss ${name} needs every output ${need}, got ỹ${i + 1} = ${Number(yHat[i]!.toPrecision(6))} (use --g "sigmoid(z)" or --g softmax)`);
}

/** The same network and cost through nabla's ops, differentiated by `grad`. */
function autodiffGradients(
  W: number[][][], b: number[][], x: number[], y: number[], hidden: Activation, output: Activation, name: BackpropLoss,
): { loss: number; W: number[][][]; b: number[][] } {
  const L = W.length;
  const f64 = { dtype: 'float64' } as const;
  const column = (v: readonly number[]) => tensor(Float64Array.from(v), f64).reshape([v.length, 1]);
  const act = (a: Activation, s: Tensor): Tensor => (a.kind === 'softmax' ? softmax(s, 0) : evaluateExpression(a.expr, new Map([['z', s]])));
  const target = column(y);
  const cost = (...params: Tensor[]): Tensor => {
    let a = column(x);
    for (let l = 0; l < L; l++) a = act(l === L - 1 ? output : hidden, add(matmul(params[2 * l]!, a), params[2 * l + 1]!));
    switch (name) {
      case 'sse': return sum(mul(sub(a, target), sub(a, target)));
      case 'mse': return mean(mul(sub(a, target), sub(a, target)));
      case 'bce': return mean(neg(add(mul(target, log(a)), mul(sub(1, target), log(sub(1, a))))));
      // y·log ỹ with y = 0 contributes 0 (and no NaN from 0·log 0)
      case 'ce': return neg(sum(mul(target, log(a))));
    }
  };
  const params = W.flatMap((Wl, l) => [tensor(Float64Array.from(Wl.flat()), f64).reshape([Wl.length, Wl[0]!.length]), column(b[l]!)]);
  const grads = grad(cost, { argnums: params.map((_, i) => i) })(...params);
  const rows = (t: Tensor, cols: number) => Array.from({ length: t.size / cols }, (_, i) => [...t.data.slice(i * cols, (i + 1) * cols)]);
  return {
    loss: cost(...params).item(),
    W: W.map((Wl, l) => rows(grads[2 * l]!, Wl[0]!.length)),
    b: b.map((_, l) => [...grads[2 * l + 1]!.data]),
  };
}

function checkSizes(sizes: readonly number[]): void {
  if (sizes.length < 2) throw new Error(`--sizes needs at least an input and an output width, got [${sizes.join(',')}]`);
  if (sizes.length - 1 > backpropLimits.layers) throw new Error(`--sizes allows at most ${backpropLimits.layers} layers, got ${sizes.length - 1}`);
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 1 || n > backpropLimits.width) throw new Error(`--sizes: every width must be an integer from 1 to ${backpropLimits.width}, got ${n}`);
  }
  const count = sizes.slice(1).reduce((t, n, l) => t + n * (sizes[l]! + 1), 0);
  if (count > backpropLimits.parameters) throw new Error(`--sizes [${sizes.join(',')}] has ${count} parameters, more than the limit of ${backpropLimits.parameters}`);
}

function sizesOf(weights: NamedParameters | undefined): number[] {
  if (!weights) return [2, 3, 2];
  const first = weights.W1;
  if (!Array.isArray(first) || !Array.isArray(first[0])) throw new Error('weights: W1 must be an array of rows');
  const sizes = [(first[0] as number[]).length];
  for (let l = 1; `W${l}` in weights; l++) {
    const Wl = weights[`W${l}`];
    if (!Array.isArray(Wl)) throw new Error(`weights: W${l} must be an array of rows`);
    sizes.push(Wl.length);
  }
  return sizes;
}

function readWeights(weights: NamedParameters, sizes: readonly number[]): { W: number[][][]; b: number[][] } {
  const L = sizes.length - 1;
  const expected = Array.from({ length: L }, (_, l) => [`W${l + 1}`, `b${l + 1}`]).flat();
  const extra = Object.keys(weights).filter((k) => !expected.includes(k));
  if (extra.length > 0) throw new Error(`weights: unexpected ${extra.join(', ')} for sizes [${sizes.join(',')}] (expected ${expected.join(', ')})`);
  const W: number[][][] = [];
  const b: number[][] = [];
  for (let l = 1; l <= L; l++) {
    const [rows, cols] = [sizes[l]!, sizes[l - 1]!];
    const Wl = weights[`W${l}`];
    if (!Array.isArray(Wl) || Wl.length !== rows || !Wl.every((r) => Array.isArray(r) && r.length === cols && r.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
      throw new Error(`weights: W${l} must have shape [out, in] = [${rows}, ${cols}] with finite entries (sizes ${sizes.join(',')})`);
    }
    const bl = weights[`b${l}`];
    if (!Array.isArray(bl) || bl.length !== rows || !bl.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new Error(`weights: b${l} must be a list of ${rows} finite numbers (sizes ${sizes.join(',')})`);
    W.push((Wl as number[][]).map((r) => [...r]));
    b.push([...(bl as number[])]);
  }
  return { W, b };
}

function randomWeights(sizes: readonly number[], seed: number): { W: number[][][]; b: number[][] } {
  const rng = new Rng(seed);
  const draw = () => Math.round(200 * rng.uniform() - 100) / 100 || 0;
  const W = sizes.slice(1).map((rows, l) => Array.from({ length: rows }, () => Array.from({ length: sizes[l]! }, draw)));
  const b = sizes.slice(1).map((rows) => Array.from({ length: rows }, draw));
  return { W, b };
}

function vector(name: string, v: readonly number[], length: number): number[] {
  if (v.length !== length) throw new Error(`--${name} needs ${length} numbers (the ${name === 'x' ? 'input' : 'output'} width), got ${v.length}`);
  if (!v.every(Number.isFinite)) throw new Error(`--${name} must be finite numbers, got ${v.join(',')}`);
  return [...v];
}
