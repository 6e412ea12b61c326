import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addCalendarMonths,
  addWorkingDays,
  isWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
} from '../../../src/calendar/working-days.js';
import { defaultHolidayCalendar as cal, MissingHolidayDataError } from '../../../src/calendar/bank-holidays.js';
import { InvalidCalendarDateError } from '../../../src/calendar/calendar-date.js';
import shipped from '../../../src/calendar/data/bank-holidays.json' with { type: 'json' };

// Every expected date below was worked out by hand from a wall calendar and the gov.uk list
// (start is day 0; the answer is the Nth working day after it). Columns: start, +5, +15.
// A weekend or holiday start counts from the last working day before it.
const christmasNewYear: Record<string, [start: string, plus5: string, plus15: string][]> = {
  // 2021: Christmas Sat → substitute Mon 27, Boxing Day Sun → Tue 28; New Year Sat → Mon 3 Jan 2022.
  '2021 → 2022': [
    ['2021-12-18', '2021-12-24', '2022-01-12'], // Sat
    ['2021-12-19', '2021-12-24', '2022-01-12'], // Sun
    ['2021-12-20', '2021-12-29', '2022-01-13'], // Mon
    ['2021-12-21', '2021-12-30', '2022-01-14'], // Tue
    ['2021-12-22', '2021-12-31', '2022-01-17'], // Wed
    ['2021-12-23', '2022-01-04', '2022-01-18'], // Thu
    ['2021-12-24', '2022-01-05', '2022-01-19'], // Fri
    ['2021-12-25', '2022-01-05', '2022-01-19'], // Sat (Christmas Day)
    ['2021-12-26', '2022-01-05', '2022-01-19'], // Sun
    ['2021-12-27', '2022-01-05', '2022-01-19'], // Mon, substitute Christmas
    ['2021-12-28', '2022-01-05', '2022-01-19'], // Tue, substitute Boxing Day
    ['2021-12-29', '2022-01-06', '2022-01-20'], // Wed
    ['2021-12-30', '2022-01-07', '2022-01-21'], // Thu
    ['2021-12-31', '2022-01-10', '2022-01-24'], // Fri
    ['2022-01-01', '2022-01-10', '2022-01-24'], // Sat (New Year's Day)
    ['2022-01-02', '2022-01-10', '2022-01-24'], // Sun
    ['2022-01-03', '2022-01-10', '2022-01-24'], // Mon, substitute New Year
  ],
  // 2022: Christmas Sun; Boxing Day Mon 26; substitute Christmas Tue 27; New Year Sun → Mon 2 Jan 2023.
  '2022 → 2023': [
    ['2022-12-18', '2022-12-23', '2023-01-11'], // Sun
    ['2022-12-19', '2022-12-28', '2023-01-12'], // Mon
    ['2022-12-20', '2022-12-29', '2023-01-13'], // Tue
    ['2022-12-21', '2022-12-30', '2023-01-16'], // Wed
    ['2022-12-22', '2023-01-03', '2023-01-17'], // Thu
    ['2022-12-23', '2023-01-04', '2023-01-18'], // Fri
    ['2022-12-24', '2023-01-04', '2023-01-18'], // Sat
    ['2022-12-25', '2023-01-04', '2023-01-18'], // Sun (Christmas Day)
    ['2022-12-26', '2023-01-04', '2023-01-18'], // Mon, Boxing Day
    ['2022-12-27', '2023-01-04', '2023-01-18'], // Tue, substitute Christmas
    ['2022-12-28', '2023-01-05', '2023-01-19'], // Wed
    ['2022-12-29', '2023-01-06', '2023-01-20'], // Thu
    ['2022-12-30', '2023-01-09', '2023-01-23'], // Fri
    ['2022-12-31', '2023-01-09', '2023-01-23'], // Sat
    ['2023-01-01', '2023-01-09', '2023-01-23'], // Sun (New Year's Day)
    ['2023-01-02', '2023-01-09', '2023-01-23'], // Mon, substitute New Year
    ['2023-01-03', '2023-01-10', '2023-01-24'], // Tue
  ],
  // 2023: Christmas Mon 25, Boxing Day Tue 26; New Year Mon 1 Jan 2024.
  '2023 → 2024': [
    ['2023-12-16', '2023-12-22', '2024-01-10'], // Sat
    ['2023-12-17', '2023-12-22', '2024-01-10'], // Sun
    ['2023-12-18', '2023-12-27', '2024-01-11'], // Mon
    ['2023-12-19', '2023-12-28', '2024-01-12'], // Tue
    ['2023-12-20', '2023-12-29', '2024-01-15'], // Wed
    ['2023-12-21', '2024-01-02', '2024-01-16'], // Thu
    ['2023-12-22', '2024-01-03', '2024-01-17'], // Fri
    ['2023-12-23', '2024-01-03', '2024-01-17'], // Sat
    ['2023-12-24', '2024-01-03', '2024-01-17'], // Sun
    ['2023-12-25', '2024-01-03', '2024-01-17'], // Mon, Christmas Day
    ['2023-12-26', '2024-01-03', '2024-01-17'], // Tue, Boxing Day
    ['2023-12-27', '2024-01-04', '2024-01-18'], // Wed
    ['2023-12-28', '2024-01-05', '2024-01-19'], // Thu
    ['2023-12-29', '2024-01-08', '2024-01-22'], // Fri
    ['2023-12-30', '2024-01-08', '2024-01-22'], // Sat
    ['2023-12-31', '2024-01-08', '2024-01-22'], // Sun
    ['2024-01-01', '2024-01-08', '2024-01-22'], // Mon, New Year's Day
    ['2024-01-02', '2024-01-09', '2024-01-23'], // Tue
    ['2024-01-03', '2024-01-10', '2024-01-24'], // Wed
  ],
  // 2024: Christmas Wed 25, Boxing Day Thu 26; New Year Wed 1 Jan 2025.
  '2024 → 2025': [
    ['2024-12-16', '2024-12-23', '2025-01-09'], // Mon
    ['2024-12-17', '2024-12-24', '2025-01-10'], // Tue
    ['2024-12-18', '2024-12-27', '2025-01-13'], // Wed
    ['2024-12-19', '2024-12-30', '2025-01-14'], // Thu
    ['2024-12-20', '2024-12-31', '2025-01-15'], // Fri
    ['2024-12-21', '2024-12-31', '2025-01-15'], // Sat
    ['2024-12-22', '2024-12-31', '2025-01-15'], // Sun
    ['2024-12-23', '2025-01-02', '2025-01-16'], // Mon
    ['2024-12-24', '2025-01-03', '2025-01-17'], // Tue
    ['2024-12-25', '2025-01-03', '2025-01-17'], // Wed, Christmas Day
    ['2024-12-26', '2025-01-03', '2025-01-17'], // Thu, Boxing Day
    ['2024-12-27', '2025-01-06', '2025-01-20'], // Fri
    ['2024-12-28', '2025-01-06', '2025-01-20'], // Sat
    ['2024-12-29', '2025-01-06', '2025-01-20'], // Sun
    ['2024-12-30', '2025-01-07', '2025-01-21'], // Mon
    ['2024-12-31', '2025-01-08', '2025-01-22'], // Tue
    ['2025-01-01', '2025-01-08', '2025-01-22'], // Wed, New Year's Day
    ['2025-01-02', '2025-01-09', '2025-01-23'], // Thu
    ['2025-01-03', '2025-01-10', '2025-01-24'], // Fri
  ],
  // 2025: Christmas Thu 25, Boxing Day Fri 26; New Year Thu 1 Jan 2026.
  '2025 → 2026': [
    ['2025-12-15', '2025-12-22', '2026-01-08'], // Mon
    ['2025-12-16', '2025-12-23', '2026-01-09'], // Tue
    ['2025-12-17', '2025-12-24', '2026-01-12'], // Wed
    ['2025-12-18', '2025-12-29', '2026-01-13'], // Thu
    ['2025-12-19', '2025-12-30', '2026-01-14'], // Fri
    ['2025-12-20', '2025-12-30', '2026-01-14'], // Sat
    ['2025-12-21', '2025-12-30', '2026-01-14'], // Sun
    ['2025-12-22', '2025-12-31', '2026-01-15'], // Mon
    ['2025-12-23', '2026-01-02', '2026-01-16'], // Tue
    ['2025-12-24', '2026-01-05', '2026-01-19'], // Wed
    ['2025-12-25', '2026-01-05', '2026-01-19'], // Thu, Christmas Day
    ['2025-12-26', '2026-01-05', '2026-01-19'], // Fri, Boxing Day
    ['2025-12-27', '2026-01-05', '2026-01-19'], // Sat
    ['2025-12-28', '2026-01-05', '2026-01-19'], // Sun
    ['2025-12-29', '2026-01-06', '2026-01-20'], // Mon
    ['2025-12-30', '2026-01-07', '2026-01-21'], // Tue
    ['2025-12-31', '2026-01-08', '2026-01-22'], // Wed
    ['2026-01-01', '2026-01-08', '2026-01-22'], // Thu, New Year's Day
    ['2026-01-02', '2026-01-09', '2026-01-23'], // Fri
    ['2026-01-03', '2026-01-09', '2026-01-23'], // Sat
  ],
  // 2026: Christmas Fri 25, Boxing Day Sat → substitute Mon 28; New Year Fri 1 Jan 2027.
  '2026 → 2027': [
    ['2026-12-14', '2026-12-21', '2027-01-07'], // Mon
    ['2026-12-15', '2026-12-22', '2027-01-08'], // Tue
    ['2026-12-16', '2026-12-23', '2027-01-11'], // Wed
    ['2026-12-17', '2026-12-24', '2027-01-12'], // Thu
    ['2026-12-18', '2026-12-29', '2027-01-13'], // Fri
    ['2026-12-19', '2026-12-29', '2027-01-13'], // Sat
    ['2026-12-20', '2026-12-29', '2027-01-13'], // Sun
    ['2026-12-21', '2026-12-30', '2027-01-14'], // Mon
    ['2026-12-22', '2026-12-31', '2027-01-15'], // Tue
    ['2026-12-23', '2027-01-04', '2027-01-18'], // Wed
    ['2026-12-24', '2027-01-05', '2027-01-19'], // Thu
    ['2026-12-25', '2027-01-05', '2027-01-19'], // Fri, Christmas Day
    ['2026-12-26', '2027-01-05', '2027-01-19'], // Sat (Boxing Day)
    ['2026-12-27', '2027-01-05', '2027-01-19'], // Sun
    ['2026-12-28', '2027-01-05', '2027-01-19'], // Mon, substitute Boxing Day
    ['2026-12-29', '2027-01-06', '2027-01-20'], // Tue
    ['2026-12-30', '2027-01-07', '2027-01-21'], // Wed
    ['2026-12-31', '2027-01-08', '2027-01-22'], // Thu
    ['2027-01-01', '2027-01-08', '2027-01-22'], // Fri, New Year's Day
    ['2027-01-02', '2027-01-08', '2027-01-22'], // Sat
    ['2027-01-03', '2027-01-08', '2027-01-22'], // Sun
  ],
};

