// A run directory: config, history, model and optimizer state, each written atomically after every epoch.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TensorData } from '../backend/backend.js';
import { ensureDirSync, writeFileAtomicSync } from '../io/atomic-write.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import type { TrainConfig } from './config.js';
import type { RunHistory } from './history.js';

export const runFiles = {
  history: 'history.json',
  model: 'model.safetensors',
  optimizer: 'optimizer.safetensors',
  best: 'best.safetensors',
  state: 'state.json',
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

/** Writes model and optimizer first and history/state last, so a state file never points at newer files than exist. */
export function writeCheckpoint(
  dir: string,
  parts: { config: TrainConfig; impl: string; weights: Record<string, TensorData>; optimizer: Record<string, TensorData>; history: RunHistory; state: RunState; best?: Record<string, TensorData> },
): void {
  ensureDirSync(dir);
  saveSafetensors(join(dir, runFiles.model), asArrays(parts.weights), modelMetadata(parts.config, parts.impl));
  saveSafetensors(join(dir, runFiles.optimizer), asArrays(parts.optimizer), { format: 'nabla-optimizer', optimizer: parts.config.optimizer });
  if (parts.best) saveSafetensors(join(dir, runFiles.best), asArrays(parts.best), modelMetadata(parts.config, parts.impl));
  writeFileAtomicSync(join(dir, runFiles.history), JSON.stringify(parts.history, null, 2) + '\n');
  writeFileAtomicSync(join(dir, runFiles.state), JSON.stringify(parts.state, null, 2) + '\n');
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
}

/** Reads a run directory written by writeCheckpoint; errors name the directory and the missing or bad file. */
export function readCheckpoint(dir: string): LoadedRun {
  if (!existsSync(dir)) throw new Error(`${dir}: no such run directory`);
  const readJson = <T>(name: string): T => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new Error(`${path}: missing (not a run directory written by nabla train, or no epoch finished yet)`);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
    }
  };
  const history = readJson<RunHistory>(runFiles.history);
  const state = readJson<RunState>(runFiles.state);
  const bestPath = join(dir, runFiles.best);
  return {
    history,
    state,
    weights: loadSafetensors(join(dir, runFiles.model)).tensors,
    optimizer: loadSafetensors(join(dir, runFiles.optimizer)).tensors,
    best: existsSync(bestPath) ? loadSafetensors(bestPath).tensors : null,
  };
}
