// Specification of the learning-rate schedules (functions of the step, from 0) and of parseSchedule.

import { describe, expect, it } from 'vitest';
import { constant, cosine, exponentialDecay, inverseTimeDecay, parseSchedule, stepDecay, timeBased, warmup, type Schedule } from '../../src/optim/schedules.js';

const first = (s: Schedule, n: number) => Array.from({ length: n }, (_, t) => s(t));

describe('constant', () => {
  it('gives the same rate at every step', () => {
    expect(first(constant(0.1), 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(constant(0.1)(1e6)).toBe(0.1);
  });

  it('rejects a rate that is not > 0', () => {
    expect(() => constant(0)).toThrow(/constant: the learning rate must be a finite number > 0, got 0/);
    expect(() => constant(Infinity)).toThrow(/got Infinity/);
  });
});

describe('timeBased (the course’s TimeBasedLearningRate)', () => {
  it('timeBased(5) over 7 steps is 5, 4, 3, 2, 1, 1, 1', () => {
    expect(first(timeBased(5), 7)).toEqual([5, 4, 3, 2, 1, 1, 1]);
  });

  it('timeBased(1) stays at 1, and the floor holds far out', () => {
    expect(first(timeBased(1), 3)).toEqual([1, 1, 1]);
    expect(timeBased(3)(10_000)).toBe(1);
  });

  it.each([0, -1, 2.5, NaN])('rejects %s with a clear error', (initial) => {
    expect(() => timeBased(initial)).toThrow(`timeBased: the initial learning rate must be a positive integer, got ${initial}`);
  });
});

describe('inverseTimeDecay (Keras’s InverseTimeDecay)', () => {
  it('is lr0/(1 + k·t)', () => {
    const s = inverseTimeDecay(0.5, 0.01);
    first(s, 5).forEach((v, t) => expect(v).toBeCloseTo(0.5 / (1 + 0.01 * t), 15));
    expect(s(100)).toBeCloseTo(0.25, 15);
  });

  it('divides t by decaySteps, stepwise with staircase', () => {
    const smooth = inverseTimeDecay(1, 1, { decaySteps: 10 });
    expect(smooth(5)).toBeCloseTo(1 / 1.5, 15);
    const stairs = inverseTimeDecay(1, 1, { decaySteps: 10, staircase: true });
    expect([stairs(0), stairs(9), stairs(10), stairs(25)]).toEqual([1, 1, 0.5, 1 / 3]);
  });

  it('with k = 0 is constant; rejects k < 0 and lr0 ≤ 0', () => {
    expect(first(inverseTimeDecay(0.3, 0), 3)).toEqual([0.3, 0.3, 0.3]);
    expect(() => inverseTimeDecay(0.1, -1)).toThrow(/decay rate must be ≥ 0, got -1/);
    expect(() => inverseTimeDecay(0, 0.1)).toThrow(/initial learning rate must be a finite number > 0/);
  });
});

describe('stepDecay', () => {
  it('multiplies by γ every stepSize steps: lr0·γ^⌊t/size⌋', () => {
    const s = stepDecay(1, 3, 0.5);
    expect(first(s, 8)).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(stepDecay(0.1, 2)(2)).toBeCloseTo(0.01, 15); // γ defaults to 0.1
  });

  it('rejects a step size that is not a positive integer', () => {
    expect(() => stepDecay(1, 0)).toThrow(/step size must be a positive integer, got 0/);
    expect(() => stepDecay(1, 1.5)).toThrow(/got 1.5/);
  });
});

describe('exponentialDecay', () => {
  it('is lr0·γᵗ', () => {
    first(exponentialDecay(0.2, 0.9), 5).forEach((v, t) => expect(v).toBeCloseTo(0.2 * 0.9 ** t, 15));
  });

  it('rejects γ ≤ 0', () => {
    expect(() => exponentialDecay(0.1, 0)).toThrow(/exponentialDecay: gamma must be a finite number > 0, got 0/);
  });
});

describe('cosine', () => {
  it('starts at lr0, passes the midpoint at T/2, ends at lrMin at T and stays there', () => {
    const s = cosine(0.1, 100, 0.001);
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(50)).toBeCloseTo((0.1 + 0.001) / 2, 15);
    expect(s(100)).toBeCloseTo(0.001, 15);
    expect(s(1000)).toBeCloseTo(0.001, 15);
    expect(s(25)).toBeCloseTo(0.001 + 0.5 * 0.099 * (1 + Math.cos(Math.PI / 4)), 15);
  });

  it('decreases monotonically over the run, to 0 by default', () => {
    const values = first(cosine(1, 20), 21);
    for (let t = 1; t < values.length; t++) expect(values[t]).toBeLessThan(values[t - 1]);
    expect(values[20]).toBeCloseTo(0, 15);
  });
});

describe('warmup', () => {
  it('rises linearly as lr·(t+1)/N over the first N steps, then follows the schedule', () => {
    const s = warmup(constant(0.4), 4);
    expect(first(s, 6)).toEqual([0.1, 0.2, 0.30000000000000004, 0.4, 0.4, 0.4]);
  });

  it('wraps a decaying schedule, scaling its own value during warm-up', () => {
    const base = exponentialDecay(1, 0.5);
    const s = warmup(base, 2);
    expect([s(0), s(1), s(2), s(3)]).toEqual([0.5 * base(0), base(1), base(2), base(3)]);
  });

  it('with 0 steps is the schedule itself; rejects negative or fractional steps', () => {
    expect(first(warmup(timeBased(3), 0), 4)).toEqual([3, 2, 1, 1]);
    expect(() => warmup(constant(1), -1)).toThrow(/warmup: the number of steps must be an integer ≥ 0, got -1/);
    expect(() => warmup(constant(1), 1.5)).toThrow(/got 1.5/);
  });
});

describe('parseSchedule', () => {
  const lr = 0.1;
  const total = 100;
  const same = (spec: string, reference: Schedule, steps = [0, 1, 5, 50, 99, 100, 150]) => {
    const s = parseSchedule(spec, lr, total);
    for (const t of steps) expect(s(t), `${spec} at step ${t}`).toBeCloseTo(reference(t), 15);
  };

  it('constant', () => same('constant', constant(lr)));
  it('time-based:N (ignores --lr: the rate is N)', () => same('time-based:5', timeBased(5)));
  it('inverse-time:K', () => same('inverse-time:0.01', inverseTimeDecay(lr, 0.01)));
  it('step:SIZE and step:SIZE,GAMMA', () => {
    same('step:10', stepDecay(lr, 10, 0.1));
    same('step:10,0.5', stepDecay(lr, 10, 0.5));
  });
  it('exponential:GAMMA', () => same('exponential:0.99', exponentialDecay(lr, 0.99)));
  it('cosine and cosine:MIN over the run’s total steps', () => {
    same('cosine', cosine(lr, total));
    same('cosine:0.001', cosine(lr, total, 0.001));
  });
  it('warmup:N+SCHEDULE', () => {
    same('warmup:10+cosine', warmup(cosine(lr, total), 10));
    same('warmup:3+time-based:5', warmup(timeBased(5), 3));
  });

  it.each([
    ['linear', /unknown schedule "linear" \(expected constant, time-based:N, .*warmup:N\+\.\.\.\)/],
    ['', /unknown schedule ""/],
    ['time-based', /--schedule time-based: the initial rate "" is not a number/],
    ['time-based:abc', /--schedule time-based:abc: the initial rate "abc" is not a number/],
    ['time-based:2.5', /timeBased: the initial learning rate must be a positive integer, got 2.5/],
    ['time-based:0', /positive integer, got 0/],
    ['time-based:-1', /positive integer, got -1/],
    ['inverse-time:x', /the decay rate "x" is not a number/],
    ['inverse-time:-0.5', /decay rate must be ≥ 0, got -0.5/],
    ['step:', /the step size "" is not a number/],
    ['step:2.5', /step size must be a positive integer, got 2.5/],
    ['step:10,x', /gamma "x" is not a number/],
    ['exponential:', /gamma "" is not a number/],
    ['exponential:0', /gamma must be a finite number > 0, got 0/],
    ['cosine:abc', /the minimum rate "abc" is not a number/],
    ['warmup:x+cosine', /unknown schedule "warmup:x\+cosine"/],
    ['warmup:5+bogus', /unknown schedule "bogus"/],
  ])('rejects %j with a clear error', (spec, message) => {
    expect(() => parseSchedule(spec, lr, total)).toThrow(message);
  });
});

describe('schedule arguments, checked where the schedule is built', () => {
  it.each([
    [() => inverseTimeDecay(0, 0.1), 'inverseTimeDecay: the initial learning rate must be a finite number > 0, got 0'],
    [() => inverseTimeDecay(0.1, 0.1, { decaySteps: 0 }), 'inverseTimeDecay: decaySteps must be a finite number > 0, got 0'],
    [() => stepDecay(-1, 10), 'stepDecay: the initial learning rate must be a finite number > 0, got -1'],
    [() => stepDecay(0.1, 10, 0), 'stepDecay: gamma must be a finite number > 0, got 0'],
    [() => exponentialDecay(Infinity, 0.9), 'exponentialDecay: the initial learning rate must be a finite number > 0, got Infinity'],
    [() => exponentialDecay(0.1, NaN), 'exponentialDecay: gamma must be a finite number > 0, got NaN'],
    [() => cosine(0, 100), 'cosine: the initial learning rate must be a finite number > 0, got 0'],
    [() => cosine(0.1, 0), 'cosine: the number of steps must be a finite number > 0, got 0'],
  ])('%#: names the function, the argument and the value', (build, message) => {
    expect(build).toThrow(message);
  });
});

describe('parseSchedule reads the whole spec, one line, and numbers only', () => {
  it('warmup: is a prefix of the spec, not found inside it', () => {
    expect(() => parseSchedule('xwarmup:5+constant', 0.1, 100)).toThrow('--schedule: unknown schedule "xwarmup:5+constant"');
  });

  it('a spec with a line break is refused, not read up to the break', () => {
    expect(() => parseSchedule('warmup:2+constant\nrm', 0.1, 100)).toThrow('--schedule: unknown schedule "warmup:2+constant\nrm"');
  });

  it('a blank number is not read as 0', () => {
    expect(() => parseSchedule('exponential: ', 0.1, 100)).toThrow('--schedule exponential: : gamma " " is not a number');
    expect(() => parseSchedule('step:', 0.1, 100)).toThrow('--schedule step:: the step size "" is not a number');
  });
});