describe('addWorkingDays across Christmas and New Year', () => {
  for (const [season, rows] of Object.entries(christmasNewYear)) {
    describe(season, () => {
      it.each(rows)('%s + 5 = %s, + 15 = %s', (start, plus5, plus15) => {
        expect(addWorkingDays(start, 5, cal)).toBe(plus5);
        expect(addWorkingDays(start, 15, cal)).toBe(plus15);
      });
    });
  }

  // 2027: Christmas Sat → substitute Mon 27, Boxing Day Sun → Tue 28. The data ends on 2027-12-31,
  // so any answer that lands in 2028 must be an error, never a guess.
  describe('2027 → 2028 (no 2028 data shipped)', () => {
    it.each([
      ['2027-12-13', '2027-12-20'], // Mon
      ['2027-12-14', '2027-12-21'], // Tue
      ['2027-12-15', '2027-12-22'], // Wed
      ['2027-12-16', '2027-12-23'], // Thu
      ['2027-12-17', '2027-12-24'], // Fri
      ['2027-12-18', '2027-12-24'], // Sat
      ['2027-12-19', '2027-12-24'], // Sun
      ['2027-12-20', '2027-12-29'], // Mon
      ['2027-12-21', '2027-12-30'], // Tue
      ['2027-12-22', '2027-12-31'], // Wed
    ])('%s + 5 = %s', (start, plus5) => {
      expect(addWorkingDays(start, 5, cal)).toBe(plus5);
    });

    it.each(['2027-12-23', '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-27', '2027-12-28', '2027-12-29', '2027-12-30', '2027-12-31'])(
      '%s + 5 lands in 2028: MissingHolidayDataError',
      (start) => {
        expect(() => addWorkingDays(start, 5, cal)).toThrow(MissingHolidayDataError);
        expect(() => addWorkingDays(start, 5, cal)).toThrow(/No England and Wales bank holiday data for 2028/);
      },
    );

    it.each(['2027-12-13', '2027-12-17', '2027-12-20', '2027-12-24', '2027-12-31'])(
      '%s + 15 lands in 2028: MissingHolidayDataError',
      (start) => {
        expect(() => addWorkingDays(start, 15, cal)).toThrow(MissingHolidayDataError);
      },
    );
  });
});

