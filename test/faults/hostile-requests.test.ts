import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultEnv, type FaultEnv } from './support/fault-env.js';
import { forgedTokens, type HostileRequest, hostileRequests } from './support/hostile-requests.js';
import { halfWritten, storedCases } from './support/stored-cases.js';
import { isReady, openCases } from './support/transition-client.js';

// RELIABILITY rows 3–7 and 9 against the running service: 10,000 malformed or hostile requests.
let env: FaultEnv;
beforeAll(async () => {
  env = await createFaultEnv('hostile');
});
afterAll(async () => {
  await env?.cleanup();
});

const COUNT = Number(process.env['FAULT_HOSTILE_COUNT'] ?? 10_000);
const SEED = 20_251_121;
const BODY_LIMIT = 100_000;

describe('malformed and hostile requests against the running service', () => {
  it(`answers ${COUNT.toLocaleString('en-GB')} of them without a single 5xx`, async () => {
    const service = await env.startService({ JSON_BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    const token = await env.token();
    const [target] = await openCases(service.url, token, 1);
    const requests = hostileRequests({
      count: COUNT,
      seed: SEED,
      token,
      forged: await forgedTokens(token),
      caseId: target!.id,
      bodyLimit: BODY_LIMIT,
    });

    const statuses = new Map<number, number>();
    const serverErrors: { request: HostileRequest; status: number }[] = [];
    const noAnswer: { request: HostileRequest; error: string }[] = [];
    const forgedAccepted: HostileRequest[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          try {
            const response = await fetch(`${service.url}${request.path}`, {
              method: request.method,
              headers: request.headers,
              ...(request.body !== undefined ? { body: request.body } : {}),
              signal: AbortSignal.timeout(60_000),
            });
            await response.arrayBuffer();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500) serverErrors.push({ request, status: response.status });
            if (request.kind.startsWith('forged') && response.status < 400) forgedAccepted.push(request);
          } catch (error) {
            noAnswer.push({ request, error: String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name) });
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const stillReady = await isReady(service.url)();
    const stored = await storedCases(env.database);
    const broken = halfWritten(stored);
    const byKind = new Map<string, number>();
    for (const request of requests) byKind.set(request.kind, (byKind.get(request.kind) ?? 0) + 1);

    console.log(
      `${requests.length.toLocaleString('en-GB')} hostile requests (${byKind.size} kinds, seed ${SEED}) in ${seconds.toFixed(0)} s: ` +
        `${serverErrors.length} answered 500 or above, ${noAnswer.length} without an answer, ${forgedAccepted.length} forged tokens accepted; statuses ` +
        [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(' ') +
        `; service still ready: ${stillReady}; ${stored.size} cases stored, ${broken.length} half-written`,
    );
    if (serverErrors.length)
      console.log(
        'first 5xx:',
        serverErrors.slice(0, 3).map(({ request, status }) => `${status} ${request.kind} ${request.method} ${request.path.slice(0, 80)}`),
      );
    if (noAnswer.length)
      console.log(
        'first unanswered:',
        noAnswer.slice(0, 3).map(({ request, error }) => `${error} ${request.kind} ${request.method} ${request.path.slice(0, 80)}`),
      );
    expect(serverErrors.map(({ request, status }) => `${status} ${request.kind}`)).toEqual([]);
    expect(noAnswer.map(({ request, error }) => `${error} ${request.kind}`)).toEqual([]);
    expect(forgedAccepted).toEqual([]);
    expect(stillReady).toBe(true);
    expect(broken).toEqual([]);
  });
});
