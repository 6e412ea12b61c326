import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// The pages offer a school only the routes its kind of organisation meets, but the API took any
// route an agency may refer on: a school could open a youth justice serious incident, which is the
// youth justice service's to notify (DOMAIN.md, route 4). The attack: the school posts one directly.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;

const opening = {
  route: 'youth-justice-incident',
  incidentOn: '2025-03-01',
  laAwareOn: '2025-03-03',
  children: [{ ageBand: '16-17', sex: 'male', legalStatus: [] }],
  laArea: 'Northshire',
};

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(async () => {
  await api?.close();
});

describe('an agency opening a route its kind does not meet', () => {
  it('is refused with 403 for the school and opens nothing', async () => {
    const refused = await api.call('POST', '/api/cases', { as: 'north-agency-school', body: opening });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toBe(
      'Your organisation may not open a case on the route youth-justice-incident; it is for youth-justice services.',
    );
    const cases = await api.call('GET', '/api/cases?status=all', { as: 'north-business-unit' });
    expect(cases.body.total).toBe(0);
  });

  it('is allowed for the youth justice service, and a school still refers on the referral route', async () => {
    const yjs = await api.call('POST', '/api/cases', { as: 'north-agency-yjs', body: opening });
    expect(yjs.status).toBe(201);
    expect(yjs.body.route).toBe('youth-justice-incident');
    const referral = await api.call('POST', '/api/cases', {
      as: 'north-agency-school',
      body: { ...opening, route: 'referral', referralReason: 'Concerns raised by a teacher (synthetic).' },
    });
    expect(referral.status).toBe(201);
  });
});
