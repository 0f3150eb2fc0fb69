// Specification of element types: allocation, recognition and sizes.

import { describe, expect, it } from 'vitest';
import { allocate, dtypeOf, dtypes, isDType, isFloat, itemSize } from '../../src/core/dtype.js';

describe('dtypes', () => {
  it('are float32, float64 and int32', () => {
    expect([...dtypes]).toEqual(['float32', 'float64', 'int32']);
  });

  it('allocate gives a zero-filled array of the dtype and size, and dtypeOf reads it back', () => {
    const kinds = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;
    for (const dtype of dtypes) {
      const a = allocate(dtype, 5);
      expect(a).toBeInstanceOf(kinds[dtype]);
      expect(Array.from(a)).toEqual([0, 0, 0, 0, 0]);
      expect(dtypeOf(a)).toBe(dtype);
      expect(allocate(dtype, 0)).toHaveLength(0);
    }
  });

  it('isFloat is true for the float types only', () => {
    expect(isFloat('float32')).toBe(true);
    expect(isFloat('float64')).toBe(true);
    expect(isFloat('int32')).toBe(false);
  });

  it('isDType accepts the three names only', () => {
    for (const dtype of dtypes) expect(isDType(dtype)).toBe(true);
    expect(isDType('float16')).toBe(false);
    expect(isDType('')).toBe(false);
    expect(isDType(32)).toBe(false);
    expect(isDType(undefined)).toBe(false);
    expect(isDType(['float32'])).toBe(false);
  });

  it('itemSize is the bytes per element', () => {
    expect(itemSize('float32')).toBe(4);
    expect(itemSize('float64')).toBe(8);
    expect(itemSize('int32')).toBe(4);
    for (const dtype of dtypes) expect(itemSize(dtype)).toBe(allocate(dtype, 1).BYTES_PER_ELEMENT);
  });
});
