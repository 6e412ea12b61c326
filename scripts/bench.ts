/**
 * `npm run bench [-- --quick] [--seconds N] [--request-timeout S] [--profile]`: the engine at the sizes real users have.
 *
 * Sizes (each a database grown from the last, so 2,000 cases are measured before 98,000 more are added):
 *   partnership2k  one partnership with 2,000 cases: 20 years of a large partnership, most closed,
 *                  about 5 % open with their clocks (some overdue), agencies asked for information,
 *                  rapid-review recommendations and learning actions;
 *   region100k     50 such partnerships (100,000 cases), measured for one of them.
 * The cases are clones of real ones made through the case and action services (scripts/bench/fixtures.ts).
 *
 * The harness provisions the database as `npm start` would (MONGODB_URI, else an embedded server
 * in .bench/run-<pid>), seeds it, and runs the service as a child process the way `npm start` does
 * (compiled, `node dist/src/main.js`, MONGODB_URI pointing at that database), so the service's
 * memory is its own. At each size it measures (scripts/bench/measure-size.ts):
 *   transitions over HTTP at 1, 16 and 64 connections (p50, p99, rate); the storage floor, the same
 *   compare-and-set through the driver, and ratio16 = engine rate / floor rate at 16 connections;
 *   GET /api/cases/:id p99 at 16 connections; one request at a time as the business unit of one
 *   partnership: the deadline dashboard, the case list and the web My work page (p99 of up to 30),
 *   and the yearly report (median of up to 3); and the service's peak RSS (VmHWM).
 * Figures only, never assertions. Prints a table against the targets and writes .bench/latest.json
 * (its shape: scripts/bench/report.ts). Every wait has a deadline; Ctrl-C stops the service and
 * the database. `--quick`: partnership2k only, shorter runs and caps (a smoke run). `--profile`: the
 * service runs with `node --cpu-prof` (profiles in .bench/profile; summarise them with
 * `npx tsx scripts/bench/profile-summary.ts .bench/profile/*.cpuprofile`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import winston from 'winston';
import { issueDevToken, MAX_DEV_TOKEN_TTL_SECONDS } from '../src/access/token-verifier.js';
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { connectDatabase, type DatabaseConnection } from '../src/database/connection.js';
import { provisionDatabase, type ProvisionedDatabase } from '../src/database/provision.js';
import { logger } from '../src/logging/logger.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { realClock, todayInEngland } from '../src/shared/system-clock.js';
import { formatSeconds, within } from './bench/deadline.js';
import {
  addPartnerships,
  BUSINESS_UNIT,
  cloner,
  describeShape,
  insertPools,
  makeTemplates,
  meanDocumentBytes,
  PARTNERSHIP,
  POOL_BUSINESS_UNIT,
  POOL_PARTNERSHIP,
  type Templates,
} from './bench/fixtures.js';
import { floorWrite } from './bench/floor.js';
import { measureSize } from './bench/measure-size.js';
import { type BenchReport, printReport, type SizeLabel, sizeReport, TARGETS } from './bench/report.js';
import { buildService, type ServiceChild, type ServiceCommand, startServiceChild } from './bench/service-process.js';
import { signInForWeb } from './bench/web-session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = path.join(ROOT, '.bench');

const args = process.argv.slice(2);
const numberOption = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const seconds = numberOption('seconds', quick ? 4 : 10);
const requestTimeoutMs = numberOption('request-timeout', quick ? 30 : 45) * 1000;
const PER_PARTNERSHIP = 2_000;
const REGION_PARTNERSHIPS = 50;
/** Cases per transition pool: more than twice the largest connection count, so no connection waits for a case. */
const POOL = 200;

