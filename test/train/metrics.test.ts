// Specification of the classification metrics: predicted classes, confusion matrix, accuracy, per-class accuracy.

import { describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix, perClassAccuracy, predictedClasses } from '../../src/train/metrics.js';

describe('predictedClasses', () => {
  it('takes the argmax of each row, the first one on ties', () => {
    const scores = Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0, 1);
    expect(Array.from(predictedClasses(scores, 3))).toEqual([1, 0, 2]);
  });

  it('rejects scores that are not whole rows', () => {
    expect(() => predictedClasses([1, 2, 3], 2)).toThrow(/3 scores are not rows of 2 classes/);
    expect(() => predictedClasses([1, 2], 0)).toThrow(/classes must be a positive integer/);
  });
});

describe('confusionMatrix', () => {
  // true    0 1 2 1 1 0
  // guessed 0 1 2 0 1 2
  const labels = [0, 1, 2, 1, 1, 0];
  const predicted = [0, 1, 2, 0, 1, 2];
  const matrix = confusionMatrix(labels, predicted, 3);

  it('counts true classes in rows and predictions in columns', () => {
    expect(matrix).toEqual([
      [1, 0, 1],
      [1, 2, 0],
      [0, 0, 1],
    ]);
  });

  it('accuracy is the diagonal over the total', () => {
    expect(accuracyOf(matrix)).toBeCloseTo(4 / 6, 15);
  });

  it('per-class accuracy is the diagonal over each row (recall), NaN for an absent class', () => {
    const perClass = perClassAccuracy(matrix);
    expect(perClass[0]).toBe(0.5);
    expect(perClass[1]).toBeCloseTo(2 / 3, 15);
    expect(perClass[2]).toBe(1);
    expect(perClassAccuracy(confusionMatrix([0, 0], [0, 1], 3))).toEqual([0.5, NaN, NaN]);
  });

  it('is all zeros, with NaN accuracy, for no samples', () => {
    expect(confusionMatrix([], [], 2)).toEqual([[0, 0], [0, 0]]);
    expect(accuracyOf(confusionMatrix([], [], 2))).toBeNaN();
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 labels but 1 predictions/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/label 2 at index 1 is outside \[0, 2\)/);
    expect(() => confusionMatrix([0, 1], [0, -1], 2)).toThrow(/prediction -1 at index 1 is outside/);
  });
});
