/**
 * HTTP load with autocannon, run in a child process so the load generator has its own event loop
 * (it does not queue behind the service it measures, which runs in the bench's process) and its
 * memory is not counted in the service's RSS.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./http-load.worker.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once('message', (message: LoadResult) => {
      result = message;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
    child.send(spec);
  });
}

/**
 * Requests the service is still working on. A load run stops sending at its deadline, but on a slow
 * database the service may still hold queued requests: the next run waits for them, so no run
 * measures the previous one's backlog.
 */
export function inFlight(server: import('node:http').Server) {
  let count = 0;
  let served = 0;
  server.on('request', (_request, response) => {
    count += 1;
    response.once('close', () => {
      count -= 1;
      served += 1;
    });
  });
  return {
    get count() {
      return count;
    },
    /** Requests answered so far. */
    get served() {
      return served;
    },
    async settle(timeoutMs = 600_000): Promise<number> {
      const started = Date.now();
      while (count > 0 && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 100));
      return (Date.now() - started) / 1000;
    },
  };
}
