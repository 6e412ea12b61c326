import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BankHolidaysFileSchema,
  InvalidHolidayFileError,
  MissingHolidayDataError,
  createHolidayCalendar,
  defaultHolidayCalendar as cal,
  mergeBankHolidayFiles,
  shippedBankHolidays,
} from '../../../src/calendar/bank-holidays.js';
import { loadHolidayCalendar } from '../../../src/calendar/bank-holidays.loader.js';
import { addWorkingDays } from '../../../src/calendar/working-days.js';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import shipped from '../../../src/calendar/data/bank-holidays.json' with { type: 'json' };

// The England and Wales list as published on gov.uk, written out by hand, year by year.
const expectedByYear: Record<number, string[]> = {
  2018: ['2018-01-01', '2018-03-30', '2018-04-02', '2018-05-07', '2018-05-28', '2018-08-27', '2018-12-25', '2018-12-26'],
  2019: ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26'],
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

describe('the shipped bank-holidays.json', () => {
  it('has the gov.uk shape and validates', () => {
    expect(BankHolidaysFileSchema.safeParse(shipped).success).toBe(true);
    expect(Object.keys(shipped).sort()).toEqual(['england-and-wales', 'northern-ireland', 'scotland']);
    expect(shipped['england-and-wales'].division).toBe('england-and-wales');
    for (const e of shipped['england-and-wales'].events) {
      expect(Object.keys(e).sort()).toEqual(['bunting', 'date', 'notes', 'title']);
    }
  });

  it('covers 2018 through 2027', () => {
    expect(cal.firstYear).toBe(2018);
    expect(cal.lastYear).toBe(2027);
  });

  it.each(Object.entries(expectedByYear))('%s holds exactly the published dates', (year, dates) => {
    expect(cal.holidaysIn(Number(year))).toEqual(dates);
    for (const d of dates) expect(cal.isBankHoliday(d)).toBe(true);
  });

  it('lists events in date order, with no duplicates, 83 in all', () => {
    const dates = shipped['england-and-wales'].events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).toHaveLength(83);
  });

  it.each([
    ['2020-05-08', 'Early May bank holiday (VE day)', ''],
    ['2020-12-28', 'Boxing Day', 'Substitute day'],
    ['2021-12-27', 'Christmas Day', 'Substitute day'],
    ['2021-12-28', 'Boxing Day', 'Substitute day'],
    ['2022-01-03', 'New Year’s Day', 'Substitute day'],
    ['2022-06-02', 'Spring bank holiday', ''],
    ['2022-06-03', 'Platinum Jubilee bank holiday', ''],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II', ''],
    ['2022-12-27', 'Christmas Day', 'Substitute day'],
    ['2023-01-02', 'New Year’s Day', 'Substitute day'],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III', ''],
    ['2026-12-28', 'Boxing Day', 'Substitute day'],
    ['2027-12-27', 'Christmas Day', 'Substitute day'],
    ['2027-12-28', 'Boxing Day', 'Substitute day'],
  ])('%s is "%s" (notes "%s")', (date, title, notes) => {
    const e = shipped['england-and-wales'].events.find((x) => x.date === date);
    expect(e).toMatchObject({ title, notes });
  });

  it('answers ordinary days', () => {
    expect(cal.isBankHoliday('2024-12-24')).toBe(false);
    expect(cal.isBankHoliday('2024-12-25')).toBe(true);
  });
});

