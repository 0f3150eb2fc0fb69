// Specification of `nabla curves` at the command line: one-line errors with exit code 2, --json, the files in --out, and resuming.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-cli-curves-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nabla curves: bad input is one line on stderr, exit code 2, and nothing trained', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown kind', ['loss'], /<kind> must be one of size, complexity, epochs, got "loss"/],
    ['--depth for size', ['size', '--depth'], /--depth applies to complexity, not size/],
    ['--epochs for complexity', ['complexity', '--epochs', '5'], /--epochs applies to epochs, not complexity/],
    ['--points for epochs', ['epochs', '--points', '1,2'], /--points applies to size and complexity, not epochs/],
    ['--hidden for complexity', ['complexity', '--hidden', '64'], /--hidden is the swept axis of complexity/],
    ['--width without --depth', ['complexity', '--width', '8'], /--width sets the layer width of --depth/],
    ['--repeats 11', ['size', '--repeats', '11'], /--repeats must be an integer in \[1, 10\], got 11/],
    ['--label-noise 1', ['size', '--label-noise', '1'], /--label-noise must be a fraction in \[0, 1\), got "1"/],
    ['--label-noise 0.95', ['complexity', '--label-noise', '0.95'], /--label-noise must be a fraction in \[0, 0\.9\], got 0\.95/],
    ['a size above the pool', ['size', '--points', '100,58000'], /--points: 58000 training images is more than the 55000 left after the validation split/],
    ['a width above the limit', ['complexity', '--points', '8,5000'], /--points: width 5000 is more than the limit of 4096/],
    ['too many points', ['size', '--points', Array.from({ length: 33 }, (_, i) => i + 1).join(',')], /--points: 33 points is more than the limit of 32/],
    ['--points 0', ['size', '--points', '0,10'], /--points must be comma-separated positive integers/],
    ['--train-size above the pool', ['epochs', '--train-size', '60000'], /--train-size must be an integer in \[1, 55000\]/],
    ['--val-size 0 (early stopping and the best mark need validation)', ['size', '--val-size', '0'], /--val-size must be a positive integer, got "0"/],
    ['a bad schedule', ['size', '--schedule', 'cosinus'], /unknown schedule "cosinus"/],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const out = join(root, `bad-${args.join('_').replace(/[^a-z0-9]/gi, '').slice(0, 40)}`);
    const r = await cli(['curves', ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a non-empty --out that is not a curves directory', async () => {
    const out = join(root, 'someone-elses');
    mkdirSync(out);
    writeFileSync(join(out, 'data.txt'), 'keep me');
    const r = await cli(['curves', 'size', '--points', '20', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/someone-elses: not empty and not a curves directory/);
    expect(readdirSync(out)).toEqual(['data.txt']);
  });
});

describe('nabla curves size on a tiny sweep', () => {
  const out = join(root, 'size');
  const args = ['curves', 'size', '--points', '20,60', '--repeats', '1', '--val-size', '500', '--hidden', '8', '--steps', '6', '--patience', '1', '--out', out];

  it('--json prints the curve and --out holds the points, the JSON, CSV, SVG and PNG', async () => {
    const r = await cli([...args, '--json']);
    expect(r.stderr).toMatch(/\[1\/2\] 20 images, seed 1: train/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { kind: string; axis: string; points: Array<{ x: number; train: { mean: number; min: number; max: number }; test: object; validation: object }>; marks: object; config: { repeats: number } };
    expect(doc.kind).toBe('size');
    expect(doc.axis).toBe('train-size');
    expect(doc.points.map((p) => p.x)).toEqual([20, 60]);
    expect(Object.keys(doc.points[0].train).sort()).toEqual(['max', 'mean', 'min']);
    expect(doc.config.repeats).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['curves.json', 'points', 'size.csv', 'size.json', 'size.png', 'size.svg']);
    expect(readdirSync(join(out, 'points'))).toHaveLength(2);
  });

  it('a rerun with one more point trains only that point', async () => {
    const r = await cli([...args.map((a) => (a === '20,60' ? '20,40,60' : a))]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/saved before/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/\[2\/3\] 40 images, seed 1: train [\d.]+%  val [\d.]+%  test [\d.]+%  \(\d+ epochs/);
    expect(r.stdout).toMatch(/train-size +train +val +test/);
    expect(readdirSync(join(out, 'points'))).toHaveLength(3);
  });
});

describe('nabla curves --help', () => {
  it('states what each sweep trains and what it costs', async () => {
    const r = await cli(['curves', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/size +the course network/);
    expect(r.stdout).toMatch(/Cost \(measured on a 2-core machine/);
    expect(r.stdout).toMatch(/nabla curves complexity --label-noise 0\.2/);
  });
});
