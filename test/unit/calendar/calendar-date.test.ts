import { describe, it, expect } from 'vitest';
import {
  CalendarDateSchema,
  InvalidCalendarDateError,
  addDays,
  compareCalendarDates,
  dayOfWeek,
  formatCalendarDate,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
} from '../../../src/calendar/calendar-date.js';

describe('CalendarDateSchema', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-02-28', '2027-12-31', '2018-01-01', '1970-01-01', '9999-12-31'])('accepts %s', (d) => {
    expect(CalendarDateSchema.safeParse(d).success).toBe(true);
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '2100-02-29',
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '0000-01-01',
    '2024-2-29',
    '24-02-29',
    '20240229',
    '2024/02/29',
    ' 2024-02-29',
    '2024-02-29 ',
    '2024-02-29T00:00:00Z',
    '',
    '２０２４-02-29',
  ])('rejects %j', (d) => {
    expect(CalendarDateSchema.safeParse(d).success).toBe(false);
    expect(isCalendarDate(d)).toBe(false);
  });

  it.each([null, undefined, 20240229, new Date(0)])('rejects the non-string %s', (d) => {
    expect(CalendarDateSchema.safeParse(d).success).toBe(false);
    expect(isCalendarDate(d)).toBe(false);
  });
});

describe('parse and format', () => {
  it('splits and writes dates', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(formatCalendarDate(2024, 2, 29)).toBe('2024-02-29');
    expect(formatCalendarDate(987, 1, 5)).toBe('0987-01-05');
    expect(() => formatCalendarDate(2023, 2, 29)).toThrow(RangeError);
  });

  it('throws a 400 InvalidCalendarDateError on a bad date', () => {
    expect(() => parseCalendarDate('2023-02-29')).toThrow(InvalidCalendarDateError);
    const err = (() => {
      try {
        parseCalendarDate('31/12/2024');
      } catch (e) {
        return e as InvalidCalendarDateError;
      }
    })();
    expect(err?.status).toBe(400);
    expect(err?.message).toBe('"31/12/2024" is not a calendar date (YYYY-MM-DD)');
  });
});

describe('day numbers, days and weekdays', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2024-01-01', 19723],
    ['2024-02-29', 19782],
  ] as const)('%s is day %i', (d, n) => {
    expect(toDayNumber(d)).toBe(n);
    expect(fromDayNumber(n)).toBe(d);
  });

  it.each([
    ['1970-01-01', 4], // Thursday
    ['2000-02-29', 2], // Tuesday
    ['2024-12-25', 3], // Wednesday
    ['2022-12-25', 0], // Sunday
    ['2027-12-25', 6], // Saturday
    ['2026-12-28', 1], // Monday
  ] as const)('%s is weekday %i', (d, dow) => {
    expect(dayOfWeek(d)).toBe(dow);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2024-06-15', 0, '2024-06-15'],
  ] as const)('%s + %i days = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('compares', () => {
    expect(compareCalendarDates('2024-01-31', '2024-02-01')).toBe(-1);
    expect(compareCalendarDates('2024-02-01', '2024-02-01')).toBe(0);
    expect(compareCalendarDates('2025-01-01', '2024-12-31')).toBe(1);
    expect(() => compareCalendarDates('2024-02-30', '2024-02-01')).toThrow(InvalidCalendarDateError);
  });
});
