/**
 * Sequential samples of one GET: one request at a time, as one user of the partnership would send
 * them, until `maxSamples` answers or `maxSeconds` have passed (whichever comes first; at least one
 * request is always sent). Each request has its own deadline: one that expires ends the loop, and
 * the caller is told (the service may still be working on it).
 */
import { formatSeconds } from './deadline.js';
import { percentile, round } from './stats.js';

export interface SampleLimits {
  maxSamples: number;
  maxSeconds: number;
  requestTimeoutMs: number;
}

export interface Sampled {
  /** Answers with status 200, in ms, ascending (the first, cold answer left out when there are 4 or more). */
  samples: number[];
  p50Ms: number | null;
  p99Ms: number | null;
  /** Count by status (and `timeout`) of every request sent, the cold one included. */
  statuses: Record<string, number>;
  /** Why fewer than maxSamples were taken, if they were. */
  capped?: string;
  /** Set when a request outlived its deadline: the figure is at least this many ms. */
  timedOutAfterMs?: number;
}

export async function sampleGet(
  url: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  limits: SampleLimits,
): Promise<Sampled> {
  const durations: number[] = [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  let timedOutAfterMs: number | undefined;
  while (durations.length < limits.maxSamples && (Object.keys(statuses).length === 0 || Date.now() - started < limits.maxSeconds * 1000)) {
    const t0 = process.hrtime.bigint();
    let status: string;
    try {
      const response = await fetch(`${url}${pathAndQuery}`, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(limits.requestTimeoutMs),
      });
      await response.arrayBuffer();
      status = String(response.status);
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      status = 'timeout';
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 'timeout') {
      timedOutAfterMs = limits.requestTimeoutMs;
      break;
    }
    if (status === '200') durations.push(ms);
  }
  const warm = durations.length >= 4 ? durations.slice(1) : durations;
  warm.sort((a, b) => a - b);
  const sent = Object.values(statuses).reduce((a, b) => a + b, 0);
  const capped =
    timedOutAfterMs !== undefined
      ? `a request got no answer within ${formatSeconds(timedOutAfterMs)}`
      : durations.length < limits.maxSamples
        ? `${sent} request${sent === 1 ? '' : 's'} in the ${limits.maxSeconds} s allowed`
        : undefined;
  return {
    samples: warm.map((ms) => round(ms)),
    p50Ms: warm.length ? round(percentile(warm, 0.5)) : null,
    p99Ms: warm.length ? round(percentile(warm, 0.99)) : null,
    statuses,
    ...(capped ? { capped } : {}),
    ...(timedOutAfterMs !== undefined ? { timedOutAfterMs } : {}),
  };
}

/** One line for the log: `p50 12 ms, p99 40 ms (30 samples)`, or why there is no figure. */
export function describeSampled(result: Sampled): string {
  const other = Object.entries(result.statuses).filter(([status]) => status !== '200');
  const extra = [...(result.capped ? [`capped: ${result.capped}`] : []), ...other.map(([status, count]) => `${count} × ${status}`)];
  const figure =
    result.p99Ms === null
      ? result.timedOutAfterMs
        ? `over ${formatSeconds(result.timedOutAfterMs)}`
        : 'no answer with 200'
      : `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`;
  return `${figure} (${result.samples.length} sample${result.samples.length === 1 ? '' : 's'}${extra.length ? `; ${extra.join('; ')}` : ''})`;
}
