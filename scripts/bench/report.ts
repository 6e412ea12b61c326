/**
 * The benchmark's result: `.bench/latest.json` and the printed table with the targets.
 *
 * latest.json:
 *   {
 *     "partnership2k": SizeReport,   // one partnership of 2,000 cases
 *     "region100k":    SizeReport,   // 50 partnerships of 2,000 (absent with --quick)
 *     "meta":          { mode, generatedAt, cpuCount, loadAverageAtStart, database, service, targets, notes, … }
 *   }
 *   SizeReport = {
 *     ratio16,                          // engine rate / floor rate at 16 connections
 *     transitionP99Ms: { "1", "16", "64" },
 *     caseReadP99Ms,                    // GET /api/cases/:id at 16 connections
 *     dashboardP99Ms, caseListP99Ms, myWorkP99Ms,   // one request at a time, one partnership
 *     yearlyReportMs,                   // median of the yearly report's runs
 *     serviceRssMb,                     // VmHWM of the service process
 *     cases, casesInDatabase, partnerships, seedSeconds, serviceStartSeconds, details: { … every run's figures … }
 *   }
 * A figure is null when nothing answered in time; details then say how long was waited.
 */
import type { LoadFigures, SizeMeasures } from './measure-size.js';
import type { Sampled } from './sampling.js';

export interface SizeReport {
  ratio16: number | null;
  transitionP99Ms: Record<string, number | null>;
  caseReadP99Ms: number | null;
  dashboardP99Ms: number | null;
  caseListP99Ms: number | null;
  myWorkP99Ms: number | null;
  yearlyReportMs: number | null;
  serviceRssMb: number | null;
  cases: number;
  casesInDatabase: number;
  partnerships: number;
  seedSeconds: number;
  /** From spawning the service to its first ready answer, each time it was started at this size. */
  serviceStartSeconds: number[];
  details: SizeMeasures;
}

export type SizeLabel = 'partnership2k' | 'region100k';

export interface BenchReport {
  partnership2k?: SizeReport;
  region100k?: SizeReport;
  meta: Record<string, unknown> & { notes: string[] };
}

export function sizeReport(
  measures: SizeMeasures,
  extra: Pick<SizeReport, 'serviceRssMb' | 'cases' | 'casesInDatabase' | 'partnerships' | 'seedSeconds' | 'serviceStartSeconds'>,
): SizeReport {
  const floor16 = measures.floor['16']!.rps;
  return {
    ratio16: floor16 > 0 ? Math.round((measures.transitions['16']!.rps / floor16) * 100) / 100 : null,
    transitionP99Ms: Object.fromEntries(Object.entries(measures.transitions).map(([c, r]) => [c, r.p99Ms])),
    caseReadP99Ms: measures.caseRead.p99Ms,
    dashboardP99Ms: measures.dashboard.p99Ms,
    caseListP99Ms: measures.caseList.p99Ms,
    myWorkP99Ms: measures.myWork.p99Ms,
    yearlyReportMs: measures.yearlyReport.p50Ms,
    ...extra,
    details: measures,
  };
}

interface Target {
  label: string;
  text: string;
  value(size: SizeReport): { value: number | null; atLeast?: number; unit: string };
  /** Below the limit is good (`max`), or at or above it (`min`). */
  kind: 'max' | 'min';
  limit: number;
}

const sampledValue = (sampled: Sampled, value: number | null) => ({
  value,
  unit: 'ms',
  ...(sampled.timedOutAfterMs !== undefined ? { atLeast: sampled.timedOutAfterMs } : {}),
});
const loadValue = (load: LoadFigures) => ({
  value: load.p99Ms,
  unit: 'ms',
  ...(load.p99Ms === null ? { atLeast: load.seconds * 1000 } : {}),
});

