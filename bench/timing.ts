// Timing one call of a function: repeated trials after a warm-up call, median and best.

/** Seconds per call: `trials` timings of at least `trialSeconds` each (one call at least), median and best. */
export function timeTrials(fn: () => void, trials: number, trialSeconds: number): { median: number; best: number } {
  fn(); // warm-up: JIT, wasm tier-up, arena growth
  const times: number[] = [];
  for (let t = 0; t < trials; t++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < trialSeconds);
    times.push(elapsed / calls);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0] };
}
