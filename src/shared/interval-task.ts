import { logger } from '../logging/logger.js';

/**
 * Runs `pass` every `intervalMs` in the background. A pass never overlaps the previous one, a
 * failed pass is logged (by error name only) and the next one tries again, and `stop()` waits
 * for a pass in progress so shutdown never cuts one in half.
 */
export function createIntervalTask(name: string, pass: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start(intervalMs: number): void {
      if (intervalMs <= 0 || timer) return;
      timer = setInterval(() => {
        running ??= pass()
          .catch((error: unknown) =>
            logger.warn(`${name} failed`, { error: (error as Error)?.name, code: (error as { code?: unknown })?.code }),
          )
          .finally(() => (running = undefined));
      }, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
