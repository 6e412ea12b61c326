/**
 * CSV that opens cleanly in Excel and cannot smuggle a formula into it.
 *
 * - RFC 4180: fields separated by `,`, records ended by CRLF; a field holding `,`, `"`, CR or LF
 *   is wrapped in double quotes and each `"` inside it is doubled.
 * - A UTF-8 byte order mark first, so Excel reads the file as UTF-8 (otherwise `’` or `é` become
 *   mojibake).
 * - Formula-injection defence (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`,
 *   `@`, TAB or CR is prefixed with a single quote, so a spreadsheet shows it as text instead of
 *   evaluating it. Numbers, booleans and dates are written as they are: they cannot hold a formula,
 *   and a negative number stays a number.
 *
 * Pure: no I/O, no clock. Routes set the headers ({@link CSV_CONTENT_TYPE}, {@link csvAttachment}).
 */

/** What a cell may hold. `null` and `undefined` are empty cells; a Date is written as an ISO instant. */
export type CsvValue = string | number | boolean | Date | null | undefined;

/** One column: its heading and how to read its cell from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
/** The UTF-8 byte order mark (U+FEFF), written once at the start of a file. */
export const UTF8_BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell made safe for a spreadsheet: prefixed with `'` when it starts like a formula.
 * @example neutraliseFormula('=SUM(A1:A2)') //=> "'=SUM(A1:A2)"; neutraliseFormula('ok') //=> 'ok'
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One field as written in the file: formula-neutralised (text only), then quoted if needed.
 * @example csvField('a, "b"') //=> '"a, ""b"""'; csvField(-3) //=> '-3'; csvField('-3') //=> "'-3"
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    text = Number.isFinite(value) ? String(value) : '';
  } else if (typeof value === 'boolean') {
    text = value ? 'true' : 'false';
  } else if (value instanceof Date) {
    text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  } else {
    text = neutraliseFormula(value);
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF. @example csvRecord(['a', 1, null]) //=> 'a,1,\r\n' */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_LINE_END;
}

/**
 * A whole file: BOM, header record, one record per row.
 * @example toCsv([{ header: 'n', value: (r: { n: number }) => r.n }], [{ n: 1 }]) //=> '\uFEFFn\r\n1\r\n'
 */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const parts = [UTF8_BOM, csvRecord(columns.map((column) => column.header))];
  for (const row of rows) parts.push(csvRecord(columns.map((column) => column.value(row))));
  return parts.join('');
}

/**
 * A `Content-Disposition` value for a download; the name is reduced to safe characters.
 * @example csvAttachment('actions-2025-03-03') //=> 'attachment; filename="actions-2025-03-03.csv"'
 */
export function csvAttachment(baseName: string): string {
  const safe =
    baseName
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'export';
  return `attachment; filename="${safe}.csv"`;
}