export const TARGETS: Target[] = [
  {
    label: 'transition p99, 16 connections',
    text: '< 50 ms',
    kind: 'max',
    limit: 50,
    value: (s) => loadValue(s.details.transitions['16']!),
  },
  {
    label: 'engine / floor rate, 16 conn (ratio16)',
    text: '>= 0.9',
    kind: 'min',
    limit: 0.9,
    value: (s) => ({ value: s.ratio16, unit: '' }),
  },
  { label: 'GET /api/cases/:id p99, 16 conn', text: '< 30 ms', kind: 'max', limit: 30, value: (s) => loadValue(s.details.caseRead) },
  {
    label: 'deadline dashboard p99',
    text: '< 200 ms',
    kind: 'max',
    limit: 200,
    value: (s) => sampledValue(s.details.dashboard, s.dashboardP99Ms),
  },
  { label: 'case list p99', text: '< 200 ms', kind: 'max', limit: 200, value: (s) => sampledValue(s.details.caseList, s.caseListP99Ms) },
  { label: 'My work page p99', text: '< 200 ms', kind: 'max', limit: 200, value: (s) => sampledValue(s.details.myWork, s.myWorkP99Ms) },
  { label: 'yearly report', text: '< 1 s', kind: 'max', limit: 1000, value: (s) => sampledValue(s.details.yearlyReport, s.yearlyReportMs) },
  { label: 'service peak RSS (VmHWM)', text: '< 200 MB', kind: 'max', limit: 200, value: (s) => ({ value: s.serviceRssMb, unit: 'MB' }) },
];

const number = (value: number, unit: string) =>
  `${value >= 100 ? Math.round(value).toLocaleString('en-GB') : String(value)}${unit ? ` ${unit}` : ''}`;

/** `38 ms met`, `1,012 ms MISSED by 962 ms (20×)`, `over 60 s MISSED (more than 300×)`. */
export function verdict(target: Target, size: SizeReport | undefined): string {
  if (!size) return 'not measured';
  const { value, atLeast, unit } = target.value(size);
  if (value === null) {
    if (atLeast === undefined) return 'no figure';
    return `over ${number(atLeast, unit)} MISSED (more than ${Math.floor(atLeast / target.limit)}×)`;
  }
  const met = target.kind === 'max' ? value < target.limit : value >= target.limit;
  if (met) return `${number(value, unit)} met`;
  const by = Math.abs(value - target.limit);
  const factor = target.kind === 'max' ? value / target.limit : target.limit / Math.max(value, 1e-9);
  return `${number(value, unit)} MISSED by ${number(Math.round(by * 100) / 100, unit)}${factor >= 2 ? ` (${factor >= 10 ? Math.round(factor) : factor.toFixed(1)}×)` : ''}`;
}

export function printReport(report: BenchReport, say: (text: string) => void): void {
  const sizes: SizeLabel[] = ['partnership2k', 'region100k'];
  const rows: string[][] = [['measure', 'target', ...sizes]];
  for (const target of TARGETS) rows.push([target.label, target.text, ...sizes.map((label) => verdict(target, report[label]))]);
  const info = (label: string, cell: (size: SizeReport) => string) =>
    rows.push([label, '', ...sizes.map((name) => (report[name] ? cell(report[name]!) : ''))]);
  const ms = (value: number | null) => (value === null ? 'none' : `${number(value, '')}`);
  info('transitions/s at 1 / 16 / 64 conn', (s) => ['1', '16', '64'].map((c) => s.details.transitions[c]!.rps).join(' / '));
  const p99 = (load: LoadFigures) =>
    load.p99Ms !== null ? ms(load.p99Ms) : load.skipped ? 'not run' : `>${number(load.seconds * 1000, '')}`;
  info('transition p99 ms at 1 / 16 / 64 conn', (s) => ['1', '16', '64'].map((c) => p99(s.details.transitions[c]!)).join(' / '));
  info('floor p99 ms at 1 / 16 / 64 conn', (s) => ['1', '16', '64'].map((c) => p99(s.details.floor[c]!)).join(' / '));
  info('floor writes/s at 1 / 16 / 64 conn', (s) => ['1', '16', '64'].map((c) => s.details.floor[c]!.rps).join(' / '));
  info('GET /api/cases/:id per s, 16 conn', (s) => String(s.details.caseRead.rps));
  info('samples: dashboard / list / My work / report', (s) =>
    [s.details.dashboard, s.details.caseList, s.details.myWork, s.details.yearlyReport].map((x) => x.samples.length).join(' / '),
  );
  info('service start-up s (each start)', (s) => s.serviceStartSeconds.join(', '));
  info(
    'cases (measured partnership / database)',
    (s) => `${s.cases.toLocaleString('en-GB')} / ${s.casesInDatabase.toLocaleString('en-GB')}`,
  );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  say('');
  say(line(rows[0]!));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) say(line(row));
  say('');
  for (const note of report.meta.notes) say(`note: ${note}`);
}
