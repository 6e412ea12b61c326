/**
 * `npm run bench [-- --quick | --full] [-- --seconds N]`: the engine against the storage floor, in one run.
 *
 * Provisions its own database exactly as `npm start` does (MONGODB_URI, else an embedded server
 * in a temporary DATA_DIR under .bench/), starts the real service in this process (startService
 * with createApi) on a free port, seeds synthetic cases with a progress bar, then measures:
 *   1. transitions over HTTP (autocannon, in a worker thread) at 1, 16 and 64 connections;
 *   2. the storage floor: the same compare-and-set straight through the driver, same concurrency;
 *   3. reads: GET /api/cases/:id;
 *   4. the deadline dashboard (GET /api/deadlines) at 10,000 and 100,000 cases (1,000,000 with --full);
 *   5. the yearly report (GET /api/reports/yearly) at 100,000 cases;
 *   6. peak RSS of this process (the service and the load generator).
 * Prints a table and writes .bench/latest.json. `--quick`: 10,000 cases only. Figures, never assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import winston from 'winston';
import { issueDevToken } from '../src/access/token-verifier.js';
import { createApi } from '../src/api.js';
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { logger } from '../src/logging/logger.js';
import { type RunningService, startService } from '../src/service.js';
import { realClock, todayInEngland } from '../src/shared/system-clock.js';
import { commandTimer, type CommandTimes } from './bench/db-timing.js';
import { BUSINESS_UNIT, growTo, insertPools, makeTemplates, meanDocumentBytes, PARTNERSHIP } from './bench/fixtures.js';
import { floorWrite, runFloor } from './bench/floor.js';
import { inFlight, type LoadResult, type PoolCase, runLoad } from './bench/http-load.js';
import { highWaterMarkMb, rssSampler } from './bench/memory.js';
import { printReport, type BenchReport } from './bench/report.js';
import { percentile, round, timeSequential } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = path.join(ROOT, '.bench');

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const numberOption = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};
const quick = flag('quick');
const full = flag('full');
const seconds = numberOption('seconds', quick ? 6 : 12);
const sizes = quick ? [10_000] : full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const CONNECTIONS = [1, 16, 64] as const;
/** Cases per pool: more than twice the largest connection count, so no connection waits for a case. */
const POOL = numberOption('pool', 150);
/** Time the whole run may take before larger case counts are skipped (their cost is estimated instead). */
const budgetSeconds = numberOption('budget-minutes', quick ? 3 : full ? 240 : 30) * 60;

