// The training loop for library users: fit a learner, evaluate a split, and the run's config and history types.

export { defaultConfig, type TrainConfig } from './config.js';
export { fit, evaluateSplit, DivergedError, type FitOptions, type FitResult, type TrainEvent } from './fit.js';
export type { EpochRecord, RunHistory } from './history.js';
export type { Learner, BatchResult } from './learner.js';
