// Picks the implementation of the course network a config names.

import type { TrainConfig } from '../train/config.js';
import type { Learner } from '../train/learner.js';
import { AutogradLearner } from './autograd.js';

/** The learner for `config.impl`. tfjs is loaded only when asked for, so nothing else imports TensorFlow.js. */
export async function createLearner(config: TrainConfig): Promise<Learner> {
  switch (config.impl) {
    case 'autograd':
      return new AutogradLearner(config);
    default:
      throw new Error(`--impl ${config.impl} is not available yet (available: autograd)`);
  }
}
