// Text form of a tensor: its shape and dtype, then its values with long axes elided.

import type { Tensor } from './tensor.js';

const edge = 3; // values shown at each end of a long axis
const limit = 1000; // tensors with more elements than this are summarised

function formatNumber(v: number, integer: boolean): string {
  if (integer) return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/** e.g. `Tensor(shape=[2,3], dtype=float32)\n[[1, 2, 3],\n [4, 5, 6]]` */
export function formatTensor(t: Tensor): string {
  const integer = t.dtype === 'int32';
  const summarise = t.size > limit;
  const strides: number[] = [];
  let s = 1;
  for (let i = t.rank - 1; i >= 0; i--) {
    strides[i] = s;
    s *= t.shape[i];
  }
  const render = (offset: number, dim: number, indent: string): string => {
    if (dim === t.rank) return formatNumber(t.data[offset], integer);
    const n = t.shape[dim];
    const indices = summarise && n > 2 * edge ? [...range(0, edge), -1, ...range(n - edge, n)] : range(0, n);
    const parts = indices.map((i) => (i < 0 ? '...' : render(offset + i * strides[dim], dim + 1, indent + ' ')));
    const sep = dim === t.rank - 1 ? ', ' : ',\n' + indent + ' ';
    return '[' + parts.join(sep) + ']';
  };
  const grad = t.requiresGrad ? ', requiresGrad=true' : '';
  return `Tensor(shape=[${t.shape.join(',')}], dtype=${t.dtype}${grad})\n${render(0, 0, '')}`;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}
