// Picks the implementation of the course network a config names.

import type { TrainConfig } from '../train/config.js';
import type { Learner } from '../train/learner.js';
import { AutogradLearner } from './autograd.js';
import { ScratchLearner } from './scratch.js';

/** The learner for `config.impl`. tfjs is loaded only when asked for, so nothing else imports TensorFlow.js. */
export async function createLearner(config: TrainConfig): Promise<Learner> {
  switch (config.impl) {
    case 'autograd':
      return new AutogradLearner(config);
    case 'scratch':
      return new ScratchLearner(config);
    case 'tfjs': {
      const { createTfjsLearner } = await import('./tfjs.js');
      return createTfjsLearner(config);
    }
  }
}
