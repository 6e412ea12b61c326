/** A wait that ran out of time; its message says what was being waited for. */
export class DeadlineError extends Error {
  constructor(
    readonly waitingFor: string,
    readonly ms: number,
  ) {
    super(`no ${waitingFor} within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles like `promise`, or rejects with a {@link DeadlineError} naming `waitingFor` once `ms`
 * have passed. The timer never keeps the process alive on its own.
 *
 * @example await withDeadline(connection.db.admin().command({ ping: 1 }), 2000, 'answer to a database ping')
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, waitingFor: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(waitingFor, ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Polls `check` every `everyMs` until it answers true; rejects with a {@link DeadlineError} naming
 * `waitingFor` after `ms`. A check that throws counts as "not yet". Resolves with the time taken.
 */
export async function pollUntil(check: () => Promise<boolean> | boolean, ms: number, waitingFor: string, everyMs = 100): Promise<number> {
  const started = Date.now();
  for (;;) {
    const left = ms - (Date.now() - started);
    // A check that itself hangs is cut off at the overall deadline.
    const passed = await withDeadline(Promise.resolve().then(check), Math.max(left, 1), waitingFor).catch((error: unknown) =>
      error instanceof DeadlineError ? Promise.reject(new DeadlineError(waitingFor, ms)) : false,
    );
    if (passed) return Date.now() - started;
    if (Date.now() - started >= ms) throw new DeadlineError(waitingFor, ms);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
