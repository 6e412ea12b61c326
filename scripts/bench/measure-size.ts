/**
 * Everything measured at one size, against the running service child:
 *   transitions over HTTP at 1, 16 and 64 connections (on the pool partnership's cases), the
 *   storage floor at the same concurrency, GET /api/cases/:id at 16 connections (on the measured
 *   partnership's cases), then one request at a time as the measured partnership's business unit:
 *   the deadline dashboard, the case list, the web My work page and the yearly report.
 * Every load run has a length and a deadline for its stragglers; every sampled loop a cap on time.
 * A request that outlives its deadline restarts the service, so the next figure is not measured
 * behind its leftover work.
 */
import type mongoose from 'mongoose';
import { formatSeconds, within } from './deadline.js';
import { type FloorWrite, runFloor } from './floor.js';
import { type LoadResult, type PoolCase, runLoad } from './http-load.js';
import { describeSampled, type SampleLimits, type Sampled, sampleGet } from './sampling.js';
import { round } from './stats.js';

export const CONNECTIONS = [1, 16, 64] as const;

export interface SizeContext {
  label: string;
  connection: mongoose.Connection;
  uri: string;
  dbName: string;
  /** The service's address now (it changes when the service is restarted). */
  url(): string;
  restart(reason: string): Promise<void>;
  /** The service's peak RSS so far (VmHWM, MB). */
  peakRssMb(): number | undefined;
  apiToken: string;
  poolToken: string;
  webCookie: string;
  pools: { engine: string[]; floor: string[]; version: number };
  floorWrite: FloorWrite;
  /** Case ids of the measured partnership, for GET /api/cases/:id. */
  readIds: string[];
  reportYear: number;
  seconds: number;
  warmupSeconds: number;
  requestTimeoutMs: number;
  /** How long to wait for the writes a run left queued before the next run starts anyway. */
  settleMs: number;
  reads: SampleLimits;
  yearly: SampleLimits;
  say(text: string): void;
  notes: string[];
}

export interface LoadFigures {
  /** How long the run lasted. */
  seconds: number;
  rps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  /** Why the run was not made. */
  skipped?: string;
}

export interface SizeMeasures {
  transitions: Record<string, LoadFigures>;
  floor: Record<string, LoadFigures>;
  caseRead: LoadFigures;
  dashboard: Sampled;
  caseList: Sampled;
  myWork: Sampled;
  yearlyReport: Sampled;
  /** The service's VmHWM after each step (MB): which step raised the peak. */
  peakRssMbAfter: Record<string, number | undefined>;
}