describe('Easter in every year with data', () => {
  // [Maundy Thursday, Good Friday, Easter Monday, Easter Tuesday (+1), the Monday after Easter Monday (+5)]
  const easter: [number, string, string, string, string, string][] = [
    [2018, '2018-03-29', '2018-03-30', '2018-04-02', '2018-04-03', '2018-04-09'],
    [2019, '2019-04-18', '2019-04-19', '2019-04-22', '2019-04-23', '2019-04-29'],
    [2020, '2020-04-09', '2020-04-10', '2020-04-13', '2020-04-14', '2020-04-20'],
    [2021, '2021-04-01', '2021-04-02', '2021-04-05', '2021-04-06', '2021-04-12'],
    [2022, '2022-04-14', '2022-04-15', '2022-04-18', '2022-04-19', '2022-04-25'],
    [2023, '2023-04-06', '2023-04-07', '2023-04-10', '2023-04-11', '2023-04-17'],
    [2024, '2024-03-28', '2024-03-29', '2024-04-01', '2024-04-02', '2024-04-08'],
    [2025, '2025-04-17', '2025-04-18', '2025-04-21', '2025-04-22', '2025-04-28'],
    [2026, '2026-04-02', '2026-04-03', '2026-04-06', '2026-04-07', '2026-04-13'],
    [2027, '2027-03-25', '2027-03-26', '2027-03-29', '2027-03-30', '2027-04-05'],
  ];

  it('covers every year in the shipped data', () => {
    expect(easter.map((row) => row[0])).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect([cal.firstYear, cal.lastYear]).toEqual([2018, 2027]);
  });

  it.each(easter)('%i: Maundy Thursday %s and Good Friday %s, +1 and +5', (_y, thu, fri, mon, plus1, plus5) => {
    expect(isWorkingDay(thu, cal)).toBe(true);
    expect(isWorkingDay(fri, cal)).toBe(false);
    expect(isWorkingDay(mon, cal)).toBe(false);
    expect(isWorkingDay(plus1, cal)).toBe(true);
    expect(addWorkingDays(thu, 1, cal)).toBe(plus1);
    expect(addWorkingDays(thu, 5, cal)).toBe(plus5);
    expect(addWorkingDays(fri, 1, cal)).toBe(plus1);
    expect(addWorkingDays(fri, 5, cal)).toBe(plus5);
    expect(subtractWorkingDays(plus1, 1, cal)).toBe(thu);
    expect(workingDaysBetween(thu, plus1, cal)).toBe(1);
  });
});

