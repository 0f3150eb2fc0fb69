// The lab commands end to end, in process: capacity, linear and backprop; JSON shapes, tables, charts and one-line errors.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

afterEach(() => {
  process.exitCode = 0;
});

const tmp = () => mkdtempSync(join(tmpdir(), 'nabla-labs-'));

describe('nabla capacity', () => {
  it('--json gives the construction to rounding and the trained table; square beats identity', async () => {
    const { out, code } = await run('capacity', '--beta0=-1', '--beta1', '3', '--train-size', '300', '--test-size', '500', '--epochs', '150', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.model).toEqual({ beta0: -1, beta1: 3 });
    expect(r.construction.weights).toEqual({ W1: [[1, 1], [1, -1]], b1: [0, 0], W2: [[0.75, -0.75]], b2: [-1] });
    expect(r.construction.maxError).toBeLessThan(1e-13);
    expect(r.trained.map((t: { activation: string }) => t.activation)).toEqual(['square', 'identity', 'relu']);
    const [square, identity] = r.trained;
    expect(Object.keys(square).sort()).toEqual(['accuracy', 'activation', 'bayesAccuracy', 'loss', 'trainLoss', 'weights']);
    expect(square.accuracy - identity.accuracy).toBeGreaterThan(0.15);
  });

  it('prints the weights and the table, and writes a decision-region chart per activation with --out', async () => {
    const dir = tmp();
    const { out, code } = await run('capacity', '--epochs', '50', '--train-size', '100', '--test-size', '200', '--out', dir);
    expect(code).toBe(0);
    expect(out).toContain('W1 = [[1, 1], [1, −1]]   b1 = [0, 0]');
    expect(out).toContain('W2 = [[1, −1]]   b2 = [0.5]');
    expect(out).toMatch(/g\s+test loss \(BCE\)\s+accuracy\s+Bayes accuracy/);
    expect(out).toMatch(/^square\s+\d\.\d+\s+\d+\.\d%\s+\d+\.\d%$/m);
    for (const g of ['square', 'identity', 'relu']) {
      expect(readFileSync(join(dir, `capacity-${g}.svg`), 'utf8').startsWith('<svg')).toBe(true);
      expect(PNG.sync.read(readFileSync(join(dir, `capacity-${g}.png`))).width).toBeGreaterThan(500);
    }
  });

  it('rejects bad values with one line and exit code 2', async () => {
    for (const [args, message] of [
      [['--beta1', 'abc'], /^nabla capacity: --beta1: expected a number of magnitude at most 1e6, got 'abc'\n$/],
      [['--epochs', '1000000'], /^nabla capacity: --epochs: expected an integer from 1 to 20000, got '1000000'\n$/],
      [['--train-size', '0'], /--train-size: expected an integer from 1 to 100000/],
    ] as const) {
      const { err, code } = await run('capacity', ...args);
      expect(code).toBe(2);
      expect(err).toMatch(message);
    }
  });
});

