/** The benchmark's result (written to .bench/latest.json) and its table, with the targets. */
export interface BenchReport {
  generatedAt: string;
  mode: 'quick' | 'default' | 'full';
  cpuCount: number;
  /** One-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
  database: string;
  dbTimeoutMs: number;
  secondsPerRun: number;
  loadGenerator: string;
  /** Cases in the collection while transitions, the floor and reads were measured. */
  transitionCases: number;
  /** Keyed by connection count ("1", "16", "64"). */
  transitionRps: Record<string, number>;
  transitionP50Ms: Record<string, number>;
  transitionP99Ms: Record<string, number>;
  transitionStatuses: Record<string, Record<string, number>>;
  floorRps: Record<string, number>;
  floorP50Ms: Record<string, number>;
  floorP99Ms: Record<string, number>;
  ratio: Record<string, number>;
  ratio16: number;
  readRps: number;
  readP99Ms: number;
  /** Keyed by case count. */
  dashboardP99Ms: Record<string, number | null>;
  dashboard: Record<string, { samples: number; p50Ms: number | null; p99Ms: number | null; estimatedMs?: number; failedStatuses?: number[] }>;
  /** Median of up to 3 runs at 100,000 cases; null when not measured. */
  yearlyReportMs: number | null;
  yearlyBySize: Record<string, { runs: number[]; medianMs: number | null; estimatedMs?: number; failedStatuses?: number[] }>;
  peakRssMb: number;
  vmHwmMb: number | null;
  /** One-connection transitions at each case count: the write's cost as the collection grows. */
  transitionScaling: { cases: number; rps1: number; p50Ms1: number }[];
  breakdown16: Record<string, unknown>;
  notes: string[];
  totalSeconds: number;
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '  -' : ok ? ' met' : ' MISSED');

export function printReport(report: BenchReport): void {
  const rows: [string, string, string, string][] = [];
  const add = (what: string, value: string, target = '', met?: boolean) => rows.push([what, value, target, target ? mark(met) : '']);
  add('cases while measuring transitions', report.transitionCases.toLocaleString('en-GB'));
  for (const c of Object.keys(report.transitionRps)) {
    add(`transitions, ${c} conn: rps`, `${report.transitionRps[c]}`);
    add(`transitions, ${c} conn: p50 / p99 ms`, `${report.transitionP50Ms[c]} / ${report.transitionP99Ms[c]}`, c === '16' ? 'p99 < 50 ms' : '', c === '16' ? report.transitionP99Ms[c]! < 50 : undefined);
    add(`floor, ${c} conn: rps (p99 ms)`, `${report.floorRps[c]} (${report.floorP99Ms[c]})`);
    add(`engine / floor, ${c} conn`, `${report.ratio[c]}`, c === '16' ? '>= 0.5' : '', c === '16' ? report.ratio16 >= 0.5 : undefined);
  }
  add('reads GET /api/cases/:id, 16 conn: rps / p99 ms', `${report.readRps} / ${report.readP99Ms}`);
  for (const [size, entry] of Object.entries(report.dashboard)) {
    const value = entry.p99Ms === null ? `not measured (about ${entry.estimatedMs} ms estimated)` : `${entry.p99Ms} ms (${entry.samples} samples)`;
    const big = Number(size) >= 100_000;
    add(`dashboard p99 at ${Number(size).toLocaleString('en-GB')} cases`, value, big ? '< 50 ms' : '', big ? (entry.p99Ms ?? entry.estimatedMs ?? Infinity) < 50 : undefined);
  }
  for (const [size, entry] of Object.entries(report.yearlyBySize)) {
    const value = entry.medianMs === null ? `not measured (about ${entry.estimatedMs} ms estimated)` : `${entry.medianMs} ms (median of ${entry.runs.length})`;
    const big = Number(size) === 100_000;
    add(`yearly report at ${Number(size).toLocaleString('en-GB')} cases`, value, big ? '< 2 s' : '', big ? (entry.medianMs ?? entry.estimatedMs ?? Infinity) < 2000 : undefined);
  }
  if (!report.yearlyBySize['100000']) add('yearly report at 100,000 cases', 'not measured', '< 2 s', undefined);
  for (const entry of report.transitionScaling) add(`transitions, 1 conn, at ${entry.cases.toLocaleString('en-GB')} cases: rps (p50 ms)`, `${entry.rps1} (${entry.p50Ms1})`);
  add('peak RSS (sampled while measuring)', `${report.peakRssMb} MB`, '< 300 MB', report.peakRssMb < 300);
  if (report.vmHwmMb !== null) add('VmHWM (whole run, seeding included)', `${report.vmHwmMb} MB`);
  add('CPUs', String(report.cpuCount));
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['measure', 'value', 'target', ''][i]!.length));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`\n${line(['measure', 'value', 'target', ''])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(`\n(${report.database}, ${report.mode} run, ${report.secondsPerRun} s per load run, load average ${report.loadAverageAtStart} at the start; load: ${report.loadGenerator})\n`);
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
}