describe('MissingHolidayDataError', () => {
  it('is a 422 rule violation carrying the year', () => {
    const e = new MissingHolidayDataError(2031);
    expect(e).toBeInstanceOf(RuleViolationError);
    expect(e.status).toBe(422);
    expect(e.year).toBe(2031);
    expect(e.rule).toBe('holiday-data-missing');
    expect(e.extensions).toMatchObject({ year: 2031, rule: 'holiday-data-missing' });
    expect(e.message).toBe(
      'No England and Wales bank holiday data for 2031: load a newer bank-holidays.json (BANK_HOLIDAYS_FILE) before computing this date',
    );
  });

  it.each([2017, 2028, 2031])('is thrown for any query in %i', (year) => {
    expect(() => cal.holidaysIn(year)).toThrow(MissingHolidayDataError);
    expect(() => cal.isBankHoliday(`${year}-01-01`)).toThrow(MissingHolidayDataError);
    expect(() => cal.isBankHoliday(`${year}-06-15`)).toThrow(`No England and Wales bank holiday data for ${year}`);
  });
});

const ev = (date: string, title = 'Bank holiday', notes = '') => ({ title, date, notes, bunting: true });
const file = (events: ReturnType<typeof ev>[], division = 'england-and-wales') => ({
  [division]: { division, events },
});

describe('createHolidayCalendar', () => {
  it('builds a calendar from a small file and knows its years', () => {
    const c = createHolidayCalendar(file([ev('2030-01-01'), ev('2031-01-01'), ev('2030-12-25')]));
    expect([c.firstYear, c.lastYear]).toEqual([2030, 2031]);
    expect(c.holidaysIn(2030)).toEqual(['2030-01-01', '2030-12-25']);
    expect(c.isBankHoliday('2030-12-25')).toBe(true);
    expect(c.isBankHoliday('2030-12-24')).toBe(false);
    expect(() => c.isBankHoliday('2029-12-31')).toThrow(MissingHolidayDataError);
    // Tue 2030-12-24 + 1: Wed 25 is a holiday in this file → Thu 26
    expect(addWorkingDays('2030-12-24', 1, c)).toBe('2030-12-26');
  });

  it('reads another division when asked', () => {
    const c = createHolidayCalendar({ ...file([ev('2024-01-01')]), ...file([ev('2024-01-02', '2nd January')], 'scotland') }, 'scotland');
    expect(c.isBankHoliday('2024-01-02')).toBe(true);
    expect(c.isBankHoliday('2024-01-01')).toBe(false);
    expect(() => c.isBankHoliday('2025-01-01')).toThrow('No Scotland bank holiday data for 2025');
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'bank holidays'],
    ['a division that is not an object', { 'england-and-wales': 3 }],
    ['events missing', { 'england-and-wales': { division: 'england-and-wales' } }],
    ['a date that does not exist', file([ev('2023-02-29')])],
    ['a date in another format', file([ev('29/02/2024')])],
    ['a date with a time', file([ev('2024-01-01T00:00:00Z')])],
    [
      'an event without a title',
      { 'england-and-wales': { division: 'england-and-wales', events: [{ date: '2024-01-01', notes: '', bunting: true }] } },
    ],
    [
      'bunting that is not a boolean',
      { 'england-and-wales': { division: 'england-and-wales', events: [{ ...ev('2024-01-01'), bunting: 'yes' }] } },
    ],
    ['a division filed under the wrong key', { 'england-and-wales': { division: 'scotland', events: [ev('2024-01-01')] } }],
    ['no england-and-wales division', file([ev('2024-01-01')], 'scotland')],
    ['a division with no events', file([])],
    ['a year missing in the middle', file([ev('2024-01-01'), ev('2026-01-01')])],
  ])('rejects %s with InvalidHolidayFileError', (_what, bad) => {
    expect(() => createHolidayCalendar(bad)).toThrow(InvalidHolidayFileError);
    expect(() => createHolidayCalendar(bad)).toThrow(/^Invalid bank-holidays\.json: /);
  });

  it('names the problem and where it is', () => {
    expect(() => createHolidayCalendar(file([ev('2023-02-29')]))).toThrow(
      /england-and-wales\.events\.0\.date: must be a real calendar date/,
    );
    expect(() => createHolidayCalendar(file([ev('2024-01-01'), ev('2026-01-01')]))).toThrow(/no events for 2025/);
  });
});

