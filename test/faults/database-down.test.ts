import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/shared/deadline.js';
import { createFaultEnv, type FaultEnv } from './support/fault-env.js';
import { halfWritten, lostAcknowledged, storedCases } from './support/stored-cases.js';
import { isReady, openCases, startTransitionLoad } from './support/transition-client.js';

// RELIABILITY row 16: the database stops under load and comes back on the same port and data
// directory. The service is not restarted.
let env: FaultEnv;
beforeAll(async () => {
  env = await createFaultEnv('database-down');
});
afterAll(async () => {
  await env?.cleanup();
});

describe('the database stopped under load', () => {
  it('answers only 503 with Retry-After while it is down, is ready again within 10 s of its return, and loses nothing', async () => {
    const service = await env.startService({ DB_TIMEOUT_MS: '1000' });
    const token = await env.token();
    const cases = await openCases(service.url, token, 8);
    const load = startTransitionLoad({ url: () => service.url, token, cases, workers: 8, retryDelayMs: 250 });

    await pollUntil(async () => load.acks.length >= 10, 60_000, '10 acknowledged transitions before the database stops');
    const ackedBefore = load.acks.length;
    const downAt = Date.now();
    await env.stopDatabase();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    const duringDown = load.outcomes.filter((outcome) => outcome.at >= stoppedAt);
    const readyWhileDown = await fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(5000) });
    const upAt = Date.now();
    await env.startDatabase();
    const backAt = Date.now();
    const readyAfterMs = await pollUntil(isReady(service.url), 30_000, 'GET /ready 200 after the database returned', 100);
    const ackedAtReturn = load.acks.length;
    await pollUntil(
      async () => load.acks.length >= ackedAtReturn + 10,
      60_000,
      '10 more acknowledged transitions after the database returned',
    );
    await load.stop();

    const fiveHundreds = load.outcomes.filter((outcome) => outcome.status >= 500);
    const not503 = fiveHundreds.filter((outcome) => outcome.status !== 503);
    const withoutRetryAfter = fiveHundreds.filter((outcome) => outcome.status === 503 && !outcome.retryAfter);
    const downAnswers = duringDown.filter((outcome) => outcome.at < upAt && outcome.status !== 0);
    const downNot503 = downAnswers.filter((outcome) => outcome.status !== 503);
    const ids = cases.map((owned) => owned.id);
    const stored = await storedCases(env.database, ids);
    const lost = lostAcknowledged(load.acks, stored);
    const broken = halfWritten(stored);

    console.log(
      `database down ${((upAt - stoppedAt) / 1000).toFixed(1)} s under load (stop took ${stoppedAt - downAt} ms): ` +
        `${downAnswers.length} answers while down, ${downAnswers.length - downNot503.length} of them 503 (${withoutRetryAfter.length} without Retry-After), ` +
        `${not503.length} other 5xx in ${load.outcomes.length} requests; /ready 200 again ${readyAfterMs} ms after the database returned (${backAt - upAt} ms to start it); ` +
        `${load.acks.length} acknowledged transitions (${ackedBefore} before the stop), ${lost.length} lost; ${broken.length} half-written cases of ${stored.size}`,
    );
    expect(readyWhileDown.status).toBe(503);
    expect(readyWhileDown.headers.get('retry-after')).toBeTruthy();
    expect(downAnswers.length).toBeGreaterThan(0);
    expect(downNot503).toEqual([]);
    expect(not503).toEqual([]);
    expect(withoutRetryAfter).toEqual([]);
    expect(readyAfterMs).toBeGreaterThanOrEqual(0);
    expect(readyAfterMs).toBeLessThan(10_000);
    expect(load.unanswered).toEqual([]);
    expect(lost).toEqual([]);
    expect(broken).toEqual([]);
    expect(load.acks.length).toBeGreaterThan(ackedAtReturn);
  });
});
