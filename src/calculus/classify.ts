// Definiteness of a symmetric matrix and the type of a critical point, from the eigenvalues of the Hessian.

export type Definiteness = 'positive definite' | 'negative definite' | 'indefinite' | 'positive semidefinite' | 'negative semidefinite';
export type CriticalPointType = 'local minimum' | 'local maximum' | 'saddle point' | 'degenerate';

/** Eigenvalues within this fraction of the largest magnitude (or of 1) count as zero. */
export const zeroEigenvalueTolerance = 1e-8;

function signs(eigenvalues: readonly number[]): { pos: number; neg: number; zero: number } {
  const scale = Math.max(1, ...eigenvalues.map(Math.abs));
  const tol = zeroEigenvalueTolerance * scale;
  let pos = 0;
  let neg = 0;
  let zero = 0;
  for (const v of eigenvalues) {
    if (v > tol) pos++;
    else if (v < -tol) neg++;
    else zero++;
  }
  return { pos, neg, zero };
}

/**
 * The definiteness of a symmetric matrix from its eigenvalues. The zero matrix is reported as
 * positive semidefinite (it is both).
 * @example definiteness([-2, 4, 4]) === 'indefinite'
 */
export function definiteness(eigenvalues: readonly number[]): Definiteness {
  const { pos, neg, zero } = signs(eigenvalues);
  if (pos > 0 && neg > 0) return 'indefinite';
  if (zero === 0) return neg === 0 ? 'positive definite' : 'negative definite';
  return neg === 0 ? 'positive semidefinite' : 'negative semidefinite';
}

/**
 * The second-derivative test: all eigenvalues positive is a local minimum, all negative a local
 * maximum, both signs a saddle point; otherwise (a zero eigenvalue and no sign change) the test is
 * inconclusive and the point is "degenerate".
 * @example criticalPointType([2, 2]) === 'local minimum'
 */
export function criticalPointType(eigenvalues: readonly number[]): CriticalPointType {
  const { pos, neg, zero } = signs(eigenvalues);
  if (pos > 0 && neg > 0) return 'saddle point';
  if (zero > 0) return 'degenerate';
  return neg === 0 ? 'local minimum' : 'local maximum';
}
