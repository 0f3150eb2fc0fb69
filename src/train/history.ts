// The record of a run: one entry per epoch, as printed, saved to history.json and returned by --json.

import type { TrainConfig } from './config.js';

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /** Wall seconds of the epoch, evaluation included. */
  seconds: number;
}

/** The document written to history.json and printed by `nabla train --json`. */
export interface RunHistory {
  impl: string;
  backend: string;
  config: TrainConfig;
  history: EpochRecord[];
  /** Accuracy on the test set after training, or null until then. */
  testAccuracy: number | null;
  /** Why training ended before `config.epochs`, if it did. */
  stoppedEarly?: { epoch: number; reason: string } | null;
}

/**
 * "epoch 3/10  train loss 0.2114 acc 93.71%  val loss 0.1987 acc 94.20%  lr 0.1  4.2s", or, when
 * that is wider than `width` characters, the compact "epoch 3/10 train 0.2114 93.71% val 0.1987
 * 94.20% lr 0.1 4.2s" (cut at `width` if even that does not fit).
 */
export function formatEpoch(r: EpochRecord, epochs: number, width = Infinity): string {
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  const epoch = `epoch ${String(r.epoch).padStart(String(epochs).length)}/${epochs}`;
  const lr = `lr ${Number(r.lr.toPrecision(4))}`;
  const seconds = `${r.seconds.toFixed(1)}s`;
  const full = `${epoch}  train loss ${r.trainLoss.toFixed(4)} acc ${pct(r.trainAccuracy)}  val loss ${r.valLoss.toFixed(4)} acc ${pct(r.valAccuracy)}  ${lr}  ${seconds}`;
  if (full.length <= width) return full;
  const compact = `${epoch} train ${r.trainLoss.toFixed(4)} ${pct(r.trainAccuracy)} val ${r.valLoss.toFixed(4)} ${pct(r.valAccuracy)} ${lr} ${seconds}`;
  return compact.slice(0, Math.max(0, width));
}