describe('nabla linear', () => {
  it('perceptron on separable data: zero mistakes, converged, with the rule written out', async () => {
    const { out, code } = await run('linear', 'perceptron');
    expect(code).toBe(0);
    expect(out).toContain('inference  ỹ = sign(s), s = b + w·x');
    expect(out).toContain('loss       L = max(0, −ys)');
    expect(out).toContain('update     w ← w + η(y − sign(s))x');
    expect(out).toContain('accuracy 100.0%');
    expect(out).toMatch(/converged: epoch \d+ made no mistake/);
  });

  it('perceptron on overlapping data says it does not converge', async () => {
    const r = JSON.parse((await run('linear', 'perceptron', '--data', 'overlapping', '--epochs', '25', '--json')).out);
    expect(r.converged).toBe(false);
    expect(r.history).toHaveLength(25);
    expect(r.history.every((e: { mistakes: number }) => e.mistakes > 0)).toBe(true);
    const text = (await run('linear', 'perceptron', '--data', 'overlapping', '--epochs', '25')).out;
    expect(text).toMatch(/did not converge in 25 epochs: \d+ mistakes in the last epoch/);
  });

  it('--json has {rule, inference, loss, update, check, history, weights, accuracy}', async () => {
    const r = JSON.parse((await run('linear', 'logistic', '--check-loss', 'log(1 + exp(-2*y*s))', '--epochs', '5', '--json')).out);
    expect(r).toMatchObject({ rule: 'logistic', inference: expect.stringContaining('tanh'), loss: 'log(1 + exp(-2*y*s))', update: expect.stringContaining('tanh(s)') });
    expect(r.check).toMatchObject({ loss: 'log(1 + exp(-2*y*s))', consistent: true });
    expect(r.check.factor).toBeCloseTo(1, 12);
    expect(r.history).toHaveLength(5);
    expect(Object.keys(r.history[0]).sort()).toEqual(['b', 'epoch', 'loss', 'mistakes', 'w']);
    expect(r.weights.w).toHaveLength(2);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });

  it.each([
    ['perceptron', 'max(0, -y*s)', 'c = 1/2'],
    ['adaline', '(y - s)^2/2', 'c = 1'],
    ['logistic', 'log(1 + exp(-2*y*s))', 'c = 1'],
  ])('--check-loss accepts the %s loss %s', async (rule, loss, c) => {
    const { out } = await run('linear', rule, '--epochs', '1', '--check-loss', loss);
    expect(out).toContain(`consistent: −∂L/∂s = c·(y − ỹ(s)) with ${c}`);
  });

  it('--check-loss rejects −2·log(1 + e^(−ys)) with a counterexample', async () => {
    const { out } = await run('linear', 'logistic', '--epochs', '1', '--check-loss', '-2*log(1 + exp(-y*s))');
    expect(out).toContain('not consistent: −∂L/∂s points against y − ỹ(s)');
    expect(out).toContain('counterexample: s = 0, y = −1: expected −∂L/∂s = c·(y − ỹ(s)) = −1 (c = 1), got 1');
    const r = JSON.parse((await run('linear', 'logistic', '--epochs', '1', '--check-loss', '-2*log(1 + exp(-y*s))', '--json')).out);
    expect(r.check.consistent).toBe(false);
    expect(Object.keys(r.check.counterexample).sort()).toEqual(['c', 'expected', 'got', 's', 'y']);
  });

  it('reads a CSV and writes the boundary and history charts', async () => {
    const dir = tmp();
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, 'x1,x2,y\n0,0,-1\n1,0,-1\n0,1,-1\n2,2,1\n3,2,1\n2,3,1\n');
    const { out, code } = await run('linear', 'perceptron', '--data', csv, '--epochs', '50', '--out', dir);
    expect(code).toBe(0);
    expect(out).toContain('(6 points)');
    expect(out).toContain('accuracy 100.0%');
    for (const name of ['linear-perceptron-boundary', 'linear-perceptron-history']) {
      expect(existsSync(join(dir, `${name}.svg`))).toBe(true);
      expect(PNG.sync.read(readFileSync(join(dir, `${name}.png`))).height).toBeGreaterThan(300);
    }
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '1,2,1\n1,2,5\n');
    for (const [args, message] of [
      [['hebb'], /^nabla linear: unknown rule 'hebb' \(expected one of perceptron, adaline, logistic\)\n$/],
      [['perceptron', '--data', 'spiral'], /--data: expected separable, overlapping, xor or a \.csv file/],
      [['perceptron', '--data', join(dir, 'missing.csv')], /--data: cannot read .*missing\.csv/],
      [['perceptron', '--data', bad], /--data .*bad\.csv: line 2: the label must be -1 or 1, got 5/],
      [['perceptron', '--epochs', '20000'], /--epochs: expected an integer from 1 to 10000/],
      [['perceptron', '--n', '1000000'], /--n: expected an integer from 1 to 100000/],
      [['perceptron', '--lr', '-1'], /--lr: expected a number in \(0, 1000\]/],
      [['adaline', '--check-loss', '(y - x)^2'], /--check-loss: the loss may use only s and y, found x/],
    ] as const) {
      const { err, code } = await run('linear', ...args);
      expect(code).toBe(2);
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('nabla backprop', () => {
  const course = ['backprop', '--weights', 'examples/backprop-weights.json', '--f', '3*relu(z)', '--g', 'z', '--loss', 'sse', '--x', '1,2', '--y', '0,1'];

  it('prints the forward table, each Jacobian with its shape, each gradient with its chain-rule product, and the update', async () => {
    const { out, code } = await run(...course);
    expect(code).toBe(0);
    expect(out).toContain('network 2 → 3 → 2');
    expect(out).toMatch(/^1\s+x = \(1, 2\)\s+s₁ = \(1, 2, −1\)\s+a₁ = \(3, 6, 0\)$/m);
    expect(out).toMatch(/^2\s+a₁ = \(3, 6, 0\)\s+s₂ = \(9, 6\)\s+ỹ = \(9, 6\)$/m);
    expect(out).toContain('C = 106');
    expect(out).toContain('∂C/∂ỹ = 2(ỹ − y) = (18, 10)   [2]');
    expect(out).toContain('∂ỹ/∂s₂ = diag(g′(s₂))   [2×2]');
    expect(out).toContain('∂C/∂W₂ = δ₂ a₁ᵀ   [2×3]');
    expect(out).toContain('∂C/∂a₁ = W₂ᵀ δ₂ = (18, 28, 8)   [3]');
    expect(out).toContain('∂a₁/∂s₁ = diag(f′(s₁))   [3×3]');
    expect(out).toContain('    [ 3  0  0 ]');
    expect(out).toContain('δ₁ = ∂C/∂s₁ = (∂a₁/∂s₁)ᵀ ∂C/∂a₁ = (54, 84, 0)   [3]');
    expect(out).toContain('∂C/∂W₁ = δ₁ xᵀ   [3×2]');
    expect(out).toContain('after one step W ← W − η ∂C/∂W');
    expect(out).toContain('largest |chain rule − autodiff| = 0');
  });

  it('softmax prints its full Jacobian; --json carries shapes and agrees with autodiff', async () => {
    const text = (await run('backprop', '--sizes', '2,3,3,2', '--f', 'relu(z)', '--g', 'softmax', '--loss', 'sse', '--x=-1,2', '--y', '0,1', '--seed', '4')).out;
    expect(text).toContain('∂ỹ/∂s₃ = diag(ỹ) − ỹỹᵀ (softmax: full)   [2×2]');
    const r = JSON.parse((await run('backprop', '--sizes', '2,3,3,2', '--f', 'relu(z)', '--g', 'softmax', '--loss', 'sse', '--x=-1,2', '--y', '0,1', '--seed', '4', '--json')).out);
    expect(r.x).toEqual([-1, 2]);
    expect(r.forward.map((f: { layer: number }) => f.layer)).toEqual([1, 2, 3]);
    expect(r.backward.map((b: { shapes: { dW: number[] } }) => b.shapes.dW)).toEqual([[2, 3], [3, 3], [3, 2]]);
    expect(r.backward[0].da_ds[0][1]).not.toBe(0);
    expect(Object.keys(r.gradients)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(Object.keys(r.updated)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(r.autodiffMaxError).toBeLessThan(1e-12);
  });

  it('accepts a negative value after a space too', async () => {
    const r = JSON.parse((await run('backprop', '--x', '-1,2', '--y', '0,1', '--json')).out);
    expect(r.x).toEqual([-1, 2]);
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const dir = tmp();
    const notJson = join(dir, 'w.json');
    writeFileSync(notJson, '{ W1: ');
    for (const [args, message] of [
      [['--x', '1,a'], /^nabla backprop: --x: expected comma-separated numbers such as "1,2" \(write --x=-1,2 for negative values\), got '1,a'\n$/],
      [['--sizes', '2,64,64,64,64,2'], /--sizes \[2,64,64,64,64,2\] has 12802 parameters, more than the limit of 10000/],
      [['--sizes', '2,65,2'], /every width must be an integer from 1 to 64, got 65/],
      [['--loss', 'hinge'], /--loss: expected one of sse, mse, bce, ce, got 'hinge'/],
      [['--x', '1,2,3'], /--x needs 2 numbers \(the input width\), got 3/],
      [['--loss', 'ce', '--g', 'z', '--x=-5,5', '--seed', '2'], /--loss ce needs every output positive, got ỹ1 = -2.344 \(use --g "sigmoid\(z\)" or --g softmax\)\n$/],
      [['--weights', notJson], /--weights .*w\.json: not valid JSON/],
      [['--weights', join(dir, 'none.json')], /--weights: cannot read/],
      [['--f', 'tanh(z'], /f: syntax error/],
    ] as const) {
      const { err, code } = await run('backprop', ...args);
      expect(code).toBe(2);
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });
});
