// Makes chart labels distinct, so two series with one name do not merge into one line.

/**
 * Returns `labels` with repeats suffixed " (2)", " (3)", ... skipping suffixes already taken.
 *
 * @example
 * uniqueLabels(['sgd', 'adam', 'sgd']); // ['sgd', 'adam', 'sgd (2)']
 */
export function uniqueLabels(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let unique = label;
    for (let n = 2; used.has(unique); n++) unique = `${label} (${n})`;
    used.add(unique);
    return unique;
  });
}
