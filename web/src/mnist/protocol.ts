// The messages between the MNIST page and its training worker.

import type { TensorData } from '../../../src/core/tensor-data.js';
import type { TrainConfig } from '../../../src/train/config.js';
import type { EpochRecord, RunHistory } from '../../../src/train/history.js';

/** Page → worker. */
export type ToWorker =
  | { type: 'train'; config: TrainConfig; mnistBase: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** Worker → page. */
export type FromWorker =
  | { type: 'status'; text: string }
  | { type: 'backend'; flavour: string }
  | { type: 'epochStart'; epoch: number; epochs: number; batches: number }
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number }
  | { type: 'epochEnd'; record: EpochRecord; epochs: number; weights: Record<string, TensorData> }
  | { type: 'done'; history: RunHistory; interrupted: boolean; weights: Record<string, TensorData>; epochSeconds: number[] }
  | { type: 'error'; message: string };
