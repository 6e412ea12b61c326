import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess } from '../support/service-process.js';
import { pollUntil } from '../../src/shared/deadline.js';
import { createFaultEnv, type FaultEnv } from './support/fault-env.js';
import { appliedTwice, halfWritten, lostAcknowledged, storedCases } from './support/stored-cases.js';
import { openCases, startTransitionLoad } from './support/transition-client.js';

// The service is killed with SIGKILL in the middle of transitions and started again. Clients whose
// request was cut off send it again (same Idempotency-Key) to the new process.
let env: FaultEnv;
beforeAll(async () => {
  env = await createFaultEnv('service-killed');
});
afterAll(async () => {
  await env?.cleanup();
});

describe('the service killed with SIGKILL under load', () => {
  it('keeps every acknowledged transition, replays the original result for a retried key, and applies nothing twice', async () => {
    let service: ServiceProcess = await env.startService();
    const token = await env.token();
    const cases = await openCases(service.url, token, 8);
    let current = service.url;
    const load = startTransitionLoad({ url: () => current, token, cases, workers: 8, retryDelayMs: 200, timeoutMs: 20_000 });

    await pollUntil(async () => load.acks.length >= 15, 120_000, '15 acknowledged transitions before the kill');
    const inFlightAtKill = load.pending();
    service.child.kill('SIGKILL');
    const killed = await service.exited;
    const ackedAtKill = load.acks.length;
    service = await env.startService();
    current = service.url;
    await pollUntil(
      async () => load.acks.length >= ackedAtKill + 15,
      120_000,
      '15 more acknowledged transitions from the restarted service',
    );
    await load.stop();

    // Every acknowledged request, sent again with its key and body to the new process, gets its
    // original result back (the same event) and changes nothing.
    const ids = cases.map((owned) => owned.id);
    const before = await storedCases(env.database, ids);
    let sameResult = 0;
    const differentResult: string[] = [];
    for (const ack of load.acks) {
      const response = await fetch(`${current}/api/cases/${ack.caseId}/events`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'If-Match': `"${ack.version - 1}"`,
          'Idempotency-Key': ack.key,
        },
        body: ack.body,
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await response.json()) as { event?: unknown };
      if (
        response.status === 200 &&
        response.headers.get('idempotent-replayed') === 'true' &&
        JSON.stringify(body.event) === JSON.stringify(ack.event)
      )
        sameResult += 1;
      else differentResult.push(`${ack.key}: ${response.status}`);
    }
    const after = await storedCases(env.database, ids);
    const changedByRetries = ids.filter((id) => before.get(id)!.version !== after.get(id)!.version);
    const lost = lostAcknowledged(load.acks, after);
    const twice = appliedTwice(after);
    const broken = halfWritten(after);
    const cutOff = load.outcomes.filter((outcome) => outcome.status === 0).length;
    const fiveHundreds = load.outcomes.filter((outcome) => outcome.status >= 500 && outcome.status !== 503);

    console.log(
      `SIGKILL (${killed.signal}) with ${inFlightAtKill} requests in flight after ${ackedAtKill} acknowledged transitions; ${cutOff} requests cut off and retried with their key; ` +
        `${load.acks.length} acknowledged in all (${load.acks.filter((ack) => ack.replayed).length} answered as replays), ${lost.length} lost; ` +
        `${sameResult}/${load.acks.length} retried keys got the original result, ${changedByRetries.length} cases changed by the retries; ` +
        `${twice.length} keys applied twice; ${broken.length} half-written cases; ${fiveHundreds.length} 5xx other than 503`,
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(load.unanswered).toEqual([]);
    expect(lost).toEqual([]);
    expect(differentResult).toEqual([]);
    expect(sameResult).toBe(load.acks.length);
    expect(changedByRetries).toEqual([]);
    expect(twice).toEqual([]);
    expect(broken).toEqual([]);
    expect(fiveHundreds).toEqual([]);
  });
});
