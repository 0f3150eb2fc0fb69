// Specification of the progress display: bar lines and epoch summaries fit the terminal's width.

import { describe, expect, it } from 'vitest';
import { barLine } from '../../src/cli/progress.js';
import { formatEpoch } from '../../src/train/history.js';

const payload = { epoch: 3, epochs: 10, loss: '0.2345', rate: '812.3' };
const record = { epoch: 3, trainLoss: 0.2114, trainAccuracy: 0.9371, valLoss: 0.1987, valAccuracy: 0.942, lr: 0.1, seconds: 4.2 };

describe('barLine', () => {
  it('shows every part and a bar filling the rest of a wide terminal, one column short of the edge', () => {
    const line = barLine(120, 420, 938, 1.2, payload);
    expect(line).toMatch(/^epoch 3\/10 \[█+░+\] 45% \| 420\/938 \| 812\.3 batch\/s \| loss 0\.2345 \| ETA 1s$/);
    expect(line.length).toBe(119);
  });

  it.each([100, 80, 60, 40, 30, 20, 10])('fits %i columns, dropping the rate, then the counts, before the bar gets shorter than 10', (columns) => {
    const line = barLine(columns, 420, 938, 75, payload);
    expect(line.length).toBeLessThanOrEqual(columns - 1);
    expect(line.startsWith('epoch 3/10 ['.slice(0, columns - 1))).toBe(true);
    if (columns >= 60) expect(line).toMatch(/loss 0\.2345 \| ETA 1m15s$/);
    if (columns === 60) expect(line).not.toMatch(/batch\/s|420\/938/);
    if (columns >= 60) expect(line).toMatch(/\[[█░]{10,}\]/);
  });

  it('at 0 and at the end: an empty and a full bar; an unknown ETA is a dash', () => {
    expect(barLine(80, 0, 10, NaN, payload)).toMatch(/\[░+\] 0% .*ETA -$/);
    expect(barLine(80, 10, 10, 0, payload)).toMatch(/\[█+\] 100% /);
  });
});

describe('formatEpoch', () => {
  it('is the full line when it fits, the compact one when not, and never wider than asked', () => {
    const full = formatEpoch(record, 10);
    expect(full).toBe('epoch  3/10  train loss 0.2114 acc 93.71%  val loss 0.1987 acc 94.20%  lr 0.1  4.2s');
    expect(formatEpoch(record, 10, 100)).toBe(full);
    expect(formatEpoch(record, 10, 79)).toBe('epoch  3/10 train 0.2114 93.71% val 0.1987 94.20% lr 0.1 4.2s');
    expect(formatEpoch(record, 10, 30)).toHaveLength(30);
  });
});
