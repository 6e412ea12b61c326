import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'female', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  caseId = opened.body.id;
  clock.set('2025-03-06T10:00:00Z');
  const sent = await api.call('POST', `/api/cases/${caseId}/events`, {
    as: 'north-business-unit',
    body: { type: 'sin.submitted', submittedOn: '2025-03-06' },
    headers: { 'If-Match': '"1"' },
  });
  expect(sent.status).toBe(200);
});
afterAll(() => api?.close());

describe('GET /api/cases/:id/verification (replay check)', () => {
  it('finds an untouched case consistent with the replay of its history', async () => {
    const response = await api.call('GET', `/api/cases/${caseId}/verification`, { as: 'north-admin' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ caseId, reference: 'NTH-2025-0001', consistent: true, differences: [] });
  });

  it('reports a case whose stored deadlines were changed behind the machine’s back', async () => {
    await api.database.connection.collection('cases').updateOne({ _id: caseId as never }, { $set: { 'clocks.0.dueOn': '2025-04-30' } });
    const response = await api.call('GET', `/api/cases/${caseId}/verification`, { as: 'north-admin' });
    expect(response.body.consistent).toBe(false);
    expect(response.body.differences).toContain('deadlines differ from the replay');
  });

  it('is for admins only', async () => {
    expect((await api.call('GET', `/api/cases/${caseId}/verification`, { as: 'north-chair' })).status).toBe(403);
  });
});
