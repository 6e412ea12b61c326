import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Working Together 2023: a care leaver whose death is notified is 18 to 24; a care leaver under 18
// harmed by suspected abuse or neglect is a serious incident instead.
const clock = fixedClock('2025-03-05T10:00:00Z');
let api: ApiTestContext;

const opening = (child: Record<string, unknown>) => ({
  route: 'care-leaver-death',
  incidentOn: '2025-03-03',
  laAwareOn: '2025-03-04',
  laArea: 'Synthetic Area',
  children: [{ sex: 'not-recorded', legalStatus: ['care-leaver'], ...child }],
});

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

describe('opening a care-leaver death', () => {
  it('refuses a care leaver under 18 with a 400 problem naming the field, and stores nothing', async () => {
    const cases = () => api.database.connection.collection('cases').countDocuments({ partnershipId: 'north' });
    const before = await cases();
    for (const [child, path] of [
      [{ ageBand: '16-17' }, 'children.0.ageBand'],
      [{ ageYears: 17 }, 'children.0.ageYears'],
    ] as const) {
      const refused = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening(child) });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path, code: 'care-leaver-age' })]);
    }
    expect(await cases()).toBe(before);
  });

  it('opens one aged 18 to 24', async () => {
    const opened = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening({ ageYears: 19 }) });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  });
});
