/** Nearest-rank percentile of an ascending array (0 for an empty one). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `work` one call at a time until `maxSamples` or `maxSeconds`, whichever comes first; returns sorted durations in ms. */
export async function timeSequential(work: () => Promise<unknown>, maxSamples: number, maxSeconds: number, minSamples = 3): Promise<number[]> {
  const durations: number[] = [];
  const started = Date.now();
  while (durations.length < maxSamples && (durations.length < minSamples || Date.now() - started < maxSeconds * 1000)) {
    const t0 = process.hrtime.bigint();
    await work();
    durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return durations.sort((a, b) => a - b);
}