async function main(): Promise<number> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const dataDir = path.join(BENCH_DIR, `run-${process.pid}`);
  const usingUri = Boolean(process.env['MONGODB_URI']);
  let config;
  try {
    config = loadConfig({
      // A database call may take a minute here (default 2 s, and 10 s for a socket) so that slow
      // partnership-wide queries are timed rather than cut off with a 503. Set DB_TIMEOUT_MS to change it.
      DB_TIMEOUT_MS: '60000',
      ...process.env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_NAME: usingUri ? `bench_${process.pid}` : 'bench',
      SWEEP_INTERVAL_MS: '0',
      REMINDER_INTERVAL_MS: '0',
    });
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  // The service logs as in production (info: one line per transition), to a file rather than over the table.
  const logFile = path.join(BENCH_DIR, 'service.log');
  fs.rmSync(logFile, { force: true });
  logger.clear().add(new winston.transports.File({ filename: logFile }));
  logger.level = 'info';

  const startedAt = Date.now();
  const elapsed = () => (Date.now() - startedAt) / 1000;
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const notes: string[] = [];
  say(
    `npm run bench${quick ? ' -- --quick' : full ? ' -- --full' : ''}: ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}, ` +
      `${seconds} s per load run, case counts ${sizes.map((n) => n.toLocaleString('en-GB')).join(', ')}, DB_TIMEOUT_MS ${config.DB_TIMEOUT_MS}`,
  );

  let service: RunningService | undefined;
  const memory = rssSampler();
  const stopAll = async () => {
    memory.stop();
    if (service) {
      if (usingUri) await service.database.connection.dropDatabase().catch(() => undefined);
      await service.stop();
      service = undefined;
    }
    if (!process.env['BENCH_KEEP_DATA']) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: stopping the service and its database\n');
    void stopAll().finally(() => process.exit(130));
  });

  try {
    service = await startService(config, createApi);
    say(`service ${service.url}; database ${service.provisioned.provider} (${service.provisioned.origin})`);
    const connection = service.database.connection;
    const cases = connection.collection('cases');
    const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);

    const templates = await makeTemplates(connection, calendar, config.DEADLINE_WARNING_WORKING_DAYS);
    const workflow = (await createPartnershipDirectory(connection, calendar).get(PARTNERSHIP))!.workflow;
    const pools = await insertPools(connection, templates.open, POOL);
    const enginePool: PoolCase[] = pools.engine.map((id) => ({ id, version: templates.open.version, events: 0 }));
    let floorPool: PoolCase[] = pools.floor.map((id) => ({ id, version: templates.open.version, events: 0 }));
    const writeCases = await cases.estimatedDocumentCount();
    say(
      `templates: ${templates.year.length} real cases (mean ${meanDocumentBytes(templates.year).toLocaleString('en-GB')} bytes of JSON) and an open case ` +
        `(${meanDocumentBytes([templates.open]).toLocaleString('en-GB')} bytes), cloned into pools of ${POOL} cases for the engine and for the floor: ${writeCases} cases`,
    );

    const token = await issueDevToken(config, { sub: BUSINESS_UNIT, role: 'business-unit', partnership: PARTNERSHIP });
    const url = service.url.replace('localhost', '127.0.0.1');

    // 1. Transitions over HTTP, on the pools (the collection holds only them and the templates).
    const busy = inFlight(service.http.server);
    const settle = async () => {
      const waited = await busy.settle();
      if (waited > 1) say(`  (waited ${waited.toFixed(0)} s for the service to finish requests sent before the run's deadline)`);
    };
    let pool = enginePool;
    const load = async (connections: number, runSeconds: number, afterSettle?: () => void) => {
      const result = await runLoad({ kind: 'transition', url, token, connections, seconds: runSeconds, cases: pool, timeoutSeconds: 300 });
      await settle();
      afterSettle?.();
      // Cases in flight at the deadline come back without a known version: read every version again.
      pool = await Promise.all(
        enginePool.map(async ({ id }) => {
          const stored = await cases.findOne({ _id: id } as never, { projection: { version: 1 } });
          return { id, version: stored!['version'] as number, events: 0 };
        }),
      );
      return result;
    };
    say(`transitions and the floor at ${writeCases.toLocaleString('en-GB')} cases:`);
    await load(16, Math.min(3, seconds));
    const transitions: Record<number, LoadResult> = {};
    for (const connections of CONNECTIONS) {
      transitions[connections] = await load(connections, seconds);
      say(`  transitions, ${connections} connections: ${describe(transitions[connections]!)}`);
    }

    // Where the time goes at 16 connections: database commands per request, as the driver timed them.
    const timer = commandTimer();
    const servedBefore = busy.served;
    timer.start();
    let times: CommandTimes = {};
    let busyServed = 0;
    const breakdownRun = await load(16, Math.min(5, seconds), () => {
      times = timer.stop();
      busyServed = busy.served - servedBefore;
    });
    const breakdown = summariseCommands(times, breakdownRun, busyServed);
    say(`  breakdown at 16 connections: ${breakdown.text}`);

    // 2. The storage floor.
    const write = floorWrite(templates.open, workflow);
    const uri = service.provisioned.uri;
    const floorRun = async (connections: number, runSeconds: number) => {
      const result = await runFloor(uri, config.DATABASE_NAME, floorPool, write, connections, runSeconds);
      floorPool = result.cases;
      return result;
    };
    await floorRun(16, Math.min(3, seconds));
    const floor: Record<number, LoadResult> = {};
    for (const connections of CONNECTIONS) {
      floor[connections] = await floorRun(connections, seconds);
      say(`  floor, ${connections} connections: ${describe(floor[connections]!)}`);
    }

    // 3. Reads.
    const reads = await runLoad({ kind: 'read', url, token, connections: 16, seconds, cases: enginePool, timeoutSeconds: 300 });
    await settle();
    say(`  reads (GET /api/cases/:id), 16 connections: ${describe(reads)}`);

    // 4 and 5. The dashboard, the yearly report and one-connection transitions at each case count.
    const get = async (pathAndQuery: string): Promise<number> => {
      const response = await fetch(`${url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(900_000) });
      await response.arrayBuffer();
      return response.status;
    };
    const timed = async (pathAndQuery: string, maxSamples: number, maxSeconds: number) => {
      const statuses: number[] = [];
      const samples = await timeSequential(async () => statuses.push(await get(pathAndQuery)), maxSamples, maxSeconds, 1);
      const failed = statuses.filter((status) => status !== 200);
      return { samples, failed };
    };
    const dashboard: BenchReport['dashboard'] = {};
    const yearlyBySize: BenchReport['yearlyBySize'] = {};
    const scaling: BenchReport['transitionScaling'] = [];
    const reportYear = previousReportingYear();
    let lastSize = 0;
    let insertRate = 0;
    for (const size of sizes) {
      if (lastSize > 0) {
        // Linear in the number of cases: seeding, one dashboard request, one report and one transition.
        const factor = size / lastSize;
        const last = dashboard[lastSize]!;
        const estimate = (size - lastSize) / insertRate + factor * ((last.p50Ms ?? 0) + (yearlyBySize[lastSize]?.medianMs ?? 0) + (scaling.at(-1)?.p50Ms1 ?? 0)) / 1000;
        if (elapsed() + estimate > budgetSeconds) {
          const note =
            `${size.toLocaleString('en-GB')} cases skipped: at the rate measured it would take about ${Math.round(estimate / 60)} min more ` +
            `(budget ${budgetSeconds / 60} min; --budget-minutes N to allow it). Cost per request grows linearly with the case count (see transitionScaling and dashboard).`;
          notes.push(note);
          say(`  ${note}`);
          dashboard[size] = { samples: 0, p50Ms: null, p99Ms: null, estimatedMs: Math.round((last.p50Ms ?? 0) * factor) };
          if (yearlyBySize[lastSize]) yearlyBySize[size] = { runs: [], medianMs: null, estimatedMs: Math.round(yearlyBySize[lastSize]!.medianMs! * factor) };
          break;
        }
      }
      const grown = await growTo(connection, templates.year, size);
      if (grown.inserted > 0) insertRate = grown.inserted / grown.seconds;
      say(`at ${size.toLocaleString('en-GB')} cases (${grown.inserted.toLocaleString('en-GB')} clones inserted in ${grown.seconds.toFixed(1)} s, ${Math.round(insertRate)}/s):`);
      const board = await timed('/api/deadlines', 30, quick ? 10 : 20);
      dashboard[size] = { samples: board.samples.length, p50Ms: round(percentile(board.samples, 0.5)), p99Ms: round(percentile(board.samples, 0.99)), ...(board.failed.length ? { failedStatuses: board.failed } : {}) };
      say(`  dashboard (GET /api/deadlines): p50 ${dashboard[size]!.p50Ms} ms, p99 ${dashboard[size]!.p99Ms} ms (${board.samples.length} requests one at a time${board.failed.length ? `; statuses ${board.failed.join(', ')}` : ''})`);
      if (!quick) {
        const report = await timed(`/api/reports/yearly?year=${reportYear}`, 3, 30);
        yearlyBySize[size] = { runs: report.samples.map((ms) => round(ms, 0)), medianMs: round(percentile(report.samples, 0.5), 0), ...(report.failed.length ? { failedStatuses: report.failed } : {}) };
        say(`  yearly report ${reportYear}/${String(reportYear + 1).slice(2)}: ${report.samples.map((ms) => `${Math.round(ms)} ms`).join(', ')}${report.failed.length ? ` (statuses ${report.failed.join(', ')})` : ''}`);
      }
      const one = await load(1, seconds);
      scaling.push({ cases: size, rps1: round(one.rps, 2), p50Ms1: round(one.p50Ms) });
      say(`  transitions, 1 connection: ${describe(one)}`);
      lastSize = size;
    }
    if (quick) notes.push('yearly report not measured: it is measured at 100,000 cases, and --quick stops at 10,000');

    const yearly = yearlyBySize[100_000] ?? null;
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      mode: quick ? 'quick' : full ? 'full' : 'default',
      cpuCount: os.cpus().length,
      loadAverageAtStart: round(os.loadavg()[0]!, 1),
      database: service.provisioned.provider,
      dbTimeoutMs: config.DB_TIMEOUT_MS,
      secondsPerRun: seconds,
      loadGenerator: 'autocannon 9 in a child process; each request one event on a case no other connection holds',
      transitionCases: writeCases,
      transitionRps: byConnections(transitions, (r) => round(r.rps)),
      transitionP50Ms: byConnections(transitions, (r) => round(r.p50Ms)),
      transitionP99Ms: byConnections(transitions, (r) => round(r.p99Ms)),
      transitionStatuses: byConnections(transitions, (r) => r.statuses),
      floorRps: byConnections(floor, (r) => round(r.rps)),
      floorP50Ms: byConnections(floor, (r) => round(r.p50Ms)),
      floorP99Ms: byConnections(floor, (r) => round(r.p99Ms)),
      ratio: byConnections(transitions, (r, c) => round(r.rps / Math.max(floor[c]!.rps, 1e-9), 2)),
      ratio16: round(transitions[16]!.rps / Math.max(floor[16]!.rps, 1e-9), 2),
      readRps: round(reads.rps),
      readP99Ms: round(reads.p99Ms),
      dashboardP99Ms: Object.fromEntries(Object.entries(dashboard).map(([size, value]) => [size, value.p99Ms])),
      dashboard,
      yearlyReportMs: yearly?.medianMs ?? null,
      yearlyBySize,
      peakRssMb: memory.peakMb(),
      vmHwmMb: highWaterMarkMb() ?? null,
      transitionScaling: scaling,
      breakdown16: breakdown.perRequest,
      notes,
      totalSeconds: round(elapsed(), 0),
    };
    printReport(report);
    fs.writeFileSync(path.join(BENCH_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    say(`wrote .bench/latest.json (${report.totalSeconds} s in all)`);
    return 0;
  } finally {
    await stopAll();
  }
}

function describe(result: LoadResult): string {
  const other = Object.entries(result.statuses).filter(([code]) => !code.startsWith('2') && code !== 'applied');
  const extra = [...other.map(([code, count]) => `${count} × ${code}`), ...(result.errors ? [`${result.errors} errors`] : [])];
  return `${result.rps.toFixed(1)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms (${result.ok} ok${extra.length ? `; ${extra.join(', ')}` : ''})`;
}

function byConnections<T>(results: Record<number, LoadResult>, value: (result: LoadResult, connections: number) => T): Record<string, T> {
  return Object.fromEntries(CONNECTIONS.map((connections) => [String(connections), value(results[connections]!, connections)]));
}

/** Driver calls per request the service answered in the window (its backlog included), and their mean time. */
function summariseCommands(commands: CommandTimes, run: LoadResult, served: number) {
  const requests = Math.max(served, 1);
  const perRequest = Object.fromEntries(
    Object.entries(commands).map(([name, { count, totalMs }]) => [name, { perRequest: round(count / requests, 2), meanMs: round(totalMs / Math.max(count, 1), 2) }]),
  );
  const dbMsPerRequest = Object.values(commands).reduce((sum, { totalMs }) => sum + totalMs, 0) / requests;
  const text =
    Object.entries(perRequest)
      .map(([name, { perRequest: n, meanMs }]) => `${name} ${n}×${meanMs} ms`)
      .join(', ') + `; ${dbMsPerRequest.toFixed(1)} ms in the driver per request (${requests} answered; client p50 ${run.p50Ms.toFixed(0)} ms)`;
  return { perRequest: { ...perRequest, driverMsPerRequest: round(dbMsPerRequest, 1), requestsAnswered: requests }, text };
}

/** The last complete reporting year (April to March) before today. */
function previousReportingYear(): number {
  const today = todayInEngland(realClock);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month >= 4 ? year - 1 : year - 2;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
});
