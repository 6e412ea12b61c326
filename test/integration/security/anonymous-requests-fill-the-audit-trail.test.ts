import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushAnonymousRefusals } from '../../../src/audit/anonymous-refusals.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 5 (issue 14), its lasting writes: every unauthenticated /api request added a row to the
// access audit trail, so anyone could grow the trail without limit. The attack: 100 anonymous
// reads of guessed case ids in one minute. The first refusal of each kind from an address in a
// minute is recorded as before; the repeats become one aggregated row (with their count) when
// the minute is over.
const clock = fixedClock('2025-03-04T10:00:05Z');
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

const anonymousRows = () => api.database.connection.collection('access_audit').find({ userId: null }).sort({ at: 1 }).toArray();

describe('a burst of anonymous refused requests', () => {
  it('leaves one row for the first, and one aggregated row for the repeats of that minute', async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const response = await api.call('GET', `/api/cases/${randomBytes(16).toString('hex')}`);
      expect(response.status).toBe(401);
    }
    const now = await anonymousRows();
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ action: 'case.read', outcome: 'denied', status: 401, ip: expect.stringMatching(/127\.0\.0\.1$/) });

    // Still inside the minute: nothing to aggregate yet.
    expect(await flushAnonymousRefusals(api.database.connection, clock)).toBe(0);
    clock.set('2025-03-04T10:01:30Z');
    expect(await flushAnonymousRefusals(api.database.connection, clock)).toBe(1);
    const after = await anonymousRows();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({
      action: 'case.read',
      outcome: 'denied',
      status: 401,
      repeated: 99,
      resourceId: null,
      at: new Date('2025-03-04T10:01:00Z'),
    });
    // A second flush (another instance) adds nothing.
    expect(await flushAnonymousRefusals(api.database.connection, clock)).toBe(0);
    expect(await anonymousRows()).toHaveLength(2);
  });

  it('counts each kind of refusal apart, and a new minute starts again', async () => {
    clock.set('2025-03-04T10:05:00Z');
    for (const url of ['/api/cases', '/api/cases', '/api/deadlines']) expect((await api.call('GET', url)).status).toBe(401);
    const rows = (await anonymousRows()).filter((row) => (row['at'] as Date) >= new Date('2025-03-04T10:05:00Z'));
    expect(rows.map((row) => row['action']).sort()).toEqual(['case.list', 'deadlines.read']);
  });
});
