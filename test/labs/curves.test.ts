// Specification of the learning-curve summaries and marks: bands over seeds, log spacing, best point, interpolation threshold, early stopping.

import { describe, expect, it } from 'vitest';
import { band, bestPoint, earlyStopping, interpolationThreshold, logSpaced, type CurvePoint } from '../../src/labs/curves.js';

const point = (x: number, train: number[], validation: number[]): CurvePoint => ({ x, train: band(train), test: band(validation), validation: band(validation) });

describe('band', () => {
  it('is the mean, minimum and maximum', () => {
    expect(band([0.1, 0.3, 0.2])).toEqual({ mean: expect.closeTo(0.2, 12) as number, min: 0.1, max: 0.3 });
  });
  it('of one value is that value three times', () => {
    expect(band([0.25])).toEqual({ mean: 0.25, min: 0.25, max: 0.25 });
  });
  it('of nothing is NaN, not zero', () => {
    const b = band([]);
    expect([b.mean, b.min, b.max].every(Number.isNaN)).toBe(true);
  });
});

describe('logSpaced', () => {
  it('spaces integers evenly on a log scale, ends included', () => {
    expect(logSpaced(100, 10000, 3)).toEqual([100, 1000, 10000]);
    expect(logSpaced(1, 1024, 11)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
  });
  it('drops the duplicates rounding makes', () => {
    expect(logSpaced(1, 2, 5)).toEqual([1, 2]);
  });
  it('rejects an empty or backwards range', () => {
    expect(() => logSpaced(10, 1, 3)).toThrow(/1 <= from <= to/);
    expect(() => logSpaced(1, 10, 0)).toThrow(/n >= 1/);
  });
});

describe('bestPoint', () => {
  it('is the x with the lowest mean validation error, the smallest on a tie', () => {
    expect(bestPoint([point(1, [0.5], [0.5]), point(4, [0.1], [0.2]), point(16, [0], [0.2]), point(64, [0], [0.3])])).toBe(4);
  });
  it('skips points without a finite validation error', () => {
    expect(bestPoint([point(1, [0.5], [NaN]), point(2, [0.4], [0.6])])).toBe(2);
    expect(bestPoint([point(1, [0.5], [NaN])])).toBeUndefined();
  });
});

describe('interpolationThreshold', () => {
  it('is the smallest x whose training error is zero for every seed', () => {
    const points = [point(1, [0.3, 0.2], [0.4]), point(8, [0, 0.01], [0.2]), point(16, [0, 0], [0.15]), point(32, [0, 0], [0.1])];
    expect(interpolationThreshold(points)).toBe(16);
  });
  it('reads the points in x order whatever order they come in', () => {
    expect(interpolationThreshold([point(32, [0], [0.1]), point(16, [0], [0.1]), point(1, [0.5], [0.5])])).toBe(16);
  });
  it('is null when no point interpolates', () => {
    expect(interpolationThreshold([point(1, [0.3], [0.4])])).toBeNull();
    expect(interpolationThreshold([])).toBeNull();
  });
});

describe('earlyStopping (the trainer rule: improve by more than minDelta, stop after `patience` epochs without)', () => {
  it('stops `patience` epochs after the minimum and restores the minimum', () => {
    expect(earlyStopping([0.5, 0.4, 0.45, 0.46], 2)).toEqual({ stopEpoch: 4, bestEpoch: 2 });
  });
  it('does not stop when the series ends first; the best epoch is still the minimum', () => {
    expect(earlyStopping([0.5, 0.4, 0.3, 0.35], 2)).toEqual({ stopEpoch: null, bestEpoch: 3 });
  });
  it('with patience 1 stops at the first epoch that does not improve', () => {
    expect(earlyStopping([0.3, 0.3, 0.1], 1)).toEqual({ stopEpoch: 2, bestEpoch: 1 });
  });
  it('restores the minimum seen before the stop, not a later lower value', () => {
    const r = earlyStopping([0.4, 0.3, 0.35, 0.36, 0.1], 2);
    expect(r).toEqual({ stopEpoch: 4, bestEpoch: 2 });
  });
  it('counts changes no larger than minDelta as no improvement', () => {
    expect(earlyStopping([0.5, 0.49, 0.48], 2, 0.05)).toEqual({ stopEpoch: 3, bestEpoch: 1 });
  });
  it('treats a NaN epoch as no improvement', () => {
    expect(earlyStopping([0.5, NaN, NaN], 2)).toEqual({ stopEpoch: 3, bestEpoch: 1 });
  });
  it('handles one epoch and rejects a bad patience or an empty series', () => {
    expect(earlyStopping([0.7], 3)).toEqual({ stopEpoch: null, bestEpoch: 1 });
    expect(() => earlyStopping([0.5], 0)).toThrow(/patience must be a positive integer/);
    expect(() => earlyStopping([], 2)).toThrow(/empty/);
  });
});
