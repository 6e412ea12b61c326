import { parse } from 'csv-parse/sync';
import { IMPORT_COLUMNS, type ImportColumn, type ImportProblem, REQUIRED_COLUMNS } from './case-import.columns.js';

/** One data row of the file: the line it starts on and its cells by column (trimmed; absent columns are blank). */
export interface CsvRow {
  line: number;
  cells: Record<ImportColumn, string>;
}

export type ParsedCsv = { ok: true; rows: CsvRow[] } | { ok: false; problems: ImportProblem[] };

/** The most rows one file may hold; larger logs are imported in parts. */
export const MAX_IMPORT_ROWS = 2000;

const KNOWN: ReadonlySet<string> = new Set(IMPORT_COLUMNS);
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A cell as the importer reads it: trimmed; a date column's `DD/MM/YYYY` (what Excel in England
 * writes when it re-saves a `YYYY-MM-DD` date) as `YYYY-MM-DD`; `Yes`/`NO` as `yes`/`no`. The
 * row's identity (case-import.build.ts `importedCaseId`) is taken from these normalised cells, so
 * a file re-saved by Excel is still the same file.
 * @example normaliseCell('notifiedOn', ' 5/6/2023 ') //=> '2023-06-05'
 */
export function normaliseCell(column: ImportColumn, raw: string): string {
  const value = raw.trim();
  if (column.endsWith('On')) {
    const uk = UK_DATE.exec(value);
    return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value;
  }
  if (column === 'rapidReviewLocalReview' && /^(yes|no)$/i.test(value)) return value.toLowerCase();
  return value;
}

/**
 * Reads the bytes of a case-log CSV as Excel writes it: UTF-8 with or without a byte order mark,
 * `,` separated, CRLF or LF, quoted cells. Pure. Structural problems (not UTF-8, broken quoting,
 * a missing or unknown column, a row of the wrong length) are answered with the line they are on.
 * @example parseCaseCsv(Buffer.from('reference,route\r\nA-1,referral\r\n')) // rows[0].line === 2
 */
export function parseCaseCsv(bytes: Buffer): ParsedCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [{ line: 1, column: null, message: 'the file is not UTF-8 text (in Excel, save as "CSV UTF-8")' }] };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as never;
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines) || 1;
    return { ok: false, problems: [{ line, column: null, message: 'the CSV cannot be read here (check the quotes on this line)' }] };
  }
  if (records.length === 0)
    return { ok: false, problems: [{ line: 1, column: null, message: 'the file is empty: it needs the header row of the template' }] };
  const header = records[0]!.record.map((name) => name.trim());
  const problems: ImportProblem[] = [];
  header.forEach((name, index) => {
    if (!KNOWN.has(name)) problems.push({ line: 1, column: name || `column ${index + 1}`, message: 'not a column of the template' });
    else if (header.indexOf(name) !== index) problems.push({ line: 1, column: name, message: 'this column appears twice' });
  });
  for (const name of REQUIRED_COLUMNS)
    if (!header.includes(name)) problems.push({ line: 1, column: name, message: 'the header has no such column; it is required' });
  if (problems.length > 0) return { ok: false, problems };
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, problems: [{ line: 2, column: null, message: 'the file has a header but no cases' }] };
  if (data.length > MAX_IMPORT_ROWS)
    return { ok: false, problems: [{ line: MAX_IMPORT_ROWS + 2, column: null, message: `at most ${MAX_IMPORT_ROWS} cases per file` }] };
  const rows: CsvRow[] = [];
  // csv-parse reports the line a record ends on, and counts a CRLF inside quotes as two lines: a
  // person looks for the line the row starts on, as a text editor numbers it.
  const count = (values: string[], pattern: RegExp) => values.reduce((n, value) => n + (value.match(pattern)?.length ?? 0), 0);
  let doubleCounted = count(records[0]!.record, /\r\n/g);
  for (const { record, info } of data) {
    doubleCounted += count(record, /\r\n/g);
    const line = info.lines - doubleCounted - count(record, /\r\n|\r|\n/g);
    if (record.length !== header.length) {
      problems.push({ line, column: null, message: `this row has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    const cells = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, ''])) as Record<ImportColumn, string>;
    header.forEach((name, index) => (cells[name as ImportColumn] = normaliseCell(name as ImportColumn, record[index]!)));
    rows.push({ line, cells });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