describe('substitute days and one-off bank holidays', () => {
  // [what, holiday, last working day before it, first working day after it]
  const rows: [string, string, string, string][] = [
    ['VE day (early May moved to Friday 8 May 2020)', '2020-05-08', '2020-05-07', '2020-05-11'],
    ['substitute Boxing Day 2020', '2020-12-28', '2020-12-24', '2020-12-29'],
    ['substitute Christmas Day 2021', '2021-12-27', '2021-12-24', '2021-12-29'],
    ['substitute Boxing Day 2021', '2021-12-28', '2021-12-24', '2021-12-29'],
    ['substitute New Year 2022', '2022-01-03', '2021-12-31', '2022-01-04'],
    ['spring bank holiday moved to Thursday 2 June 2022', '2022-06-02', '2022-06-01', '2022-06-06'],
    ['Platinum Jubilee 2022', '2022-06-03', '2022-06-01', '2022-06-06'],
    ['State Funeral of Queen Elizabeth II', '2022-09-19', '2022-09-16', '2022-09-20'],
    ['Boxing Day 2022 (Monday)', '2022-12-26', '2022-12-23', '2022-12-28'],
    ['substitute Christmas Day 2022', '2022-12-27', '2022-12-23', '2022-12-28'],
    ['substitute New Year 2023', '2023-01-02', '2022-12-30', '2023-01-03'],
    ['coronation of King Charles III', '2023-05-08', '2023-05-05', '2023-05-09'],
    ['substitute Boxing Day 2026', '2026-12-28', '2026-12-24', '2026-12-29'],
    ['substitute Christmas Day 2027', '2027-12-27', '2027-12-24', '2027-12-29'],
    ['substitute Boxing Day 2027', '2027-12-28', '2027-12-24', '2027-12-29'],
  ];

  it.each(rows)('%s: %s', (_what, holiday, before, after) => {
    expect(cal.isBankHoliday(holiday)).toBe(true);
    expect(isWorkingDay(holiday, cal)).toBe(false);
    expect(addWorkingDays(before, 1, cal)).toBe(after);
    expect(addWorkingDays(holiday, 1, cal)).toBe(after);
    expect(subtractWorkingDays(after, 1, cal)).toBe(before);
    expect(subtractWorkingDays(holiday, 1, cal)).toBe(before);
  });

  it.each([
    ['2020-05-04', 'the first Monday of May 2020 was not a holiday (moved to VE day)'],
    ['2022-05-30', 'the last Monday of May 2022 was not a holiday (moved to 2 June)'],
    ['2021-12-24', 'Christmas Eve is a working day'],
    ['2022-12-28', 'the Wednesday after the 2022 substitute day'],
  ])('%s is a working day: %s', (date) => {
    expect(cal.isBankHoliday(date)).toBe(false);
    expect(isWorkingDay(date, cal)).toBe(true);
  });

  it.each(['2020-12-26', '2021-12-25', '2021-12-26', '2022-01-01', '2022-12-25', '2023-01-01', '2026-12-26', '2027-12-25', '2027-12-26'])(
    'the weekend day %s is not itself listed (gov.uk lists the substitute), and is not a working day',
    (date) => {
      expect(cal.isBankHoliday(date)).toBe(false);
      expect(isWorkingDay(date, cal)).toBe(false);
    },
  );

  it.each([
    ['2020-05-01', 5, '2020-05-11'], // Fri; 4,5,6,7 May, 8 May VE day, 11 May
    ['2022-05-27', 5, '2022-06-07'], // Fri; 30, 31 May, 1 Jun, (2, 3 Jun), 6, 7 Jun
    ['2022-09-15', 5, '2022-09-23'], // Thu; 16, (19), 20, 21, 22, 23 Sep
    ['2023-04-28', 10, '2023-05-16'], // Fri; (1 May), 2–5, (8 May), 9–12, 15, 16 May
  ] as const)('%s + %i working days = %s', (start, n, expected) => {
    expect(addWorkingDays(start, n, cal)).toBe(expected);
  });
});

