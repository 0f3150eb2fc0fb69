// Learning-rate schedules: plain functions from the optimizer step (0, 1, 2, ...) to a learning rate.

/** A learning rate for each optimizer step, counted from 0. */
export type Schedule = (step: number) => number;

function positive(name: string, value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name}: ${what} must be a finite number > 0, got ${value}`);
}

/** The same rate at every step. */
export function constant(lr: number): Schedule {
  positive('constant', lr, 'the learning rate');
  return () => lr;
}

/**
 * The course's TimeBasedLearningRate: starts at a positive integer and drops by 1 at each step
 * until it reaches 1, then stays at 1: lr(t) = max(initial − t, 1).
 * @example timeBased(5) // steps 0..6 → 5, 4, 3, 2, 1, 1, 1
 */
export function timeBased(initial: number): Schedule {
  if (!Number.isInteger(initial) || initial <= 0) {
    throw new Error(`timeBased: the initial learning rate must be a positive integer, got ${initial}`);
  }
  return (step) => Math.max(initial - step, 1);
}

/** Keras's InverseTimeDecay: lr0 / (1 + k·t/decaySteps) (decaySteps = 1 by default), optionally stepwise. */
export function inverseTimeDecay(lr0: number, k: number, options: { decaySteps?: number; staircase?: boolean } = {}): Schedule {
  positive('inverseTimeDecay', lr0, 'the initial learning rate');
  if (!(k >= 0)) throw new Error(`inverseTimeDecay: the decay rate must be ≥ 0, got ${k}`);
  const decaySteps = options.decaySteps ?? 1;
  positive('inverseTimeDecay', decaySteps, 'decaySteps');
  return (step) => {
    const p = step / decaySteps;
    return lr0 / (1 + k * (options.staircase ? Math.floor(p) : p));
  };
}

/** Multiplies the rate by γ every `stepSize` steps: lr0·γ^⌊t/stepSize⌋ (PyTorch's StepLR, in steps). */
export function stepDecay(lr0: number, stepSize: number, gamma = 0.1): Schedule {
  positive('stepDecay', lr0, 'the initial learning rate');
  if (!Number.isInteger(stepSize) || stepSize <= 0) throw new Error(`stepDecay: the step size must be a positive integer, got ${stepSize}`);
  positive('stepDecay', gamma, 'gamma');
  return (step) => lr0 * gamma ** Math.floor(step / stepSize);
}

/** lr0·γᵗ. */
export function exponentialDecay(lr0: number, gamma: number): Schedule {
  positive('exponentialDecay', lr0, 'the initial learning rate');
  positive('exponentialDecay', gamma, 'gamma');
  return (step) => lr0 * gamma ** step;
}

/** Cosine annealing from lr0 to lrMin over `totalSteps`: lrMin + ½(lr0 − lrMin)(1 + cos(π·t/T)), then lrMin. */
export function cosine(lr0: number, totalSteps: number, lrMin = 0): Schedule {
  positive('cosine', lr0, 'the initial learning rate');
  positive('cosine', totalSteps, 'the number of steps');
  return (step) => lrMin + 0.5 * (lr0 - lrMin) * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps));
}

/** Linear warm-up: rises from lr/warmupSteps to the schedule's rate over the first `warmupSteps` steps, then follows it. */
export function warmup(schedule: Schedule, warmupSteps: number): Schedule {
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new Error(`warmup: the number of steps must be an integer ≥ 0, got ${warmupSteps}`);
  return (step) => (step < warmupSteps ? (schedule(step) * (step + 1)) / warmupSteps : schedule(step));
}

/**
 * Parses a schedule as written on the command line:
 * `constant`, `time-based:N`, `inverse-time:K`, `step:SIZE[,GAMMA]`, `exponential:GAMMA`,
 * `cosine[:LR_MIN]`; `warmup:N+` may prefix any of them (e.g. `warmup:500+cosine`).
 * `lr` is the base rate and `totalSteps` the length of the run (for cosine).
 */
export function parseSchedule(spec: string, lr: number, totalSteps: number): Schedule {
  const warm = /^warmup:(\d+)\+(.+)$/.exec(spec);
  if (warm) return warmup(parseSchedule(warm[2], lr, totalSteps), Number(warm[1]));
  const [name, arg = ''] = spec.split(/:(.*)/s, 2) as [string, string?];
  const num = (text: string, what: string): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) throw new Error(`--schedule ${spec}: ${what} "${text}" is not a number`);
    return v;
  };
  switch (name) {
    case 'constant':
      return constant(lr);
    case 'time-based':
      return timeBased(num(arg, 'the initial rate'));
    case 'inverse-time':
      return inverseTimeDecay(lr, num(arg, 'the decay rate'));
    case 'step': {
      const [size, gamma] = arg.split(',');
      return stepDecay(lr, num(size ?? '', 'the step size'), gamma === undefined ? 0.1 : num(gamma, 'gamma'));
    }
    case 'exponential':
      return exponentialDecay(lr, num(arg, 'gamma'));
    case 'cosine':
      return cosine(lr, totalSteps, arg === '' ? 0 : num(arg, 'the minimum rate'));
    default:
      throw new Error(`--schedule: unknown schedule "${spec}" (expected constant, time-based:N, inverse-time:K, step:SIZE[,GAMMA], exponential:GAMMA, cosine[:MIN] or warmup:N+...)`);
  }
}
