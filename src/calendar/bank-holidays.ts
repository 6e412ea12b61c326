/**
 * England and Wales bank holidays as data (gov.uk's `bank-holidays.json` shape), never rules.
 *
 * A {@link HolidayCalendar} knows exactly which years it has data for; a question about any
 * other year throws {@link MissingHolidayDataError} instead of guessing.
 */
import { z } from 'zod';
import { RuleViolationError } from '../errors/app-errors.js';
import { CalendarDateSchema, parseCalendarDate, type CalendarDate } from './calendar-date.js';
import shippedData from './data/bank-holidays.json' with { type: 'json' };

/** Which bank holidays apply on which days, for a known span of years. */
export interface HolidayCalendar {
  /** First year with data (inclusive). */
  readonly firstYear: number;
  /** Last year with data (inclusive). */
  readonly lastYear: number;
  /** Whether `date` is a bank holiday; throws {@link MissingHolidayDataError} outside the data's years. */
  isBankHoliday(date: CalendarDate): boolean;
  /** The year's bank holidays in date order; throws {@link MissingHolidayDataError} outside the data's years. */
  holidaysIn(year: number): readonly CalendarDate[];
}

/** gov.uk division keys. */
export type Division = 'england-and-wales' | 'scotland' | 'northern-ireland';

const DIVISION_NAMES: Record<string, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

/** A human name for a gov.uk division key. @example divisionName('england-and-wales') //=> 'England and Wales' */
export function divisionName(division: string): string {
  return DIVISION_NAMES[division] ?? division;
}

/** A date needs bank-holiday data for a year the loaded file does not cover. */
export class MissingHolidayDataError extends RuleViolationError {
  constructor(
    readonly year: number,
    readonly division: string = 'england-and-wales',
    readonly coveredYears?: { firstYear: number; lastYear: number },
  ) {
    super(
      `No ${divisionName(division)} bank holiday data for ${year}: load a newer bank-holidays.json ` +
        `(BANK_HOLIDAYS_FILE) before computing this date`,
      'holiday-data-missing',
      { year, division, ...(coveredYears ?? {}) },
    );
  }
}

/** One gov.uk event. */
export const BankHolidayEventSchema = z.object({
  title: z.string().min(1),
  date: CalendarDateSchema,
  notes: z.string(),
  bunting: z.boolean(),
});
export type BankHolidayEvent = z.infer<typeof BankHolidayEventSchema>;

/** One gov.uk division: its key and its events. */
export const BankHolidayDivisionSchema = z.object({
  division: z.string().min(1),
  events: z.array(BankHolidayEventSchema),
});
export type BankHolidayDivision = z.infer<typeof BankHolidayDivisionSchema>;

/** The whole gov.uk `bank-holidays.json` file: division key → division. */
export const BankHolidaysFileSchema = z.record(z.string(), BankHolidayDivisionSchema).superRefine((file, ctx) => {
  for (const [key, value] of Object.entries(file)) {
    if (value.division !== key) {
      ctx.addIssue({
        code: 'custom',
        path: [key, 'division'],
        message: `division "${value.division}" is filed under the key "${key}"`,
      });
    }
  }
});
export type BankHolidaysFile = z.infer<typeof BankHolidaysFileSchema>;

/** The file is not a usable gov.uk bank-holidays.json. */
export class InvalidHolidayFileError extends Error {
  constructor(detail: string) {
    super(`Invalid bank-holidays.json: ${detail}`);
    this.name = 'InvalidHolidayFileError';
  }
}

/**
 * Validates a parsed gov.uk `bank-holidays.json`; throws {@link InvalidHolidayFileError} naming
 * the first problems found.
 * @example parseBankHolidaysFile(JSON.parse(text))['england-and-wales'].events.length //=> 82
 */
export function parseBankHolidaysFile(govUkJson: unknown): BankHolidaysFile {
  const result = BankHolidaysFileSchema.safeParse(govUkJson);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    throw new InvalidHolidayFileError(issues);
  }
  return result.data;
}

/** Groups a division's events by year, checks there is no gap, returns sorted holiday dates per year. */
function holidaysByYear(events: readonly BankHolidayEvent[], division: string): Map<number, CalendarDate[]> {
  const byYear = new Map<number, Set<CalendarDate>>();
  for (const e of events) {
    const year = parseCalendarDate(e.date).year;
    let set = byYear.get(year);
    if (!set) byYear.set(year, (set = new Set()));
    set.add(e.date);
  }
  if (byYear.size === 0) throw new InvalidHolidayFileError(`division "${division}" has no events`);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const first = years[0]!;
  const last = years[years.length - 1]!;
  for (let y = first; y <= last; y++) {
    if (!byYear.has(y)) {
      throw new InvalidHolidayFileError(
        `division "${division}" has no events for ${y}, between ${first} and ${last}; every year must be present`,
      );
    }
  }
  const out = new Map<number, CalendarDate[]>();
  for (const y of years) out.set(y, [...byYear.get(y)!].sort());
  return out;
}

