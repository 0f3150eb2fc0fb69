// Dense real linear solves by LU factorisation with partial pivoting (for the small systems of Newton's method).

/** A square matrix as an array of rows. */
export type Matrix = number[][];

/**
 * Solves A x = b. Returns null when A is singular to working precision (a pivot below
 * `relativeTolerance` times the largest entry of A).
 * @example luSolve([[2, 0], [0, 4]], [2, 2]) // [1, 0.5]
 */
export function luSolve(a: Matrix, b: readonly number[], relativeTolerance = 1e-12): number[] | null {
  const n = b.length;
  const m = a.map((row) => [...row]);
  const x = [...b];
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (scale === 0 || !Number.isFinite(scale)) return null;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
    if (Math.abs(m[p]![k]!) <= relativeTolerance * scale) return null;
    if (p !== k) {
      [m[p], m[k]] = [m[k]!, m[p]!];
      [x[p], x[k]] = [x[k]!, x[p]!];
    }
    const rowK = m[k]!;
    for (let i = k + 1; i < n; i++) {
      const rowI = m[i]!;
      const f = rowI[k]! / rowK[k]!;
      if (f === 0) continue;
      for (let j = k; j < n; j++) rowI[j]! -= f * rowK[j]!;
      x[i]! -= f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= m[i]![j]! * x[j]!;
    x[i] = s / m[i]![i]!;
  }
  return x;
}

/** Least-squares step: minimises |A x − b|² + λ|x|² (Levenberg–Marquardt), defined even when A is singular. */
export function dampedLeastSquares(a: Matrix, b: readonly number[], lambda: number): number[] {
  const n = a[0]?.length ?? 0;
  const rows = a.length;
  const ata: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const atb = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r]![i]! * a[r]![j]!;
      ata[i]![j] = s;
    }
    let s = 0;
    for (let r = 0; r < rows; r++) s += a[r]![i]! * b[r]!;
    atb[i] = s;
  }
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, ata[i]![i]!);
  for (let i = 0; i < n; i++) ata[i]![i]! += lambda * Math.max(scale, 1e-300);
  return luSolve(ata, atb, 0) ?? new Array<number>(n).fill(0);
}
