// Whether ops record the graph: on by default, off inside noGrad.

let recording = true;

/** True when new ops are being recorded for differentiation. */
export function isGradEnabled(): boolean {
  return recording;
}

/**
 * Runs `fn` without recording the graph: results have no history and `requiresGrad` false.
 * Use it for parameter updates and evaluation.
 * @example const acc = noGrad(() => evaluate(model, images));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

/** Runs `fn` with recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = true;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}
