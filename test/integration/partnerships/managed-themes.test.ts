import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Issue 16: themes from a list the partnership manages, free text only as "other", so one theme
// is never counted under two names in the yearly report.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

const opening = (themes: string[]) => ({
  route: 'serious-incident',
  incidentOn: '2025-03-01',
  laAwareOn: '2025-03-03',
  children: [{ ageBand: '1-4', sex: 'not-recorded', legalStatus: [] }],
  laArea: 'Northshire',
  themes,
});

async function settings(body: Record<string, unknown>) {
  const current = await api.call('GET', '/api/partnership', { as: 'north-admin' });
  return api.call('PATCH', '/api/partnership', { as: 'north-admin', body, headers: { 'If-Match': current.headers.get('etag') ?? '' } });
}

describe('managed themes', () => {
  it('an administrator sets the list (each theme once); it is in the change history', async () => {
    const duplicate = await settings({ themes: ['neglect', 'Neglect'] });
    expect(duplicate.status).toBe(400);
    const set = await settings({ themes: ['neglect', 'domestic abuse'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.themes).toEqual(['neglect', 'domestic abuse']);
    const changes = await api.call('GET', '/api/partnership/changes?resourceType=partnership', { as: 'north-admin' });
    expect(changes.body.items[0].changes).toContainEqual({ field: 'themes', from: null, to: ['neglect', 'domestic abuse'] });
  });

  it('a new case takes listed themes in the list’s spelling, and others only as "other: …"', async () => {
    const opened = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening(['Neglect', 'other: online gaming']) });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.caseData.themes).toEqual(['neglect', 'other: online gaming']);
    const split = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening(['medical neglect']) });
    expect(split.status).toBe(400);
    expect(split.headers.get('content-type')).toContain('application/problem+json');
    expect(split.body.errors).toMatchObject([{ path: 'themes.0', code: 'theme-not-in-list' }]);
    // nothing was written
    expect(await api.database.connection.collection('cases').countDocuments({ partnershipId: 'north' })).toBe(1);
  });

  it('another partnership without a list keeps free text', async () => {
    const opened = await api.call('POST', '/api/cases', {
      as: 'south-business-unit',
      body: { ...opening(['medical neglect']), laArea: 'Southshire' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.caseData.themes).toEqual(['medical neglect']);
  });
});
