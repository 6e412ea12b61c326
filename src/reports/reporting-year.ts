import { addDays, type CalendarDate, formatCalendarDate } from '../calendar/calendar-date.js';

export interface ReportingPeriod {
  /** The first day of the reporting year. */
  from: CalendarDate;
  /** The last day of the reporting year. */
  to: CalendarDate;
}

/**
 * The reporting year named `year`: it starts on the first day of `startMonth` of that year and
 * ends the day before the same day a year later (DOMAIN.md: April to March by default).
 * @example reportingPeriod(2024, 4) //=> { from: '2024-04-01', to: '2025-03-31' }
 * @example reportingPeriod(2024, 1) //=> { from: '2024-01-01', to: '2024-12-31' }
 */
export function reportingPeriod(year: number, startMonth: number): ReportingPeriod {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) throw new RangeError(`year must be a four-digit year, got ${year}`);
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12)
    throw new RangeError(`startMonth must be 1 to 12, got ${startMonth}`);
  return { from: formatCalendarDate(year, startMonth, 1), to: addDays(formatCalendarDate(year + 1, startMonth, 1), -1) };
}

/**
 * The day the figures are taken on: the last day of the year once it has ended, otherwise today
 * (a year in progress is reported so far). Undefined when the year has not started.
 * @example reportAsOf({ from: '2024-04-01', to: '2025-03-31' }, '2025-06-01') //=> '2025-03-31'
 */
export function reportAsOf(period: ReportingPeriod, today: CalendarDate): CalendarDate | undefined {
  if (today < period.from) return undefined;
  return today < period.to ? today : period.to;
}