// A made-up 2028 list for testing the merge (not the real published 2028 dates).
const fixture2028 = [
  ev('2028-01-03', 'New Year’s Day', 'Substitute day'),
  ev('2028-04-14', 'Good Friday'),
  ev('2028-04-17', 'Easter Monday'),
  ev('2028-05-01', 'Early May bank holiday'),
  ev('2028-05-29', 'Spring bank holiday'),
  ev('2028-08-28', 'Summer bank holiday'),
  ev('2028-12-25', 'Christmas Day'),
  ev('2028-12-26', 'Boxing Day'),
];
const shipped2027 = shipped['england-and-wales'].events.filter((e) => e.date.startsWith('2027-'));
const shipped2026 = shipped['england-and-wales'].events.filter((e) => e.date.startsWith('2026-'));
const extra2027 = ev('2027-06-07', 'Imaginary one-off bank holiday');
const newerFile = file([...shipped2026, ...shipped2027, extra2027, ...fixture2028]);

describe('mergeBankHolidayFiles', () => {
  it('adds new years, replaces changed years, reports both', () => {
    const { file: merged, added, changed } = mergeBankHolidayFiles(shippedBankHolidays, newerFile);
    expect(added).toEqual([2028]);
    expect(changed).toEqual([2027]);
    const c = createHolidayCalendar(merged);
    expect([c.firstYear, c.lastYear]).toEqual([2018, 2028]);
    expect(c.isBankHoliday('2027-06-07')).toBe(true);
    expect(c.holidaysIn(2018)).toEqual(expectedByYear[2018]);
    // Fri 2027-12-24: 29, 30, 31 Dec, (3 Jan 2028 in the fixture), 4, 5 Jan
    expect(addWorkingDays('2027-12-24', 5, c)).toBe('2028-01-05');
    // the other divisions of the base are kept
    expect(Object.keys(merged).sort()).toEqual(['england-and-wales', 'northern-ireland', 'scotland']);
  });

  it("the newer file's year wins even when it drops a date", () => {
    const without = shipped2027.filter((e) => e.date !== '2027-08-30');
    const { file: merged, changed } = mergeBankHolidayFiles(shippedBankHolidays, file(without));
    expect(changed).toEqual([2027]);
    expect(createHolidayCalendar(merged).isBankHoliday('2027-08-30')).toBe(false);
  });

  it('an identical file changes nothing', () => {
    const { added, changed } = mergeBankHolidayFiles(shippedBankHolidays, shippedBankHolidays);
    expect(added).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses a merge that would leave a gap, and a bad newer file', () => {
    expect(() => mergeBankHolidayFiles(shippedBankHolidays, file([ev('2030-01-01')]))).toThrow(/no events for 2028/);
    expect(() => mergeBankHolidayFiles(shippedBankHolidays, { nonsense: true })).toThrow(InvalidHolidayFileError);
  });
});

describe('loadHolidayCalendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bank-holidays-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the shipped calendar without a file', async () => {
    expect(await loadHolidayCalendar()).toBe(cal);
  });

  it('merges a newer file over the shipped data', async () => {
    const path = join(dir, 'newer.json');
    writeFileSync(path, JSON.stringify(newerFile));
    const c = await loadHolidayCalendar(path);
    expect([c.firstYear, c.lastYear]).toEqual([2018, 2028]);
    expect(c.isBankHoliday('2028-12-26')).toBe(true);
  });

  it('fails clearly, naming the file, on a missing or bad file', async () => {
    await expect(loadHolidayCalendar(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(file([ev('2023-02-29')])));
    await expect(loadHolidayCalendar(bad)).rejects.toThrow(InvalidHolidayFileError);
    await expect(loadHolidayCalendar(bad)).rejects.toThrow(/bad\.json/);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ not json');
    await expect(loadHolidayCalendar(notJson)).rejects.toThrow(/not\.json/);
  });
});
