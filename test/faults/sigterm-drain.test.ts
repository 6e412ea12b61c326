import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/shared/deadline.js';
import { createFaultEnv, type FaultEnv } from './support/fault-env.js';
import { halfWritten, lostAcknowledged, storedCases } from './support/stored-cases.js';
import { openCases, startTransitionLoad } from './support/transition-client.js';

// RELIABILITY row 18: a rolling deploy sends SIGTERM while requests are in flight. Clients (as a
// load balancer would) stop sending to the instance once it says it is draining: /ready answers 503
// and responses carry `Connection: close`.
let env: FaultEnv;
beforeAll(async () => {
  env = await createFaultEnv('sigterm');
});
afterAll(async () => {
  await env?.cleanup();
});

describe('SIGTERM under load', () => {
  it('completes the requests in flight and fails none', async () => {
    const service = await env.startService({ SHUTDOWN_GRACE_MS: '30000' });
    const token = await env.token();
    const cases = await openCases(service.url, token, 8);

    // The load balancer's view: a health check every 50 ms, and any `Connection: close` answer.
    let draining = false;
    const probe = setInterval(() => {
      fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => {
          if (response.status === 503) draining = true;
        },
        () => (draining = true),
      );
    }, 50);
    const load = startTransitionLoad({
      url: () => service.url,
      token,
      cases,
      workers: 8,
      mayStart: () => !draining,
      stopOnConnectionClose: true,
    });
    try {
      await pollUntil(async () => load.acks.length >= 15, 120_000, '15 acknowledged transitions before SIGTERM');
      const inFlight = load.pending();
      const sentBefore = load.outcomes.length + inFlight;
      service.child.kill('SIGTERM');
      const exited = await service.exited;
      await load.stop();
      clearInterval(probe);

      const failed = load.outcomes.filter((outcome) => outcome.status === 0 || outcome.status >= 500);
      const ids = cases.map((owned) => owned.id);
      const stored = await storedCases(env.database, ids);
      const lost = lostAcknowledged(load.acks, stored);
      const broken = halfWritten(stored);
      console.log(
        `SIGTERM with ${inFlight} requests in flight (${sentBefore} sent before it): exit code ${exited.code}; ${load.outcomes.length} responses in all, ` +
          `${load.outcomes.filter((outcome) => outcome.connectionClose).length} with Connection: close, ${failed.length} failed ` +
          `(${failed.map((outcome) => outcome.status || outcome.error).join(', ') || 'none'}); ${load.acks.length} acknowledged, ${lost.length} lost; ${broken.length} half-written cases`,
      );
      expect(exited.code).toBe(0);
      expect(failed).toEqual([]);
      expect(load.outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);
      expect(load.unanswered).toEqual([]);
      expect(lost).toEqual([]);
      expect(broken).toEqual([]);
    } finally {
      clearInterval(probe);
    }
  });
});
