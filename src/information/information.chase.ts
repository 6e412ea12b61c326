import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { MissingHolidayDataError } from '../calendar/bank-holidays.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { workingDaysBetween } from '../calendar/working-days.js';

export type ChaseThreshold = 'due-soon' | 'overdue';

/**
 * Whether an unanswered request is chased on `today`: `due-soon` from `warnWorkingDays` working
 * days before its due date up to the due date itself (as the reminders count), `overdue` from the
 * day after it. A request with no due date is never chased.
 * @example chaseThresholdOn('2025-03-17', '2025-03-12', cal, 3) //=> 'due-soon' (13, 14, 17 left)
 * @example chaseThresholdOn('2025-03-17', '2025-03-18', cal, 3) //=> 'overdue'
 */
export function chaseThresholdOn(
  dueOn: CalendarDate | null,
  today: CalendarDate,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
): ChaseThreshold | null {
  if (dueOn === null) return null;
  if (today > dueOn) return 'overdue';
  if (today === dueOn) return 'due-soon';
  try {
    return workingDaysBetween(today, dueOn, calendar) <= warnWorkingDays ? 'due-soon' : null;
  } catch (error) {
    if (error instanceof MissingHolidayDataError) return null; // beyond the holiday data: not guessed
    throw error;
  }
}

/** The exactly-once key of a chase: one per request, due date and threshold. */
export function chaseKey(requestId: string, dueOn: CalendarDate, threshold: ChaseThreshold): string {
  return `request:${requestId}:${dueOn}:${threshold}`;
}