async function main(): Promise<number> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const startedAt = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const notes: string[] = [];
  const dataDir = path.join(BENCH_DIR, `run-${process.pid}`);
  const usingUri = Boolean(process.env['MONGODB_URI']);
  let config;
  try {
    config = loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_NAME: usingUri ? `bench_${process.pid}` : 'bench',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  // The harness's own log lines (provisioning) go to a file, not over the table.
  const harnessLog = path.join(BENCH_DIR, 'harness.log');
  const serviceLog = path.join(BENCH_DIR, 'service.log');
  for (const file of [harnessLog, serviceLog]) fs.rmSync(file, { force: true });
  logger.clear().add(new winston.transports.File({ filename: harnessLog }));
  logger.level = 'info';
  say(
    `npm run bench${quick ? ' -- --quick' : ''}: ${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(1)}, ${seconds} s per load run, ` +
      `requests given ${formatSeconds(requestTimeoutMs)}; sizes ${quick ? 'partnership2k' : 'partnership2k, region100k'}; service log ${path.relative(ROOT, serviceLog)}`,
  );

  let provisioned: ProvisionedDatabase | undefined;
  let database: DatabaseConnection | undefined;
  let service: ServiceChild | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await service?.stop().catch((error: unknown) => process.stderr.write(`${(error as Error).message}\n`));
      if (database) {
        if (usingUri)
          await within('the benchmark database to be dropped', 120_000, database.connection.dropDatabase()).catch(() => undefined);
        await within('the harness connection to close', 30_000, database.close()).catch(() => undefined);
      }
      await within('the database server to stop', 30_000, provisioned?.stop() ?? Promise.resolve()).catch((error: unknown) =>
        process.stderr.write(`${(error as Error).message}\n`),
      );
      if (!process.env['BENCH_KEEP_DATA']) fs.rmSync(dataDir, { recursive: true, force: true });
    })());
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping the service and the database\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    // --profile: the service writes a V8 CPU profile when it stops (one per service process).
    const profileDir = path.join(BENCH_DIR, 'profile');
    if (profile) fs.rmSync(profileDir, { recursive: true, force: true });
    const command: ServiceCommand = buildService(ROOT, 300_000, profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    if (command.note) notes.push(command.note);
    say(`service: ${command.how}`);
    provisioned = await within(
      'the database to be provisioned (building FerretDB on first use takes minutes)',
      20 * 60_000,
      provisionDatabase(config, logger),
    );
    database = await within('a connection to the database', 60_000, connectDatabase(provisioned.uri, config.DATABASE_NAME, 60_000));
    say(`database: ${provisioned.provider} (${provisioned.origin}), database name ${config.DATABASE_NAME}`);
    const connection = database.connection;
    const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
    const templates = await within(
      'the template cases to be made through the services',
      15 * 60_000,
      makeTemplates(connection, calendar, config.DEADLINE_WARNING_WORKING_DAYS),
    );
    say(
      `templates: ${templates.open.length} open and ${templates.closed.length} closed cases of the demo year ` +
        `(mean ${meanDocumentBytes([...templates.open, ...templates.closed]).toLocaleString('en-GB')} bytes of JSON), a new case for the transition pools, a recommendation and 2 actions`,
    );

    const ttl = MAX_DEV_TOKEN_TTL_SECONDS;
    const apiToken = await issueDevToken(config, { sub: BUSINESS_UNIT, role: 'business-unit', partnership: PARTNERSHIP }, ttl);
    const poolToken = await issueDevToken(config, { sub: POOL_BUSINESS_UNIT, role: 'business-unit', partnership: POOL_PARTNERSHIP }, ttl);
    const poolTemplate = cloner(templates.fresh)(0, POOL_PARTNERSHIP) as unknown as Templates['fresh'];
    const workflow = (await createPartnershipDirectory(connection, calendar).get(POOL_PARTNERSHIP))!.workflow;
    const write = floorWrite(poolTemplate, workflow);

    const serviceEnv: Record<string, string> = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      // The web-session scenario signs in through the password-less development sign-in (opt-in).
      DEV_SIGN_IN: 'true',
      // The bench measures throughput from one address: no rate limits.
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_USER: '0',
      RATE_LIMIT_SIGN_IN_PER_IP: '0',
      RATE_LIMIT_STRICT: '0',
      MONGODB_URI: provisioned.uri,
      DATABASE_NAME: config.DATABASE_NAME,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // A database call may take a minute here (the default is 2 s) so that slow partnership-wide
      // reads are timed rather than cut off with a 503.
      DB_TIMEOUT_MS: '60000',
      SWEEP_INTERVAL_MS: '0',
      REMINDER_INTERVAL_MS: '0',
      SHUTDOWN_DELAY_MS: '0',
      SHUTDOWN_GRACE_MS: '5000',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    };
    let peak = 0;
    // On FerretDB the service's start-up reads every case (counts, missing summaries), so a large database takes minutes.
    const readyTimeoutMs = 360_000;
    let startSeconds: number[] = [];
    const startService = async () => {
      service = await startServiceChild({ root: ROOT, command, env: serviceEnv, logFile: serviceLog, readyTimeoutMs });
      startSeconds.push(Math.round(service.startMs / 100) / 10);
    };
    const stopService = async () => {
      peak = Math.max(peak, service?.peakRssMb() ?? 0);
      await service?.stop();
      service = undefined;
    };

    const report: BenchReport = { meta: { notes } };
    const sizes: { label: SizeLabel; partnerships: number }[] = [
      { label: 'partnership2k', partnerships: 1 },
      ...(quick ? [] : [{ label: 'region100k' as const, partnerships: REGION_PARTNERSHIPS }]),
    ];
    let seeded = 0;
    let readIds: string[] = [];
    let casesInDatabase = 0;
    const seed = async (ids: { id: string; prefix: string }[]) => {
      const grown = await within(
        `${ids.length} partnership(s) to be seeded`,
        60 * 60_000,
        addPartnerships(connection, templates, ids, PER_PARTNERSHIP),
      );
      // Fresh pools, inserted last, as the newest cases of a busy database are.
      const pools = await within('the transition pools to be inserted', 10 * 60_000, insertPools(connection, poolTemplate, POOL));
      // Counted here rather than asked of the database: FerretDB answers a count by reading every case.
      casesInDatabase += grown.cases + pools.engine.length + pools.floor.length;
      return { grown, pools, casesInDatabase };
    };
    for (const size of sizes) {
      const ids = Array.from({ length: size.partnerships - seeded }, (_, i) => {
        const n = seeded + i + 1;
        return n === 1
          ? { id: PARTNERSHIP, prefix: 'DEMO' }
          : { id: `p${String(n).padStart(2, '0')}`, prefix: `P${String(n).padStart(2, '0')}` };
      });
      let seededSize;
      try {
        seededSize = await seed(ids);
      } catch (error) {
        // A size that cannot be seeded ends the run; the sizes already measured are still reported.
        notes.push(`${size.label} not measured: seeding failed: ${(error as Error).message}`);
        say(`  ${size.label} not measured: seeding failed: ${(error as Error).message}`);
        break;
      }
      const { grown, pools } = seededSize;
      seeded = size.partnerships;
      if (grown.first && readIds.length === 0) readIds = grown.first.ids;
      say(
        `${size.label}: ${grown.cases.toLocaleString('en-GB')} cases seeded in ${grown.seconds.toFixed(0)} s (${Math.round(grown.cases / Math.max(grown.seconds, 0.001))}/s); ${casesInDatabase.toLocaleString('en-GB')} cases in the database`,
      );
      if (grown.first && size.label === 'partnership2k') say(`  the measured partnership: ${describeShape(grown.first)}`);

      peak = 0;
      startSeconds = [];
      try {
        await within('the service to start', readyTimeoutMs + 20_000, startService());
        say(`  service ready in ${startSeconds[0]} s`);
        const webCookie = await signInForWeb(service!.url, PARTNERSHIP, BUSINESS_UNIT, requestTimeoutMs);
        const measures = await measureSize({
          label: size.label,
          connection,
          uri: provisioned.uri,
          dbName: config.DATABASE_NAME,
          url: () => service!.url,
          // A fresh service, so the next figure is not measured behind a timed-out request's leftover work;
          // unless starting takes long (a large database on FerretDB), when the run goes on and says so.
          peakRssMb: () => service?.peakRssMb(),
          restart: async (reason) => {
            if (startSeconds[0]! > 60) {
              notes.push(
                `${size.label}: ${reason}; the service was not restarted (it took ${startSeconds[0]} s to start), so the figures after it may include its leftover work`,
              );
              return;
            }
            notes.push(`${size.label}: the service was restarted because ${reason}`);
            await stopService();
            await startService();
          },
          apiToken,
          poolToken,
          webCookie,
          pools: { ...pools, version: poolTemplate.version },
          floorWrite: write,
          readIds,
          reportYear: previousReportingYear(),
          seconds,
          warmupSeconds: Math.min(3, seconds),
          requestTimeoutMs,
          settleMs: quick ? 20_000 : 45_000,
          reads: { maxSamples: 30, maxSeconds: quick ? 10 : 30, requestTimeoutMs },
          yearly: { maxSamples: 3, maxSeconds: quick ? 10 : 30, requestTimeoutMs: requestTimeoutMs * 2 },
          say,
          notes,
        });
        await stopService();
        report[size.label] = sizeReport(measures, {
          serviceRssMb: peak || null,
          cases: PER_PARTNERSHIP,
          casesInDatabase,
          partnerships: size.partnerships,
          seedSeconds: Math.round(grown.seconds),
          serviceStartSeconds: startSeconds,
        });
        say(`  service peak RSS (VmHWM): ${peak || 'unknown'} MB`);
      } catch (error) {
        // One size that cannot be measured (the service would not start, say) still leaves the others' figures.
        notes.push(`${size.label} not measured: ${(error as Error).message}`);
        say(`  ${size.label} not measured: ${(error as Error).message}`);
        await stopService().catch(() => undefined);
      }
    }

    report.meta = {
      mode: quick ? 'quick' : 'default',
      generatedAt: new Date().toISOString(),
      cpuCount: os.cpus().length,
      loadAverageAtStart: Math.round(loadAtStart * 10) / 10,
      loadAverageAtEnd: Math.round(os.loadavg()[0]! * 10) / 10,
      database: provisioned.provider,
      service: command.how,
      secondsPerLoadRun: seconds,
      requestTimeoutMs,
      loadGenerator: 'autocannon 9 in a child process; each transition one event on a pool case no other connection holds',
      measuredPartnership: PARTNERSHIP,
      reportYear: previousReportingYear(),
      targets: Object.fromEntries(TARGETS.map((target) => [target.label, target.text])),
      totalSeconds: Math.round((Date.now() - startedAt) / 1000),
      notes,
    };
    // An interrupted run leaves the last complete run's latest.json alone.
    if (interrupted) return 130;
    printReport(report, say);
    const { partnership2k, region100k, meta } = report;
    fs.writeFileSync(path.join(BENCH_DIR, 'latest.json'), `${JSON.stringify({ partnership2k, region100k, meta }, null, 2)}\n`);
    say(`wrote .bench/latest.json (${report.meta['totalSeconds']} s in all)`);
    return 0;
  } finally {
    await stopAll();
  }
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
