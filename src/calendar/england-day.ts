/**
 * The day in England (Europe/London, so BST is respected): the calendar date of an instant, and the
 * instants a calendar date begins and ends. Every statutory clock is counted in these days, so this
 * is the one place that converts between instants and dates.
 */
import { addDays, type CalendarDate, parseCalendarDate } from './calendar-date.js';

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England (Europe/London, so BST is respected) of an ISO instant.
 * @example londonDateOf('2025-06-30T23:30:00Z') //=> '2025-07-01' (00:30 BST)
 */
export function londonDateOf(at: string): CalendarDate {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`${JSON.stringify(at)} is not an ISO instant`);
  const parts = londonDay.formatToParts(ms);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const londonWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Minutes London is ahead of UTC at the instant `ms` (0 in winter, 60 in summer). */
function londonOffsetMinutes(ms: number): number {
  const parts = Object.fromEntries(londonWallClock.formatToParts(ms).map((part) => [part.type, part.value]));
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
  );
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a day begins in England. Clocks change at 01:00 UTC, never at midnight, so the
 * offset at 00:00 UTC of the same date is the offset at London midnight.
 * @example londonStartOfDay('2024-07-01').toISOString() //=> '2024-06-30T23:00:00.000Z'
 */
export function londonStartOfDay(date: CalendarDate): Date {
  const { year, month, day } = parseCalendarDate(date);
  const utcMidnight = Date.UTC(year, month - 1, day);
  return new Date(utcMidnight - londonOffsetMinutes(utcMidnight) * 60_000);
}

/** The instant the day after `date` begins in England (an exclusive end of `date`). */
export function londonEndOfDay(date: CalendarDate): Date {
  return londonStartOfDay(addDays(date, 1));
}
