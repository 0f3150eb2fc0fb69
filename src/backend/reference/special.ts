// Special functions in float64: erf to full double precision.

const twoOverSqrtPi = 1.1283791670955126; // 2/√π

/**
 * erf(x). For |x| < 3: erf x = (2/√π) e^{-x²} Σ_n 2^n x^{2n+1} / (1·3·…·(2n+1)), all terms positive.
 * For |x| ≥ 3: erfc x = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) by a continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  if (a < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return twoOverSqrtPi * Math.exp(-x2) * sum;
  }
  return Math.sign(x) * (1 - erfcContinuedFraction(a));
}

// Evaluates the continued fraction backwards from a fixed depth; 60 levels are ample for x ≥ 3.
function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** sigmoid x = 1/(1+e^{-x}), evaluated on the side where the exponential cannot overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus x = log(1+e^x) = max(x,0) + log1p(e^{-|x|}). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
