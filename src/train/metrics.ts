// Classification metrics: predicted classes, the confusion matrix, accuracy and per-class accuracy.

/**
 * The class with the largest score in each row of a row-major [count, classes] array (the first
 * one on ties, as argmax everywhere).
 * @example predictedClasses(Float32Array.of(0.1, 0.9, 0.8, 0.2), 2) // Int32Array [1, 0]
 */
export function predictedClasses(scores: ArrayLike<number>, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes <= 0) throw new Error(`predictedClasses: classes must be a positive integer, got ${classes}`);
  if (scores.length % classes !== 0) throw new Error(`predictedClasses: ${scores.length} scores are not rows of ${classes} classes`);
  const count = scores.length / classes;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c] > scores[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * `matrix[t][p]` counts the samples of true class t predicted as p: rows are true classes,
 * columns predictions, so the diagonal holds the correct ones.
 * @example confusionMatrix([0, 1, 1], [0, 1, 0], 2) // [[1, 0], [1, 1]]
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (!Number.isInteger(classes) || classes <= 0) throw new Error(`confusionMatrix: classes must be a positive integer, got ${classes}`);
  if (labels.length !== predicted.length) {
    throw new Error(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predicted[i];
    for (const [what, v] of [['label', t], ['prediction', p]] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= classes) throw new Error(`confusionMatrix: ${what} ${v} at index ${i} is outside [0, ${classes})`);
    }
    matrix[t][p]++;
  }
  return matrix;
}

/** The fraction on the diagonal: correct predictions over all samples (NaN when there are none). */
export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => row.forEach((n, p) => {
    total += n;
    if (t === p) correct += n;
  }));
  return total === 0 ? NaN : correct / total;
}

/**
 * For each true class, the fraction of its samples predicted correctly (the diagonal over the
 * row sum, i.e. the class's recall); NaN for a class with no samples.
 */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[t] / total;
  });
}
