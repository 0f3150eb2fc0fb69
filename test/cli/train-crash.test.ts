// A kill at every write and rename of every checkpoint: the resumed run ends byte-identical to an uninterrupted one.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommits } from '../../src/io/commit-directory.js';
import { runFiles } from '../../src/train/checkpoint.js';
import { trainChild, writeTinyMnist, type ChildResult } from '../support/train-child.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let data: string;
const args = (out: string) => ['--data', data, '--val-size', '100', '--epochs', '2', '--hidden', '16', '--no-charts', '--out', out];

/** Everything a finished run leaves that must not depend on a crash: weights, optimizer state, history without timings. */
function outcome(dir: string) {
  const commits = listCommits(join(dir, runFiles.checkpoints));
  const commit = join(dir, runFiles.checkpoints, commits[0]);
  const history = JSON.parse(readFileSync(join(dir, runFiles.history), 'utf8')) as { history: Array<{ seconds?: number }> };
  for (const record of history.history) delete record.seconds;
  return {
    commits: commits.length,
    model: readFileSync(join(dir, runFiles.model)).toString('base64'),
    committedModel: readFileSync(join(commit, runFiles.model)).toString('base64'),
    optimizer: readFileSync(join(commit, runFiles.optimizer)).toString('base64'),
    history,
  };
}

/** Files a killed writer leaves behind that a resumed run must have removed. */
function leftovers(dir: string): string[] {
  const top = readdirSync(dir).filter((f) => f.startsWith('.'));
  const inner = existsSync(join(dir, runFiles.checkpoints)) ? readdirSync(join(dir, runFiles.checkpoints)).filter((f) => f.startsWith('.')) : [];
  return [...top, ...inner];
}

let reference: ReturnType<typeof outcome>;
let points: string[];

beforeAll(async () => {
  data = writeTinyMnist(join(root, 'data'));
  const r = await trainChild(args(join(root, 'reference')), { NABLA_FAULT_TRACE: '1' });
  expect(r.code, r.stderr).toBe(0);
  points = [...r.stderr.matchAll(/^fault point \d+: (.*)$/gm)].map((m) => m[1]);
  reference = outcome(join(root, 'reference'));
}, 60_000);

describe('nabla train killed at each write or rename of a checkpoint', () => {
  it('passes every kind of point in each of the three checkpoints (2 epochs and the test evaluation)', () => {
    expect(points.filter((p) => p.startsWith('commit'))).toHaveLength(3);
    for (const kind of ['write model.safetensors', 'write optimizer.safetensors', 'write history.json', 'write state.json', 'write manifest.json', 'publish model.safetensors', 'publish history.json']) {
      expect(points.filter((p) => p === kind), kind).toHaveLength(3);
    }
    expect(points.filter((p) => p.startsWith('remove'))).toHaveLength(2);
    expect(reference.commits).toBe(1);
    expect(reference.history.history).toHaveLength(2);
  });

  it('resumes (or restarts, if no epoch was saved) to the same bytes as the uninterrupted run, at every point', async () => {
    const kill = async (k: number) => {
      const dir = join(root, `kill-${k}`);
      const killed = await trainChild(args(dir), { NABLA_FAULT_AT: String(k) });
      expect(killed.signal, `point ${k} (${points[k - 1]}): ${killed.stderr}`).toBe('SIGKILL');
      const saved = listCommits(join(dir, runFiles.checkpoints)).length > 0;
      const again: ChildResult = saved ? await trainChild(['--resume', dir, '--no-charts']) : await trainChild(args(dir));
      const finished = /already finished/.test(again.stderr);
      // after the last commit (the test evaluation's) the run is complete: resume says so and changes nothing
      expect(finished ? again.code === 2 : again.code === 0, `point ${k} (${points[k - 1]}): ${again.stderr}`).toBe(true);
      if (finished) expect(k).toBeGreaterThan(points.lastIndexOf('commit 000003'));
      return { k, dir, resumed: again };
    };
    const results = [];
    // two children at a time: the machine has two cores
    for (let k = 1; k <= points.length; k += 2) {
      results.push(...(await Promise.all([kill(k), ...(k + 1 <= points.length ? [kill(k + 1)] : [])])));
    }
    for (const { k, dir } of results) {
      const label = `killed at point ${k} (${points[k - 1]})`;
      expect(outcome(dir), label).toEqual(reference);
      expect(leftovers(dir), label).toEqual([]);
    }
    // a kill after the last epoch's checkpoint and before the test evaluation's: resume only evaluates
    const evaluateOnly = results.filter(({ k }) => k > points.indexOf('commit 000002') + 1 && k <= points.indexOf('commit 000003') + 1);
    expect(evaluateOnly.length).toBeGreaterThan(0);
    for (const { resumed } of evaluateOnly) expect(resumed.stdout).toMatch(/^finishing \(test evaluation\)/);
  }, 300_000);
});
