// Shapes: sizes, strides, broadcasting and axis normalisation.

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** NumPy broadcasting: align right; each pair of dims must be equal or contain a 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i];
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) {
        throw new Error(
          `${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast (dimension ${j}: ${out[j]} vs ${d})`,
        );
      }
    }
  }
  return out;
}

/** Resolves a possibly negative axis against a rank; throws naming the op if out of range. */
export function normalizeAxis(op: string, axis: number, rankOrShape: number | Shape): number {
  const rank = typeof rankOrShape === 'number' ? rankOrShape : rankOrShape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const what = typeof rankOrShape === 'number' ? `rank ${rank}` : `shape ${formatShape(rankOrShape)}`;
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of ${what}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises an axis list (undefined means all axes), sorted and without duplicates. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rankOrShape: number | Shape): number[] {
  const rank = typeof rankOrShape === 'number' ? rankOrShape : rankOrShape.length;
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(op, a, rankOrShape));
  if (new Set(out).size !== out.length) throw new Error(`${op}: repeated axis in [${list.join(',')}]`);
  return out.sort((a, b) => a - b);
}

/** Checks that every entry is a non-negative integer. */
export function assertShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: invalid shape ${formatShape(shape)}`);
  }
}
