/**
 * HTTP load with autocannon, run in a child process so the load generator has its own event loop
 * (it does not share an event loop with the harness) and its memory is not counted in the
 * service's RSS (the service is a child process of its own).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { within } from './deadline.js';

export interface PoolCase {
  id: string;
  version: number;
  /** Events this run has applied to the case (names the next agency asked, so each request is valid). */
  events: number;
}

export interface LoadSpec {
  kind: 'transition' | 'read' | 'get';
  url: string;
  token: string;
  connections: number;
  seconds: number;
  /** transition: the cases to send events to (each in flight on at most one connection); read: ids to GET. */
  cases?: PoolCase[];
  /** get: the path to GET. */
  path?: string;
  /** Per-request timeout. */
  timeoutSeconds?: number;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** transition: the pool with the versions it ended on. */
  cases?: PoolCase[];
}

/** Runs one load in a child process; gives up (and kills it) if it has not reported within the run's length plus the request timeout and a margin. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./http-load.worker.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<LoadResult>((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once('message', (message: LoadResult) => {
      result = message;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
    child.send(spec);
  });
  const limitMs = (spec.seconds + (spec.timeoutSeconds ?? 30) + 30) * 1000;
  try {
    return await within(`the load generator (${spec.kind}, ${spec.connections} connections, ${spec.seconds} s) to report`, limitMs, done);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