export async function measureSize(ctx: SizeContext): Promise<SizeMeasures> {
  const { say } = ctx;
  const peakRssMbAfter: Record<string, number | undefined> = { start: ctx.peakRssMb() };
  const cases = ctx.connection.collection('cases');
  const timeoutSeconds = Math.ceil(ctx.requestTimeoutMs / 1000);

  // Writes the last run left queued in the database are done once a write of our own comes back
  // (on a database that serialises compare-and-set writes, as our FerretDB build does).
  const settle = async (after: string) => {
    const started = Date.now();
    await within(
      `the database to finish the writes queued by ${after}`,
      ctx.settleMs,
      cases.findOneAndUpdate({ _id: ctx.pools.floor[0] } as never, { $set: { benchProbedAt: new Date() } }),
    ).catch((error: unknown) => {
      ctx.notes.push(`${ctx.label}: ${(error as Error).message}; the next run started with that backlog`);
    });
    const waited = (Date.now() - started) / 1000;
    if (waited > 2) say(`  (waited ${waited.toFixed(0)} s for the database to finish the writes queued by ${after})`);
  };
  /** Runs at 1, 16 and 64 connections; once a run gets no answer at all, the busier ones are not run (they could only be slower). */
  const series = async (what: string, run: (connections: number, seconds: number) => Promise<LoadFigures>) => {
    await run(1, ctx.warmupSeconds);
    const results: Record<string, LoadFigures> = {};
    let unanswered: number | undefined;
    for (const connections of CONNECTIONS) {
      if (unanswered !== undefined) {
        results[connections] = {
          seconds: 0,
          rps: 0,
          p50Ms: null,
          p99Ms: null,
          requests: 0,
          statuses: {},
          errors: 0,
          skipped: `not run: nothing answered at ${unanswered} connection${unanswered === 1 ? '' : 's'}`,
        };
        say(`  ${what}, ${connections} connections: ${results[connections]!.skipped}`);
        continue;
      }
      results[connections] = await run(connections, ctx.seconds);
      say(`  ${what}, ${connections} connection${connections === 1 ? '' : 's'}: ${describe(results[connections]!)}`);
      if (results[connections]!.requests === 0) unanswered = connections;
    }
    return results;
  };

  // 1. Transitions over HTTP. Cases in flight at a run's end are dropped from the pool (their version is not known).
  let engine: PoolCase[] = ctx.pools.engine.map((id) => ({ id, version: ctx.pools.version, events: 0 }));
  const transitions = await series('transitions', async (connections, seconds) => {
    const result = await runLoad({
      kind: 'transition',
      url: ctx.url(),
      token: ctx.poolToken,
      connections,
      seconds,
      cases: engine,
      timeoutSeconds,
    });
    engine = (result.cases ?? []).map((item) => ({ ...item, events: 0 }));
    await settle(`transitions at ${connections} connection${connections === 1 ? '' : 's'}`);
    return figures(result);
  });
  peakRssMbAfter['transitions'] = ctx.peakRssMb();

  // 2. The storage floor: the same compare-and-set through the driver.
  let floorPool: PoolCase[] = ctx.pools.floor.map((id) => ({ id, version: ctx.pools.version, events: 0 }));
  const floor = await series('floor', async (connections, seconds) => {
    const result = await runFloor(ctx.uri, ctx.dbName, floorPool, ctx.floorWrite, connections, seconds, timeoutSeconds);
    ctx.notes.push(...result.notes.map((note) => `${ctx.label}: ${note}`));
    floorPool = result.cases;
    if (result.notes.length) await settle(`the floor at ${connections} connections`);
    return figures(result);
  });

  // 3. GET /api/cases/:id at 16 connections.
  const readPool = ctx.readIds.map((id) => ({ id, version: 0, events: 0 }));
  const caseRead = figures(
    await runLoad({
      kind: 'read',
      url: ctx.url(),
      token: ctx.apiToken,
      connections: 16,
      seconds: ctx.seconds,
      cases: readPool,
      timeoutSeconds,
    }),
  );
  say(`  GET /api/cases/:id, 16 connections: ${describe(caseRead)}`);
  peakRssMbAfter['caseRead'] = ctx.peakRssMb();

  // 4. One request at a time, as the partnership's business unit.
  const bearer = { Authorization: `Bearer ${ctx.apiToken}` };
  const sampled = async (key: string, name: string, path: string, headers: Record<string, string>, limits: SampleLimits) => {
    const result = await sampleGet(ctx.url(), path, headers, limits);
    say(`  ${name}: ${describeSampled(result)}`);
    peakRssMbAfter[key] = ctx.peakRssMb();
    if (result.timedOutAfterMs !== undefined) await ctx.restart(`${name} got no answer within ${formatSeconds(result.timedOutAfterMs)}`);
    return result;
  };
  const dashboard = await sampled('dashboard', 'deadline dashboard (GET /api/deadlines)', '/api/deadlines', bearer, ctx.reads);
  const caseList = await sampled('caseList', 'case list (GET /api/cases)', '/api/cases', bearer, ctx.reads);
  const myWork = await sampled('myWork', 'My work (GET /my-work)', '/my-work', { Cookie: ctx.webCookie }, ctx.reads);
  const yearlyReport = await sampled(
    'yearlyReport',
    `yearly report ${ctx.reportYear}/${String(ctx.reportYear + 1).slice(2)} (GET /api/reports/yearly)`,
    `/api/reports/yearly?year=${ctx.reportYear}`,
    bearer,
    ctx.yearly,
  );
  return { transitions, floor, caseRead, dashboard, caseList, myWork, yearlyReport, peakRssMbAfter };
}

function figures(result: LoadResult): LoadFigures {
  const answered = result.requests > 0;
  return {
    seconds: round(result.seconds, 1),
    rps: round(result.rps, 1),
    p50Ms: answered ? round(result.p50Ms) : null,
    p99Ms: answered ? round(result.p99Ms) : null,
    requests: result.requests,
    statuses: result.statuses,
    errors: result.errors,
  };
}

function describe(result: LoadFigures): string {
  const other = Object.entries(result.statuses).filter(([code]) => !code.startsWith('2') && code !== 'applied');
  const extra = [...other.map(([code, count]) => `${count} × ${code}`), ...(result.errors ? [`${result.errors} errors`] : [])];
  const latency = result.p99Ms === null ? 'no answer within the run' : `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`;
  return `${result.rps}/s, ${latency} (${result.requests} answered${extra.length ? `; ${extra.join(', ')}` : ''})`;
}