class DataHolidayCalendar implements HolidayCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly byYear: Map<number, readonly CalendarDate[]>;
  private readonly all: ReadonlySet<CalendarDate>;

  constructor(
    byYear: Map<number, CalendarDate[]>,
    private readonly division: string,
  ) {
    const years = [...byYear.keys()];
    this.firstYear = Math.min(...years);
    this.lastYear = Math.max(...years);
    this.byYear = new Map([...byYear].map(([y, list]) => [y, Object.freeze([...list])]));
    this.all = new Set([...byYear.values()].flat());
  }

  private check(year: number): void {
    if (!(year >= this.firstYear && year <= this.lastYear)) {
      throw new MissingHolidayDataError(year, this.division, { firstYear: this.firstYear, lastYear: this.lastYear });
    }
  }

  isBankHoliday(date: CalendarDate): boolean {
    this.check(parseCalendarDate(date).year);
    return this.all.has(date);
  }

  holidaysIn(year: number): readonly CalendarDate[] {
    if (!Number.isInteger(year)) throw new RangeError(`holidaysIn needs a whole year, got ${year}`);
    this.check(year);
    return this.byYear.get(year)!;
  }
}

/**
 * Builds a calendar from a parsed gov.uk `bank-holidays.json` (validated with
 * {@link BankHolidaysFileSchema}); throws {@link InvalidHolidayFileError} on a bad file, a missing
 * division or a year with no events inside the span.
 * @example createHolidayCalendar(json).isBankHoliday('2023-05-08') //=> true
 */
export function createHolidayCalendar(govUkJson: unknown, division: string = 'england-and-wales'): HolidayCalendar {
  const file = parseBankHolidaysFile(govUkJson);
  const div = file[division];
  if (!div) throw new InvalidHolidayFileError(`no "${division}" division`);
  return new DataHolidayCalendar(holidaysByYear(div.events, division), division);
}

/** What merging a newer file changed, per year. */
export interface HolidayMergeResult {
  readonly file: BankHolidaysFile;
  /** Years the newer file brings that the base did not have. */
  readonly added: readonly number[];
  /** Years both have whose holiday dates or titles differ (the newer file's version wins). */
  readonly changed: readonly number[];
}

/**
 * Merges a newer gov.uk file into a base file for one division: for every year the newer file has,
 * its events replace the base's events for that year. Both files are validated. The result keeps
 * the base's other divisions and is checked for gaps.
 * @example mergeBankHolidayFiles(shipped, newer).added //=> [2028]
 */
export function mergeBankHolidayFiles(base: unknown, newer: unknown, division: string = 'england-and-wales'): HolidayMergeResult {
  const baseFile = parseBankHolidaysFile(base);
  const newerFile = parseBankHolidaysFile(newer);
  const newerDiv = newerFile[division];
  if (!newerDiv) throw new InvalidHolidayFileError(`the newer file has no "${division}" division`);
  const baseEvents = baseFile[division]?.events ?? [];
  const yearOfEvent = (e: BankHolidayEvent) => parseCalendarDate(e.date).year;
  const group = (events: readonly BankHolidayEvent[]) => {
    const m = new Map<number, BankHolidayEvent[]>();
    for (const e of events) {
      const y = yearOfEvent(e);
      const list = m.get(y) ?? [];
      list.push(e);
      m.set(y, list);
    }
    return m;
  };
  const baseByYear = group(baseEvents);
  const newerByYear = group(newerDiv.events);
  const key = (events: readonly BankHolidayEvent[]) =>
    events
      .map((e) => `${e.date}|${e.title}`)
      .sort()
      .join('\n');
  const added: number[] = [];
  const changed: number[] = [];
  for (const [year, events] of newerByYear) {
    const old = baseByYear.get(year);
    if (!old) added.push(year);
    else if (key(old) !== key(events)) changed.push(year);
    baseByYear.set(year, events);
  }
  const merged = [...baseByYear.values()].flat().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  holidaysByYear(merged, division); // gap check
  const file: BankHolidaysFile = { ...baseFile, [division]: { division, events: merged } };
  return { file, added: added.sort((a, b) => a - b), changed: changed.sort((a, b) => a - b) };
}

/** The shipped England and Wales data (src/calendar/data/bank-holidays.json) as a validated file. */
export const shippedBankHolidays: BankHolidaysFile = parseBankHolidaysFile(shippedData);

/** England and Wales bank holidays from the data shipped with the service. */
export const defaultHolidayCalendar: HolidayCalendar = createHolidayCalendar(shippedBankHolidays);
