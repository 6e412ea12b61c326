/**
 * The calendar's only I/O: reading a newer gov.uk `bank-holidays.json` (e.g. from
 * `BANK_HOLIDAYS_FILE`) and merging it over the shipped data.
 */
import { readFile } from 'node:fs/promises';
import {
  InvalidHolidayFileError,
  createHolidayCalendar,
  defaultHolidayCalendar,
  mergeBankHolidayFiles,
  shippedBankHolidays,
  type HolidayCalendar,
} from './bank-holidays.js';

/**
 * The England and Wales calendar: the shipped data, merged with the file at `filePath` when one is
 * given (for every year the file has, its holidays replace the shipped ones). Throws
 * InvalidHolidayFileError naming the file when it cannot be read or is not a valid gov.uk file.
 * @example const cal = await loadHolidayCalendar(process.env.BANK_HOLIDAYS_FILE)
 */
export async function loadHolidayCalendar(filePath?: string): Promise<HolidayCalendar> {
  if (filePath === undefined || filePath === '') return defaultHolidayCalendar;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (e) {
    throw new InvalidHolidayFileError(`cannot read ${filePath}: ${(e as Error).message}`);
  }
  try {
    return createHolidayCalendar(mergeBankHolidayFiles(shippedBankHolidays, json).file);
  } catch (e) {
    if (e instanceof InvalidHolidayFileError)
      throw new InvalidHolidayFileError(`${filePath}: ${e.message.replace(/^Invalid bank-holidays\.json: /, '')}`);
    throw e;
  }
}
