// The learning rate of a run in words, for the CLI's header and the charts' titles.

import { parseSchedule } from '../optim/schedules.js';
import type { TrainConfig } from './config.js';

/**
 * "lr 0.1", or for a schedule "lr time-based:5 (5 → 1)": its first rate and where it ends up.
 *
 * @example describeRate({ lr: 0.1, schedule: 'time-based:5' }) // 'lr time-based:5 (5 → 1)'
 */
export function describeRate(config: Pick<TrainConfig, 'lr' | 'schedule'>): string {
  if (config.schedule === 'constant') return `lr ${config.lr}`;
  const steps = 1_000_000;
  const schedule = parseSchedule(config.schedule, config.lr, steps);
  const rate = (step: number) => Number(schedule(step).toPrecision(4));
  return `lr ${config.schedule} (${rate(0)} → ${rate(steps)})`;
}
