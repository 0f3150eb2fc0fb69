// A run directory: after every epoch one checkpoint (model, optimizer, history, state) committed as a whole.

import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TensorData } from '../core/tensor-data.js';
import { isTempName, tempPathFor } from '../io/atomic-write.js';
import { latestCommit, pruneCommits, renameWithFaultPoint, writeCommit } from '../io/commit-directory.js';
import { encodeSafetensors, loadSafetensors } from '../io/safetensors.js';
import type { TrainConfig } from './config.js';
import type { RunHistory } from './history.js';

export const runFiles = {
  history: 'history.json',
  model: 'model.safetensors',
  optimizer: 'optimizer.safetensors',
  best: 'best.safetensors',
  /** The weights training continues from, when the model file holds the restored best ones instead. */
  last: 'last.safetensors',
  state: 'state.json',
  /** The folder of committed checkpoints (normally one). */
  checkpoints: 'checkpoints',
  /** The lock a running `nabla train` holds on the directory. */
  lock: '.lock',
} as const;

/** What resume needs beyond the files above: progress and early-stopping bookkeeping. */
export interface RunState {
  epochsDone: number;
  step: number;
  best: { value: number; epoch: number } | null;
  epochsWithoutImprovement: number;
}

/** The model file's metadata: the architecture, so `nabla evaluate` can rebuild the network. */
export function modelMetadata(config: TrainConfig, impl: string): Record<string, string> {
  return {
    format: 'nabla-mlp',
    architecture: JSON.stringify({ input: config.input, hidden: config.hidden, output: config.output, activation: config.activation }),
    impl,
    loss: config.loss,
  };
}

/** What one checkpoint holds. */
export interface CheckpointParts {
  config: TrainConfig;
  impl: string;
  weights: Record<string, TensorData>;
  optimizer: Record<string, TensorData>;
  history: RunHistory;
  state: RunState;
  best?: Record<string, TensorData>;
  /**
   * The weights of the last epoch, given when `weights` are not them (early stopping restored the
   * best at the run's end): a run extended with --epochs continues from these, as an uninterrupted one would.
   */
  last?: Record<string, TensorData>;
}

/**
 * Saves a checkpoint of the run in `dir` as one commit: model, optimizer, best weights, history
 * and state go into a fresh `checkpoints/NNNNNN` directory that appears whole or not at all
 * (see io/commit-directory.ts). Then `model.safetensors` and `history.json` at the top of `dir`
 * are replaced (each atomically) by the new ones, for `evaluate`, `compare` and readers of the
 * run, and older checkpoints are removed. A crash at any point leaves the last whole checkpoint,
 * which `readCheckpoint` finds and `--resume` continues from.
 */
export function writeCheckpoint(dir: string, parts: CheckpointParts): void {
  const files: Record<string, Uint8Array | string> = {
    [runFiles.model]: encodeSafetensors(asArrays(parts.weights), modelMetadata(parts.config, parts.impl)),
    [runFiles.optimizer]: encodeSafetensors(asArrays(parts.optimizer), { format: 'nabla-optimizer', optimizer: parts.config.optimizer }),
    ...(parts.best ? { [runFiles.best]: encodeSafetensors(asArrays(parts.best), modelMetadata(parts.config, parts.impl)) } : {}),
    ...(parts.last ? { [runFiles.last]: encodeSafetensors(asArrays(parts.last), modelMetadata(parts.config, parts.impl)) } : {}),
    [runFiles.history]: JSON.stringify(parts.history, null, 2) + '\n',
    [runFiles.state]: JSON.stringify(parts.state, null, 2) + '\n',
  };
  const root = join(dir, runFiles.checkpoints);
  const commit = writeCommit(root, files);
  publishCheckpoint(dir, commit);
  pruneCommits(root, commit);
}

/**
 * Makes the top-level `model.safetensors` and `history.json` of `dir` those of the checkpoint in
 * `commit`: each is copied to a temporary name and renamed over the old one. A copy, not a hard
 * link: a program that rewrites the top-level model in place (Python's safetensors `save_file`
 * truncates and writes the same file) would otherwise change the checkpoint under its manifest.
 */
export function publishCheckpoint(dir: string, commit: string): void {
  for (const file of [runFiles.model, runFiles.history]) {
    const target = join(dir, file);
    const temp = tempPathFor(target);
    try {
      copyFileSync(join(commit, file), temp);
      renameWithFaultPoint(temp, target, `publish ${file}`);
    } finally {
      rmSync(temp, { force: true });
    }
  }
}

function asArrays(tensors: Record<string, TensorData>) {
  const out: Record<string, { dtype: TensorData['dtype']; shape: number[]; data: TensorData['data'] }> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = { dtype: t.dtype, shape: [...t.shape], data: t.data };
  return out;
}

export interface LoadedRun {
  history: RunHistory;
  state: RunState;
  weights: Record<string, TensorData>;
  optimizer: Record<string, TensorData>;
  best: Record<string, TensorData> | null;
  /** The last epoch's weights where `weights` are the restored best ones (see CheckpointParts.last), else null. */
  last: Record<string, TensorData> | null;
  /** The checkpoint directory read. */
  commit: string;
  /** Newer checkpoints that were incomplete or damaged and passed over, with the reason (normally none). */
  skipped: Array<{ dir: string; reason: string }>;
}

/**
 * Reads the newest whole checkpoint of the run in `dir` (written by writeCheckpoint); a newer
 * one that fails its manifest is passed over and reported in `skipped`. Errors are one line
 * naming the directory and what is missing or inconsistent.
 */
export function readCheckpoint(dir: string): LoadedRun {
  if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
  const root = join(dir, runFiles.checkpoints);
  const { dir: commit, skipped } = latestCommit(root, [runFiles.model, runFiles.optimizer, runFiles.history, runFiles.state]);
  if (commit === null) {
    if (skipped.length > 0) throw new Error(`${dir}: no whole checkpoint: ${skipped.map((s) => `${basename(s.dir)}: ${s.reason}`).join('; ')}`);
    if (existsSync(join(dir, runFiles.state))) throw new Error(`${dir}: written by an older nabla (no ${runFiles.checkpoints}/ folder); it cannot be resumed, start a new run`);
    throw new Error(`${dir}: no checkpoint (not a run directory written by nabla train, or it stopped before its first epoch ended: start it again with --out ${dir})`);
  }
  const readJson = <T>(name: string): T => {
    const path = join(commit, name);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
    }
  };
  const bestPath = join(commit, runFiles.best);
  const lastPath = join(commit, runFiles.last);
  return {
    history: readJson<RunHistory>(runFiles.history),
    state: readJson<RunState>(runFiles.state),
    weights: loadSafetensors(join(commit, runFiles.model)).tensors,
    optimizer: loadSafetensors(join(commit, runFiles.optimizer)).tensors,
    best: existsSync(bestPath) ? loadSafetensors(bestPath).tensors : null,
    last: existsSync(lastPath) ? loadSafetensors(lastPath).tensors : null,
    commit,
    skipped,
  };
}

/** Removes what a killed run left in `dir`: temporary files of atomic writes, and checkpoints other than `keep`. */
export function cleanRunDirectory(dir: string, keep: string): void {
  pruneCommits(join(dir, runFiles.checkpoints), keep);
  for (const name of readdirSync(dir)) {
    if (isTempName(name)) rmSync(join(dir, name), { force: true });
  }
}
