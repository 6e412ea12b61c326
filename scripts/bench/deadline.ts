import { withDeadline } from '../../src/shared/deadline.js';

/**
 * `work`, or the service's DeadlineError naming `what` after `ms` (src/shared/deadline.ts, in the
 * bench's argument order). The work itself is not cancelled; the caller stops waiting for it.
 * @example await within('FerretDB to start', 60_000, provision())
 */
export const within = <T>(what: string, ms: number, work: Promise<T>): Promise<T> => withDeadline(work, ms, what);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
