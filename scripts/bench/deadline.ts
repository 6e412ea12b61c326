/** A wait that ran out: its message says what was being waited for and for how long. */
export class DeadlineError extends Error {}

/**
 * `work`, or a DeadlineError naming `what` after `ms`. The work itself is not cancelled (pass it an
 * AbortSignal for that); the caller stops waiting for it.
 * @example await within('FerretDB to start', 60_000, provision())
 */
export async function within<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`gave up after ${formatSeconds(ms)} waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
