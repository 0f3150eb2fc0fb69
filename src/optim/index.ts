// Optimizers and learning-rate schedules.

export { Optimizer, type OptimizerState } from './optimizer.js';
export { SGD, type SgdOptions } from './sgd.js';
export { Adam, AdamW, RMSprop, type AdamOptions, type RmspropOptions } from './adam.js';
export { constant, cosine, exponentialDecay, inverseTimeDecay, parseSchedule, stepDecay, timeBased, warmup, type Schedule } from './schedules.js';
