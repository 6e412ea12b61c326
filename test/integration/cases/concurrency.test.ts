import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// RELIABILITY rows 12 and 13: concurrent writers and retried requests against one case.
const clock = fixedClock('2025-03-04T09:00:00Z');
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

async function openCase(): Promise<{ id: string; version: number }> {
  const response = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '10-15', sex: 'female', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  expect(response.status).toBe(201);
  return { id: response.body.id, version: response.body.version };
}

const requestInformation = (n: number) => ({ type: 'agency-information.requested', agencies: [`north-agency-${n}`] });

async function storedHistory(id: string) {
  const stored = await api.database.connection.collection('cases').findOne({ _id: id as never });
  return {
    version: stored!['version'] as number,
    history: stored!['history'] as { seq: number; version: number; idempotencyKey?: string }[],
  };
}

describe('concurrent transitions on one case', () => {
  it('50 conflicting events on the same version: exactly one applies, 49 get 412, history has no gaps', async () => {
    const { id, version } = await openCase();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        api.call('POST', `/api/cases/${id}/events`, {
          as: 'north-business-unit',
          body: requestInformation(n),
          headers: { 'If-Match': `"${version}"` },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(49);
    const stored = await storedHistory(id);
    expect(stored.version).toBe(version + 1);
    expect(stored.history.map((entry) => entry.seq)).toEqual([1, 2]);
    expect(stored.history.map((entry) => entry.version)).toEqual([1, 2]);
    console.log(`50 conflicting writers: 1 applied, ${statuses.filter((s) => s === 412).length} × 412, 0 lost updates`);
  });

  it('20 sequential rounds of 10 racing writers: the 2xx count equals the version delta', async () => {
    const { id, version } = await openCase();
    let applied = 0;
    for (let round = 0; round < 20; round++) {
      const current = (await storedHistory(id)).version;
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          api.call('POST', `/api/cases/${id}/events`, {
            as: 'north-business-unit',
            body: requestInformation(round * 10 + n),
            headers: { 'If-Match': `"${current}"` },
          }),
        ),
      );
      applied += responses.filter((response) => response.status === 200).length;
      expect(responses.every((response) => response.status === 200 || response.status === 412)).toBe(true);
    }
    const stored = await storedHistory(id);
    expect(applied).toBe(20);
    expect(stored.version - version).toBe(applied);
    expect(stored.history.map((entry) => entry.seq)).toEqual(Array.from({ length: applied + 1 }, (_, i) => i + 1));
    console.log(`200 racing transitions in 20 rounds: ${applied} applied = version delta ${stored.version - version}; 0 lost updates`);
  });

  it('50 identical retries with one Idempotency-Key: one effect, 49 identical replays', async () => {
    const { id, version } = await openCase();
    const headers = { 'If-Match': `"${version}"`, 'Idempotency-Key': 'retry-7f3a' };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.call('POST', `/api/cases/${id}/events`, { as: 'north-business-unit', body: requestInformation(1), headers }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(new Set(responses.map((response) => JSON.stringify(response.body.event))).size).toBe(1);
    const stored = await storedHistory(id);
    expect(stored.version).toBe(version + 1);
    // Stored as the sender's own key (issue 14, finding 6): user id, a space, the key.
    expect(stored.history.filter((entry) => entry.idempotencyKey === 'north-business-unit retry-7f3a')).toHaveLength(1);

    const reused = await api.call('POST', `/api/cases/${id}/events`, { as: 'north-business-unit', body: requestInformation(2), headers });
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reused');
    expect((await storedHistory(id)).version).toBe(version + 1);
  });

  it('a retried opening with the same Idempotency-Key opens one case', async () => {
    const body = {
      route: 'referral',
      incidentOn: '2025-02-20',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.call('POST', '/api/cases', { as: 'north-agency-school', body, headers: { 'Idempotency-Key': 'referral-0001' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(await api.database.connection.collection('cases').countDocuments({ referringOrganisationId: 'north-school' })).toBe(1);
  });

  it('control: the same race without the version check loses updates', async () => {
    // A naive writer reads the case and writes its whole history back, with no version in the
    // filter. Run against the same server, it loses entries: the check above is what prevents it.
    const { id } = await openCase();
    const cases = api.database.connection.collection('cases');
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const doc = await cases.findOne({ _id: id as never });
        const history = [...(doc!['history'] as unknown[]), { seq: (doc!['history'] as unknown[]).length + 1, type: 'control', n }];
        const written = await cases.findOneAndUpdate(
          { _id: id as never },
          { $set: { history }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        );
        return written !== null;
      }),
    );
    const stored = await storedHistory(id);
    const successes = results.filter(Boolean).length;
    expect(successes).toBe(20);
    expect(stored.history.length - 1).toBeLessThan(successes);
    console.log(
      `control without version check: ${successes} writes acknowledged, ${stored.history.length - 1} kept, ${successes - (stored.history.length - 1)} lost`,
    );
  });
});
