/**
 * Calendar dates (`YYYY-MM-DD`) and the few pure helpers the calendar needs.
 *
 * A calendar date is a day in England, not an instant: all arithmetic here works on whole days
 * counted from 1970-01-01 (a "day number"), in the proleptic Gregorian calendar, with no `Date`
 * objects, no time zones and no clock reads.
 */
import { z } from 'zod';
import { ValidationError } from '../errors/app-errors.js';

/** A calendar date written `YYYY-MM-DD` (e.g. `'2024-02-29'`). */
export type CalendarDate = string;

/** Parts of a calendar date: `month` is 1–12, `day` is 1–31. */
export interface CalendarDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in `month` (1–12) of `year`. @example daysInMonth(2024, 2) //=> 29 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `year` is a Gregorian leap year. @example isLeapYear(2024) //=> true; isLeapYear(2100) //=> false */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function partsOf(value: string): CalendarDateParts | undefined {
  const m = DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD`.
 * @example isCalendarDate('2024-02-29') //=> true; isCalendarDate('2023-02-29') //=> false
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && partsOf(value) !== undefined;
}

/** zod schema for a calendar date: strict `YYYY-MM-DD` that names a real day (rejects `2023-02-29`). */
export const CalendarDateSchema = z
  .string()
  .regex(DATE_PATTERN, { message: 'must be a date written YYYY-MM-DD' })
  .refine((s) => partsOf(s) !== undefined, { message: 'must be a real calendar date' });

/** Thrown when a function is handed something that is not a real `YYYY-MM-DD` date. */
export class InvalidCalendarDateError extends ValidationError {
  constructor(
    readonly value: unknown,
    path = 'date',
  ) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    super(`${shown} is not a calendar date (YYYY-MM-DD)`, [
      { path, code: 'invalid_date', message: 'must be a real calendar date written YYYY-MM-DD' },
    ]);
  }
}

/**
 * Splits a calendar date into numbers; throws {@link InvalidCalendarDateError} on a bad date.
 * @example parseCalendarDate('2024-02-29') //=> { year: 2024, month: 2, day: 29 }
 */
export function parseCalendarDate(date: CalendarDate): CalendarDateParts {
  const parts = typeof date === 'string' ? partsOf(date) : undefined;
  if (!parts) throw new InvalidCalendarDateError(date);
  return parts;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`;
}

/**
 * Writes a calendar date from its parts (which must name a real day).
 * @example formatCalendarDate(2024, 2, 29) //=> '2024-02-29'
 */
export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day) ||
    year < 1 ||
    year > 9999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date`);
  }
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** Day number (days since 1970-01-01) of a civil date. Hinnant's days_from_civil. */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. Hinnant's civil_from_days. */
export function partsFromDayNumber(dayNumber: number): CalendarDateParts {
  const z0 = dayNumber + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Days since 1970-01-01 (negative before it).
 * @example toDayNumber('1970-01-02') //=> 1
 */
export function toDayNumber(date: CalendarDate): number {
  const p = parseCalendarDate(date);
  return dayNumberFromParts(p.year, p.month, p.day);
}

/**
 * The calendar date of a day number.
 * @example fromDayNumber(19782) //=> '2024-02-29'
 */
export function fromDayNumber(dayNumber: number): CalendarDate {
  const p = partsFromDayNumber(dayNumber);
  return formatCalendarDate(p.year, p.month, p.day);
}

/**
 * Compares two calendar dates: negative if `a` is earlier, 0 if equal, positive if later.
 * @example compareCalendarDates('2024-01-31', '2024-02-01') //=> -1
 */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  parseCalendarDate(a);
  parseCalendarDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Adds `n` calendar days (negative `n` goes back).
 * @example addDays('2024-02-28', 2) //=> '2024-03-01'
 */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * Day of the week: 0 = Sunday, 1 = Monday … 6 = Saturday (as `Date#getUTCDay`).
 * @example dayOfWeek('2024-12-25') //=> 3 (a Wednesday)
 */
export function dayOfWeek(date: CalendarDate): number {
  return dayOfWeekOfDayNumber(toDayNumber(date));
}

/** Day of the week of a day number (1970-01-01 was a Thursday). */
export function dayOfWeekOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The year of a calendar date. @example yearOf('2027-12-28') //=> 2027 */
export function yearOf(date: CalendarDate): number {
  return parseCalendarDate(date).year;
}
