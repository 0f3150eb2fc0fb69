// Turning op arguments into tensors: JS numbers adopt the dtype of the tensor they meet.

import { isFloat, type DType } from '../core/dtype.js';
import { formatShape, type Shape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';

export type TensorLike = Tensor | number;

/** A 0-d tensor holding `value` in `dtype`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const t = Tensor.fromNode(dtype === 'float64' ? new Float64Array(1) : dtype === 'int32' ? new Int32Array(1) : new Float32Array(1), [], dtype, null);
  t.data[0] = value;
  return t;
}

/**
 * The dtype two operands are computed in. int32 meets a float and becomes that float; float32
 * and float64 never mix silently.
 */
export function resultDType(op: string, a: DType, b: DType, shapes?: [Shape, Shape]): DType {
  if (a === b) return a;
  if (a === 'int32') return b;
  if (b === 'int32') return a;
  const where = shapes ? ` (shapes ${formatShape(shapes[0])} and ${formatShape(shapes[1])})` : '';
  throw new Error(`${op}: dtype mismatch ${a} vs ${b}${where}; cast one operand with .cast('${a}') or .cast('${b}')`);
}

/** Converts a pair of operands to tensors of one dtype. A number that is not an integer makes int32 float32. */
export function toTensors(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) {
    const dtype = resultDType(op, a.dtype, b.dtype, [a.shape, b.shape]);
    return [castTo(a, dtype), castTo(b, dtype)];
  }
  if (a instanceof Tensor) return pairWithNumber(a, b as number, false);
  if (b instanceof Tensor) return pairWithNumber(b, a as number, true);
  throw new Error(`${op}: at least one operand must be a Tensor`);
}

function pairWithNumber(t: Tensor, value: number, swapped: boolean): [Tensor, Tensor] {
  const dtype: DType = t.dtype === 'int32' && !Number.isInteger(value) ? 'float32' : t.dtype;
  const tensor = castTo(t, dtype);
  const s = scalarTensor(value, dtype);
  return swapped ? [s, tensor] : [tensor, s];
}

function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : t.cast(dtype);
}

/** Throws unless `t` holds floats: ops with derivatives are defined on real numbers only. */
export function assertFloat(op: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new Error(`${op}: expected a float32 or float64 tensor, got ${t.dtype} (use .cast('float32'))`);
}
