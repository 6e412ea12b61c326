import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/shared/deadline.js';
import { createFaultEnv, type FaultEnv } from './support/fault-env.js';
import { halfWritten, lostAcknowledged, storedCases, type StoredCase } from './support/stored-cases.js';
import { openCases, startTransitionLoad } from './support/transition-client.js';

// Scale-out: two stateless instances on one database, both sweeping deadlines every 300 ms and both
// taking transitions on the same cases (a load balancer without sticky sessions). Every write is a
// compare-and-set, so nothing is lost and each passed deadline is recorded once.
let env: FaultEnv;
beforeAll(async () => {
  env = await createFaultEnv('two-instances');
});
afterAll(async () => {
  await env?.cleanup();
});

/** Overdue clocks (due before today, not met) that have no `deadline.passed` yet, and duplicates. */
function deadlineRecords(record: StoredCase, today: string) {
  const passed = record.history.filter((entry) => entry.type === 'deadline.passed');
  const keys = passed.map((entry) => String(entry.fields?.['clockId']));
  const duplicates = keys.filter((key, i) => keys.indexOf(key) !== i);
  const unrecorded = record.clocks.filter((clock) => clock.metOn === undefined && clock.dueOn < today && !keys.includes(clock.clockId));
  return { passed: passed.length, duplicates, unrecorded };
}

describe('two service instances on one database', () => {
  it('lose no update and record every deadline.passed once', async () => {
    const sweeping = { SWEEP_INTERVAL_MS: '300' };
    const first = await env.startService(sweeping);
    const second = await env.startService(sweeping);
    const token = await env.token();
    // Cases the LA became aware of six weeks ago: their notification clocks are long overdue, so
    // both sweepers race to record them while clients send events to both instances.
    const awareOn = new Date(Date.now() - 42 * 86_400_000);
    while ([0, 6].includes(awareOn.getUTCDay())) awareOn.setUTCDate(awareOn.getUTCDate() - 1);
    const cases = await openCases(first.url, token, 10, awareOn.toISOString().slice(0, 10));
    const urls = [first.url, second.url];
    let turn = 0;
    const load = startTransitionLoad({ url: () => urls[turn++ % 2]!, token, cases, workers: 6, rereadOnConflict: true });

    const ids = cases.map((owned) => owned.id);
    const today = new Date().toISOString().slice(0, 10);
    const allRecorded = async () =>
      [...(await storedCases(env.database, ids)).values()].every((record) => deadlineRecords(record, today).unrecorded.length === 0);
    const sweptInMs = await pollUntil(allRecorded, 180_000, 'every overdue clock recorded by the two sweepers', 500);
    await pollUntil(async () => load.acks.length >= 30, 120_000, '30 acknowledged transitions across the two instances');
    await load.stop();

    const stored = await storedCases(env.database, ids);
    const lost = lostAcknowledged(load.acks, stored);
    const broken = halfWritten(stored);
    const records = [...stored.values()].map((record) => deadlineRecords(record, today));
    const duplicates = records.flatMap((record) => record.duplicates);
    const unrecorded = records.flatMap((record) => record.unrecorded);
    const passed = records.reduce((sum, record) => sum + record.passed, 0);
    const conflicts = load.outcomes.filter((outcome) => outcome.status === 412).length;
    const perInstance = urls.map((url) => load.acks.filter((ack) => ack.url === url).length);
    const versionDelta = [...stored.values()].reduce((sum, record) => sum + record.version - 1, 0);
    const fiveHundreds = load.outcomes.filter((outcome) => outcome.status >= 500 || outcome.status === 0);

    console.log(
      `2 instances, both sweeping: ${load.acks.length} transitions acknowledged (${perInstance.join(' + ')}), ${lost.length} lost, ${conflicts} × 412 from races (re-read and sent again); ` +
        `${passed} deadline.passed recorded, ${duplicates.length} recorded twice, ${unrecorded.length} overdue clocks unrecorded (all swept in ${sweptInMs} ms); ` +
        `version delta ${versionDelta} = ${load.acks.length} client events + ${passed} sweeps: ${versionDelta === load.acks.length + passed}; ${broken.length} half-written; ${fiveHundreds.length} 5xx or failed`,
    );
    expect(sweptInMs).toBeGreaterThanOrEqual(0);
    expect(passed).toBeGreaterThan(0);
    expect(load.unanswered).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(unrecorded).toEqual([]);
    expect(broken).toEqual([]);
    expect(versionDelta).toBe(load.acks.length + passed);
    expect(perInstance.every((count) => count > 0)).toBe(true);
    expect(fiveHundreds).toEqual([]);
  });
});
