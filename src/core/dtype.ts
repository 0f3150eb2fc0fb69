// Element types a tensor can hold, and the typed arrays that store them.

export const dtypes = ['float32', 'float64', 'int32'] as const;
export type DType = (typeof dtypes)[number];
export type FloatDType = 'float32' | 'float64';

export type TypedArray = Float32Array | Float64Array | Int32Array;

export interface TypedArrayFor {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
}

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype a typed array stores. */
export function dtypeOf(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  return 'int32';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype !== 'int32';
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (dtypes as readonly string[]).includes(value);
}

/** Bytes per element. */
export function itemSize(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}
