/**
 * Working-day arithmetic on calendar dates. A working day is Monday to Friday and not an England
 * and Wales bank holiday. Every function is pure; any day it has to look at in a year the
 * {@link HolidayCalendar} has no data for throws {@link MissingHolidayDataError}.
 *
 * Speed: the first call with a calendar builds an index over its years (a prefix count of working
 * days per day number), so each later call is a couple of array reads.
 */
import {
  dayNumberFromParts,
  daysInMonth,
  formatCalendarDate,
  fromDayNumber,
  parseCalendarDate,
  type CalendarDate,
} from './calendar-date.js';
import { MissingHolidayDataError, type HolidayCalendar } from './bank-holidays.js';

interface WorkingDayIndex {
  readonly cal: HolidayCalendar;
  /** Day number of firstYear-01-01. */
  readonly base: number;
  /** Number of covered days. */
  readonly size: number;
  /** before[i] = working days among covered days [0, i); length size + 1. */
  readonly before: Int32Array;
  /** Day offsets (from base) of the working days in order. */
  readonly workdays: Int32Array;
}

const indexes = new WeakMap<HolidayCalendar, WorkingDayIndex>();

function buildIndex(cal: HolidayCalendar): WorkingDayIndex {
  const base = dayNumberFromParts(cal.firstYear, 1, 1);
  const end = dayNumberFromParts(cal.lastYear + 1, 1, 1);
  const size = end - base;
  const holiday = new Uint8Array(size);
  for (let y = cal.firstYear; y <= cal.lastYear; y++) {
    for (const h of cal.holidaysIn(y)) {
      const p = parseCalendarDate(h);
      holiday[dayNumberFromParts(p.year, p.month, p.day) - base] = 1;
    }
  }
  const before = new Int32Array(size + 1);
  const work: number[] = [];
  for (let i = 0; i < size; i++) {
    const dow = (((base + i + 4) % 7) + 7) % 7; // 0 Sunday … 6 Saturday
    const isWork = dow !== 0 && dow !== 6 && holiday[i] === 0;
    before[i + 1] = before[i]! + (isWork ? 1 : 0);
    if (isWork) work.push(i);
  }
  return { cal, base, size, before, workdays: Int32Array.from(work) };
}

function indexFor(cal: HolidayCalendar): WorkingDayIndex {
  let idx = indexes.get(cal);
  if (!idx) {
    idx = buildIndex(cal);
    indexes.set(cal, idx);
  }
  return idx;
}

/** Offset of `date` inside the index; throws MissingHolidayDataError outside the covered years. */
function offsetOf(idx: WorkingDayIndex, date: CalendarDate): number {
  const p = parseCalendarDate(date);
  if (p.year < idx.cal.firstYear || p.year > idx.cal.lastYear) throw missing(idx, p.year);
  return dayNumberFromParts(p.year, p.month, p.day) - idx.base;
}

function missing(idx: WorkingDayIndex, year: number): MissingHolidayDataError {
  // Build through the calendar so the error names its division.
  try {
    idx.cal.holidaysIn(year);
  } catch (e) {
    if (e instanceof MissingHolidayDataError) return e;
  }
  return new MissingHolidayDataError(year, undefined, { firstYear: idx.cal.firstYear, lastYear: idx.cal.lastYear });
}

function checkCount(n: number, fn: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${fn} needs a whole number of working days, got ${n}`);
}

/**
 * Whether `date` is a working day (Monday–Friday and not a bank holiday).
 * @example isWorkingDay('2023-05-08', cal) //=> false (the coronation bank holiday)
 */
export function isWorkingDay(date: CalendarDate, cal: HolidayCalendar): boolean {
  const idx = indexFor(cal);
  const i = offsetOf(idx, date);
  return idx.before[i + 1]! - idx.before[i]! === 1;
}

/**
 * The `n`th working day after `start` (start is day 0 and may itself be a weekend or holiday;
 * `n = 0` returns `start`; a negative `n` counts back like {@link subtractWorkingDays}).
 * @example addWorkingDays('2024-12-20', 5, cal) //=> '2024-12-31' (skips 25 and 26 Dec)
 */
export function addWorkingDays(start: CalendarDate, n: number, cal: HolidayCalendar): CalendarDate {
  checkCount(n, 'addWorkingDays');
  if (n < 0) return subtractWorkingDays(start, -n, cal);
  const idx = indexFor(cal);
  const i = offsetOf(idx, start);
  if (n === 0) return start;
  const k = idx.before[i + 1]! + n - 1;
  if (k >= idx.workdays.length) throw missing(idx, idx.cal.lastYear + 1);
  return fromDayNumber(idx.base + idx.workdays[k]!);
}

/**
 * The `n`th working day before `date` (`n = 0` returns `date`). The latest date to send a report
 * that must arrive at least 7 working days before publication is `subtractWorkingDays(publishOn, 7)`.
 * @example subtractWorkingDays('2025-01-06', 7, cal) //=> '2024-12-23'
 */
export function subtractWorkingDays(date: CalendarDate, n: number, cal: HolidayCalendar): CalendarDate {
  checkCount(n, 'subtractWorkingDays');
  if (n < 0) return addWorkingDays(date, -n, cal);
  const idx = indexFor(cal);
  const i = offsetOf(idx, date);
  if (n === 0) return date;
  const k = idx.before[i]! - n;
  if (k < 0) throw missing(idx, idx.cal.firstYear - 1);
  return fromDayNumber(idx.base + idx.workdays[k]!);
}

/**
 * The number of working days `d` with `from < d <= to`; negative (the count of `to < d <= from`)
 * when `to` is before `from`.
 * @example workingDaysBetween('2024-12-24', '2024-12-31', cal) //=> 3 (27, 30, 31 Dec)
 */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, cal: HolidayCalendar): number {
  const idx = indexFor(cal);
  const a = offsetOf(idx, from);
  const b = offsetOf(idx, to);
  return idx.before[b + 1]! - idx.before[a + 1]!;
}

/**
 * Adds `n` calendar months (negative goes back), clamping to the last day of a shorter month.
 * Needs no holiday data.
 * @example addCalendarMonths('2023-08-31', 6) //=> '2024-02-29'
 */
export function addCalendarMonths(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addCalendarMonths needs a whole number of months, got ${n}`);
  const p = parseCalendarDate(date);
  const total = p.year * 12 + (p.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return formatCalendarDate(year, month, day);
}
