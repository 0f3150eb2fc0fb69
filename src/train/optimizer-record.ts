// The optimizer state as a checkpoint's optimizer.safetensors holds it: the buffers by name, and the step as a scalar `__step` entry.

import type { TensorData } from '../core/tensor-data.js';
import type { OptimizerState } from '../optim/optimizer.js';

/** The entry the step count is saved under, beside buffers named `${parameterIndex}.${buffer}`. */
export const stepEntry = '__step';

/** The flat record a checkpoint writes: every buffer, plus the step as a float64 scalar. */
export function optimizerRecord(state: OptimizerState): Record<string, TensorData> {
  if (stepEntry in state.buffers) throw new Error(`optimizer state: a buffer may not be named ${stepEntry}`);
  return { ...state.buffers, [stepEntry]: { data: new Float64Array([state.step]), shape: [], dtype: 'float64' } };
}

/**
 * The optimizer state a checkpoint's record holds. A record without a step entry (a fresh
 * optimizer's) starts at step 0; a step that is not one non-negative integer is an error.
 */
export function optimizerStateFromRecord(record: Record<string, TensorData>): OptimizerState {
  const { [stepEntry]: saved, ...buffers } = record;
  if (saved === undefined) return { step: 0, buffers };
  const step = saved.data.length === 1 ? Number(saved.data[0]) : Number.NaN;
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new Error(`optimizer state: ${stepEntry} must be one non-negative integer, got [${Array.from(saved.data).join(', ')}]`);
  }
  return { step, buffers };
}
