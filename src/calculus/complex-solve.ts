// Dense complex linear solves (Gaussian elimination with partial pivoting) for homotopy continuation.

/** A complex vector or row-major matrix as separate real and imaginary parts. */
export interface ComplexArray {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export function complexArray(length: number): ComplexArray {
  return { re: new Float64Array(length), im: new Float64Array(length) };
}

/**
 * Solves A x = b for an n×n complex A (row-major). Returns null when a pivot vanishes; otherwise
 * also the ratio of the smallest to the largest pivot magnitude, a cheap conditioning estimate.
 * A and b are overwritten.
 */
export function complexSolve(n: number, a: ComplexArray, b: ComplexArray): { x: ComplexArray; pivotRatio: number } | null {
  const { re: ar, im: ai } = a;
  const { re: br, im: bi } = b;
  let minPivot = Infinity;
  let maxPivot = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const m = Math.hypot(ar[i * n + k]!, ai[i * n + k]!);
      if (m > best) { best = m; p = i; }
    }
    if (!(best > 0) || !Number.isFinite(best)) return null;
    minPivot = Math.min(minPivot, best);
    maxPivot = Math.max(maxPivot, best);
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        let t = ar[k * n + j]!; ar[k * n + j] = ar[p * n + j]!; ar[p * n + j] = t;
        t = ai[k * n + j]!; ai[k * n + j] = ai[p * n + j]!; ai[p * n + j] = t;
      }
      let t = br[k]!; br[k] = br[p]!; br[p] = t;
      t = bi[k]!; bi[k] = bi[p]!; bi[p] = t;
    }
    const pr = ar[k * n + k]!;
    const pi = ai[k * n + k]!;
    const d = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      // f = a_ik / a_kk
      const xr = ar[i * n + k]!;
      const xi = ai[i * n + k]!;
      const fr = (xr * pr + xi * pi) / d;
      const fi = (xi * pr - xr * pi) / d;
      if (fr === 0 && fi === 0) continue;
      for (let j = k; j < n; j++) {
        const yr = ar[k * n + j]!;
        const yi = ai[k * n + j]!;
        ar[i * n + j]! -= fr * yr - fi * yi;
        ai[i * n + j]! -= fr * yi + fi * yr;
      }
      const yr = br[k]!;
      const yi = bi[k]!;
      br[i]! -= fr * yr - fi * yi;
      bi[i]! -= fr * yi + fi * yr;
    }
  }
  const x = complexArray(n);
  for (let i = n - 1; i >= 0; i--) {
    let sr = br[i]!;
    let si = bi[i]!;
    for (let j = i + 1; j < n; j++) {
      const mr = ar[i * n + j]!;
      const mi = ai[i * n + j]!;
      sr -= mr * x.re[j]! - mi * x.im[j]!;
      si -= mr * x.im[j]! + mi * x.re[j]!;
    }
    const pr = ar[i * n + i]!;
    const pi = ai[i * n + i]!;
    const d = pr * pr + pi * pi;
    x.re[i] = (sr * pr + si * pi) / d;
    x.im[i] = (si * pr - sr * pi) / d;
  }
  return { x, pivotRatio: minPivot / maxPivot };
}
