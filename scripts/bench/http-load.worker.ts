/**
 * The load generator (a child process; see http-load.ts). autocannon with one request template
 * whose setupRequest gives each request its own case:
 * - transition: takes a case nobody is writing to from the pool, sends one
 *   `agency-information.requested` with If-Match (its current version) and an Idempotency-Key,
 *   and on 200 puts the case back with the version from the ETag. A case is never in flight on
 *   two connections, so no request loses a race by construction: what is measured is throughput,
 *   not conflicts.
 * - read: GET /api/cases/:id on the pool's cases in turn.
 * - get: one fixed path.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec, PoolCase } from './http-load.js';
import { percentile } from './stats.js';

const spec = await new Promise<LoadSpec>((resolve) => process.once('message', (message) => resolve(message as LoadSpec)));
const queue: PoolCase[] = [...(spec.cases ?? [])];
let cursor = 0;
const latencies: number[] = [];
const authorization = `Bearer ${spec.token}`;

type Context = { case?: PoolCase };

function transitionRequest(request: autocannon.Request, context: object): autocannon.Request {
  const item = queue.shift();
  if (!item) throw new Error('the transition pool ran dry: give it more cases than connections');
  (context as Context).case = item;
  item.events += 1;
  return {
    ...request,
    method: 'POST',
    path: `/api/cases/${item.id}/events`,
    headers: {
      authorization,
      'content-type': 'application/json',
      'if-match': `"${item.version}"`,
      'idempotency-key': `bench-${item.id}-${item.version}`,
    },
    body: JSON.stringify({ type: 'agency-information.requested', agencies: [`bench-agency-${item.version}-${item.events}`] }),
  };
}

function transitionResponse(status: number, _body: string, context: object, headers: autocannon.Request['headers']): void {
  const item = (context as Context).case;
  if (!item) return;
  (context as Context).case = undefined;
  const etag = headers?.['etag'] ?? headers?.['ETag' as 'etag'];
  const version = typeof etag === 'string' ? Number(etag.replaceAll('"', '')) : Number.NaN;
  // A case whose request failed is left out of the pool: its version is no longer known for sure.
  if (status === 200 && Number.isInteger(version)) queue.push({ ...item, version });
}

function readRequest(request: autocannon.Request): autocannon.Request {
  const cases = spec.cases!;
  const item = cases[cursor++ % cases.length]!;
  return { ...request, method: 'GET', path: `/api/cases/${item.id}`, headers: { authorization } };
}

const requests: autocannon.Request[] =
  spec.kind === 'transition'
    ? [{ setupRequest: transitionRequest, onResponse: transitionResponse }]
    : spec.kind === 'read'
      ? [{ setupRequest: readRequest }]
      : [{ method: 'GET', path: spec.path!, headers: { authorization } }];

const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: spec.timeoutSeconds ?? 30,
    requests,
  },
  (error, result) => {
    if (error) throw error;
    latencies.sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
    const ok = Object.entries(statuses).reduce((sum, [code, count]) => (code.startsWith('2') ? sum + count : sum), 0);
    const seconds = result.duration;
    const answer: LoadResult = {
      connections: spec.connections,
      seconds,
      requests: latencies.length,
      ok,
      rps: ok / seconds,
      p50Ms: percentile(latencies, 0.5),
      p90Ms: percentile(latencies, 0.9),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
      statuses,
      errors: result.errors,
      timeouts: result.timeouts,
      // Cases still in flight when the run stopped are left out: their last request may or may not have applied.
      ...(spec.kind === 'transition' ? { cases: [...queue] } : {}),
    };
    process.send!(answer);
  },
);
instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