describe('leap years', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-02-26', 5, '2024-03-04'],
    ['2023-02-27', 3, '2023-03-02'],
    ['2020-02-27', 2, '2020-03-02'], // Thu; Fri 28, (Sat 29), Mon 2 Mar
  ] as const)('%s + %i working days = %s', (start, n, expected) => {
    expect(addWorkingDays(start, n, cal)).toBe(expected);
  });

  it('2024-02-29 is a Thursday and a working day; 2020-02-29 is a Saturday', () => {
    expect(isWorkingDay('2024-02-29', cal)).toBe(true);
    expect(isWorkingDay('2020-02-29', cal)).toBe(false);
  });

  it('rejects 2023-02-29', () => {
    expect(() => isWorkingDay('2023-02-29', cal)).toThrow(InvalidCalendarDateError);
    expect(() => addWorkingDays('2023-02-29', 1, cal)).toThrow(InvalidCalendarDateError);
  });
});

describe('addCalendarMonths (end-of-month clamping)', () => {
  it.each([
    ['2023-08-31', 6, '2024-02-29'],
    ['2022-08-31', 6, '2023-02-28'],
    ['2019-08-31', 6, '2020-02-29'],
    ['2024-02-29', 1, '2024-03-29'],
    ['2024-02-29', 6, '2024-08-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', -12, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-05-31', -3, '2024-02-29'],
    ['2024-10-31', 4, '2025-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -1, '2023-12-15'],
    ['2024-01-15', 0, '2024-01-15'],
    ['1999-08-31', 6, '2000-02-29'],
    ['2099-08-31', 6, '2100-02-28'],
    ['2030-01-15', 6, '2030-07-15'], // no holiday data needed
  ] as const)('%s + %i months = %s', (start, n, expected) => {
    expect(addCalendarMonths(start, n)).toBe(expected);
  });

  it('rejects a fractional month count and a bad date', () => {
    expect(() => addCalendarMonths('2024-01-31', 1.5)).toThrow(RangeError);
    expect(() => addCalendarMonths('2024-02-30', 1)).toThrow(InvalidCalendarDateError);
  });
});

describe('subtractWorkingDays', () => {
  it.each([
    ['2025-01-06', 7, '2024-12-23'], // publication Mon 6 Jan 2025: 3, 2, (1), 31, 30, 27, (26, 25), 24, 23 Dec
    ['2027-01-05', 7, '2026-12-22'], // 4 Jan, (1), 31, 30, 29, (28), (25), 24, 23, 22 Dec
    ['2025-01-02', 1, '2024-12-31'],
    ['2024-12-27', 1, '2024-12-24'],
    ['2024-04-02', 1, '2024-03-28'], // Easter Tuesday back over Easter
    ['2023-05-09', 7, '2023-04-26'], // over both May 2023 holidays
    ['2022-06-06', 3, '2022-05-30'], // over the Jubilee
    ['2025-01-04', 1, '2025-01-03'], // from a Saturday
    ['2025-01-04', 0, '2025-01-04'], // n = 0 returns the date itself
    ['2024-03-04', 3, '2024-02-28'], // Fri 1 Mar, Thu 29 Feb, Wed 28 Feb
    ['2018-01-03', 1, '2018-01-02'],
  ] as const)('%s − %i working days = %s', (date, n, expected) => {
    expect(subtractWorkingDays(date, n, cal)).toBe(expected);
  });

  it('a negative count in addWorkingDays subtracts (and vice versa)', () => {
    expect(addWorkingDays('2025-01-06', -7, cal)).toBe('2024-12-23');
    expect(subtractWorkingDays('2024-12-20', -5, cal)).toBe('2024-12-31');
  });

  it('n = 0 returns the start for addWorkingDays too, even on a holiday', () => {
    expect(addWorkingDays('2024-12-25', 0, cal)).toBe('2024-12-25');
  });

  it('rejects a fractional count', () => {
    expect(() => addWorkingDays('2024-12-20', 1.5, cal)).toThrow(RangeError);
    expect(() => subtractWorkingDays('2024-12-20', Number.NaN, cal)).toThrow(RangeError);
  });
});

describe('workingDaysBetween (from < d <= to)', () => {
  it.each([
    ['2024-12-24', '2024-12-31', 3], // 27, 30, 31 Dec
    ['2024-12-31', '2024-12-24', -3],
    ['2024-12-20', '2024-12-31', 5], // 23, 24, 27, 30, 31
    ['2025-01-01', '2024-12-20', -5],
    ['2024-12-20', '2024-12-20', 0],
    ['2024-12-25', '2024-12-26', 0],
    ['2024-12-21', '2024-12-22', 0],
    ['2024-12-20', '2024-12-23', 1],
    ['2025-04-17', '2025-04-22', 1], // Easter: only Tue 22
    ['2021-12-31', '2022-12-31', 250], // 260 weekdays in 2022, 10 bank holidays
    ['2022-12-31', '2023-12-31', 251], // 260 weekdays in 2023, 9 bank holidays
    ['2023-12-31', '2024-12-31', 254], // 262 weekdays in leap 2024, 8 bank holidays
  ] as const)('%s → %s = %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to, cal)).toBe(expected);
  });
});

describe('years without data are an error, never a guess', () => {
  it.each([
    ['isWorkingDay 2017', () => isWorkingDay('2017-12-29', cal), 2017],
    ['isWorkingDay 2028', () => isWorkingDay('2028-01-04', cal), 2028],
    ['isWorkingDay 2031', () => isWorkingDay('2031-06-02', cal), 2031],
    ['addWorkingDays from 2017', () => addWorkingDays('2017-12-29', 1, cal), 2017],
    ['addWorkingDays into 2028', () => addWorkingDays('2027-12-31', 1, cal), 2028],
    ['addWorkingDays from 2028', () => addWorkingDays('2028-06-01', 0, cal), 2028],
    ['subtractWorkingDays into 2017', () => subtractWorkingDays('2018-01-02', 1, cal), 2017],
    ['workingDaysBetween into 2028', () => workingDaysBetween('2027-12-01', '2028-01-05', cal), 2028],
    ['workingDaysBetween from 2017', () => workingDaysBetween('2017-12-01', '2018-01-05', cal), 2017],
    ['isBankHoliday 2017', () => cal.isBankHoliday('2017-12-25'), 2017],
    ['holidaysIn 2028', () => cal.holidaysIn(2028), 2028],
  ] as const)('%s throws MissingHolidayDataError', (_name, run, year) => {
    let caught: unknown;
    try {
      run();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MissingHolidayDataError);
    const err = caught as MissingHolidayDataError;
    expect(err.year).toBe(year);
    expect(err.status).toBe(422);
    expect(err.rule).toBe('holiday-data-missing');
    expect(err.message).toBe(
      `No England and Wales bank holiday data for ${year}: load a newer bank-holidays.json (BANK_HOLIDAYS_FILE) before computing this date`,
    );
  });
});

describe('properties (against a naive day-by-day count over the shipped list)', () => {
  const holidays = new Set(shipped['england-and-wales'].events.map((e) => e.date));
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const naiveIsWorking = (ms: number) => {
    const dow = new Date(ms).getUTCDay();
    return dow !== 0 && dow !== 6 && !holidays.has(iso(ms));
  };
  const naiveAdd = (start: string, n: number) => {
    let ms = Date.parse(`${start}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      ms += DAY;
      if (naiveIsWorking(ms)) left--;
    }
    return iso(ms);
  };
  // Starts from 2018-01-01 to 2027-11-30 so +20 working days stays inside 2027.
  const startMs = Date.parse('2018-01-01T00:00:00Z');
  const days = (Date.parse('2027-11-30T00:00:00Z') - startMs) / DAY;
  const dateArb = fc.integer({ min: 0, max: days }).map((i) => iso(startMs + i * DAY));

  it('addWorkingDays agrees with a naive count', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 20 }), (d, n) => addWorkingDays(d, n, cal) === naiveAdd(d, n)),
      { numRuns: 2000 },
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) = n, and the result is a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 20 }), (d, n) => {
        const r = addWorkingDays(d, n, cal);
        return workingDaysBetween(d, r, cal) === n && isWorkingDay(r, cal);
      }),
      { numRuns: 2000 },
    );
  });

  it('subtracting from a working day undoes adding', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 20 }), (d, n) => {
        if (!isWorkingDay(d, cal)) return true;
        return subtractWorkingDays(addWorkingDays(d, n, cal), n, cal) === d;
      }),
      { numRuns: 2000 },
    );
  });
});
