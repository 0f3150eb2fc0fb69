// Specification of the optimizer state's file form: buffers by name and a scalar __step, as optimizer.safetensors has always held it.

import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import type { OptimizerState } from '../../src/optim/optimizer.js';
import { optimizerRecord, optimizerStateFromRecord, stepEntry } from '../../src/train/optimizer-record.js';

const state: OptimizerState = {
  step: 7,
  buffers: {
    '0.momentum': { data: Float32Array.of(0.5, -1, 1e3), shape: [3], dtype: 'float32' },
    '1.momentum': { data: Float64Array.of(0), shape: [1], dtype: 'float64' },
  },
};

describe('optimizer record', () => {
  it('writes the step as a float64 scalar named __step beside the buffers', () => {
    const record = optimizerRecord(state);
    expect(stepEntry).toBe('__step');
    expect(Object.keys(record).sort()).toEqual(['0.momentum', '1.momentum', '__step']);
    expect(record.__step).toEqual({ data: Float64Array.of(7), shape: [], dtype: 'float64' });
    expect(record['0.momentum']).toBe(state.buffers['0.momentum']);
  });

  it('round-trips through safetensors bytes, as a checkpoint stores it', () => {
    const bytes = encodeSafetensors(optimizerRecord(state) as Parameters<typeof encodeSafetensors>[0], { format: 'nabla-optimizer' });
    const back = optimizerStateFromRecord(decodeSafetensors(bytes).tensors as Record<string, (typeof state.buffers)[string]>);
    expect(back.step).toBe(7);
    expect(Array.from(back.buffers['0.momentum'].data)).toEqual([0.5, -1, 1000]);
    expect(back.buffers['1.momentum'].dtype).toBe('float64');
    expect(Object.keys(back.buffers).sort()).toEqual(['0.momentum', '1.momentum']);
  });

  it('reads a record without a step (a fresh optimizer) as step 0', () => {
    expect(optimizerStateFromRecord({})).toEqual({ step: 0, buffers: {} });
  });

  it('rejects a step that is not one non-negative integer, naming the entry', () => {
    const bad = (data: Float64Array) => () => optimizerStateFromRecord({ __step: { data, shape: [data.length], dtype: 'float64' } });
    expect(bad(Float64Array.of(-1))).toThrow(/__step must be one non-negative integer, got \[-1\]/);
    expect(bad(Float64Array.of(1.5))).toThrow(/__step/);
    expect(bad(Float64Array.of(Number.NaN))).toThrow(/__step/);
    expect(bad(Float64Array.of(1, 2))).toThrow(/got \[1, 2\]/);
    expect(bad(new Float64Array(0))).toThrow(/got \[\]/);
  });

  it('refuses a buffer named like the step entry', () => {
    expect(() => optimizerRecord({ step: 0, buffers: { __step: state.buffers['1.momentum'] } })).toThrow(/may not be named __step/);
  });
});
