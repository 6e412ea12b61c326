import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { type BrowserLike, browserLike, signIn } from '../../support/web-client.js';

// My work reads the user's open cases as summaries in one query, whatever their number: loading it
// with 5 open cases and with 60 makes the same number of database reads. Reads are counted through
// mongoose's per-connection debug hook, which sees every collection call the service makes.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;

/** The collection methods that read. */
const READS = new Set(['find', 'findOne', 'aggregate', 'countDocuments', 'estimatedDocumentCount', 'distinct']);
/** The most reads My work may make, for any number of cases (sessions, user, summaries, deadlines, actions, names). */
const MAX_READS = 15;
let reads: string[] | undefined;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  api.database.connection.set('debug', (collection: string, method: string) => {
    if (reads && READS.has(method)) reads.push(`${collection}.${method}`);
  });
});
afterAll(async () => {
  api?.database.connection.set('debug', false);
  await api?.close();
});

async function openCases(count: number, as: string, route: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await api.call('POST', '/api/cases', {
      as,
      body: {
        route,
        incidentOn: '2025-02-27',
        laAwareOn: '2025-02-28',
        children: [{ ageBand: '5-9', sex: 'female', legalStatus: [] }],
        laArea: 'Northshire',
        ...(route === 'referral' ? { referringOrganisationId: 'north-school' } : {}),
      },
    });
    expect(response.status).toBe(201);
  }
}

/** The reads of one load of My work (after a load that warms the names cache, as any later load finds it). */
async function readsOfMyWork(client: BrowserLike): Promise<string[]> {
  expect((await client.request('/my-work')).status).toBe(200);
  reads = [];
  const response = await client.request('/my-work');
  const counted = reads;
  reads = undefined;
  expect(response.status).toBe(200);
  expect(await response.text()).not.toContain('undefined');
  return counted;
}

describe('My work', () => {
  it('makes the same number of database reads for 5 open cases as for 60, for the business unit and for an agency', async () => {
    const officer = browserLike(api.baseUrl);
    await signIn(officer, 'north/north-business-unit');
    const school = browserLike(api.baseUrl);
    await signIn(school, 'north/north-agency-school');

    await openCases(5, 'north-business-unit', 'serious-incident');
    await openCases(5, 'north-agency-school', 'referral');
    const officerWithFew = await readsOfMyWork(officer);
    const schoolWithFew = await readsOfMyWork(school);

    await openCases(55, 'north-business-unit', 'serious-incident');
    await openCases(55, 'north-agency-school', 'referral');
    const officerWithMany = await readsOfMyWork(officer);
    const schoolWithMany = await readsOfMyWork(school);

    expect(officerWithMany).toEqual(officerWithFew);
    expect(schoolWithMany).toEqual(schoolWithFew);
    expect(officerWithMany.length).toBeGreaterThan(0);
    expect(officerWithMany.length).toBeLessThanOrEqual(MAX_READS);
    expect(schoolWithMany.length).toBeLessThanOrEqual(MAX_READS);
    // No case is read whole, one at a time.
    expect(officerWithMany.filter((read) => read === 'cases.findOne')).toEqual([]);
  });
});
