import type { CalendarDate } from '../calendar/calendar-date.js';
import { londonDateOf } from '../calendar/england-day.js';

/**
 * The one place the service reads the time. Tests and the sweeper's fake-clock runs pass their
 * own; domain code receives instants and dates as arguments and never reads a clock.
 */
export interface SystemClock {
  now(): Date;
}

export const realClock: SystemClock = { now: () => new Date() };

/** A clock fixed at (or moved to) a given instant, for tests and one-shot runs. */
export function fixedClock(at: string | Date): SystemClock & { set(at: string | Date): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
  };
}

/** Today's date in England, the day every statutory clock is counted in. */
export function todayInEngland(clock: SystemClock): CalendarDate {
  return londonDateOf(clock.now().toISOString());
}
