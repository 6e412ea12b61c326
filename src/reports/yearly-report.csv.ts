import { type CsvColumn, toCsv } from '../shared/csv.js';
import { figureRows, type FigureRow, type YearlyFigures } from './yearly-report.js';

const COLUMNS: CsvColumn<FigureRow>[] = [
  { header: 'figure', value: (row) => row.figure },
  { header: 'value', value: (row) => row.value },
  { header: 'references', value: (row) => row.references.join(' ') },
];

/**
 * The report as CSV (RFC 4180, UTF-8 with BOM, formula-safe: src/shared/csv.ts): one row per
 * figure — its path, its value, and the references of the cases or actions it counts, separated
 * by spaces.
 * @example yearlyReportCsv(figures).split('\r\n')[1] //=> 'referrals.received,9,NTH-2024-0001 NTH-2024-0002 …'
 */
export function yearlyReportCsv(figures: YearlyFigures): string {
  return toCsv(COLUMNS, figureRows(figures));
}
