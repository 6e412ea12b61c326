import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// The full serious-incident route through the HTTP API, as the business unit, the chair and the
// three partner leads would drive it. Dates are worked out by hand: LA aware Monday 2025-03-03,
// so the SIN is due Monday 10 March (5 working days) and the rapid review Monday 24 March (15).
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let version: number;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

async function send(as: string, at: string, body: Record<string, unknown>) {
  clock.set(at);
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"` } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  version = response.body.case.version;
  expect(response.headers.get('etag')).toBe(`"${version}"`);
  return response.body;
}

describe('the serious-incident route over HTTP', () => {
  it('the business unit opens the case and sees the statutory deadlines', async () => {
    const response = await api.call('POST', '/api/cases', {
      as: 'north-business-unit',
      body: {
        route: 'serious-incident',
        incidentOn: '2025-03-01',
        laAwareOn: '2025-03-03',
        children: [{ ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'] }],
        laArea: 'Northshire',
        agencies: ['north-police', 'north-school'],
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    caseId = response.body.id;
    version = response.body.version;
    expect(response.headers.get('location')).toBe(`/api/cases/${caseId}`);
    expect(response.body.reference).toBe('NTH-2025-0001');
    const due = Object.fromEntries(response.body.deadlines.map((d: { clockId: string; dueOn: string }) => [d.clockId, d.dueOn]));
    expect(due['sin-notification']).toBe('2025-03-10');
    expect(due['rapid-review']).toBe('2025-03-24');
    expect(response.body.acceptedEvents).toContain('sin.submitted');

    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect(stored?.['version']).toBe(1);
    expect(stored?.['history']).toHaveLength(1);
    expect(stored?.['nextDueOn']).toBe('2025-03-10');
  });

  it('walks notification, rapid review, Panel, local review, publication and closure', async () => {
    await send('north-business-unit', '2025-03-05T12:00:00Z', { type: 'partners.informed', informedOn: '2025-03-05' });
    const submitted = await send('north-business-unit', '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' });
    expect(submitted.case.deadlines.find((d: { clockId: string }) => d.clockId === 'sin-notification')).toMatchObject({
      status: 'met',
      metOn: '2025-03-07',
    });
    await send('north-business-unit', '2025-03-04T12:00:00Z', { type: 'agency-information.requested', agencies: ['north-police'] });
    await send('north-agency-police', '2025-03-12T12:00:00Z', { type: 'agency-information.returned', agency: 'north-police' });
    await send('north-business-unit', '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' });
    await send('north-chair', '2025-03-18T16:00:00Z', {
      type: 'rapid-review.decided',
      localReview: true,
      nationalReviewSuggested: false,
      criteriaMet: ['improvements-needed', 'multi-agency-working'],
      reasons: 'multi-agency learning',
    });
    await send('north-lead-la', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'local-authority' });
    await send('north-lead-police', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'police' });
    await send('north-lead-health', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'health' });
    const sent = await send('north-business-unit', '2025-03-21T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2025-03-21' });
    expect(sent.case.deadlines.find((d: { clockId: string }) => d.clockId === 'rapid-review')).toMatchObject({ status: 'met' });
    await send('north-business-unit', '2025-04-03T10:00:00Z', { type: 'panel.responded', response: 'agreed', comments: 'agree' });
    await send('north-chair', '2025-04-14T10:00:00Z', { type: 'local-review.commissioned', commissionedOn: '2025-04-14' });
    await send('north-chair', '2025-04-22T10:00:00Z', { type: 'reviewer.appointed', reviewerId: 'north-reviewer' });
    await send('north-chair', '2025-05-06T10:00:00Z', { type: 'terms-of-reference.agreed' });
    await send('north-reviewer', '2025-09-15T10:00:00Z', { type: 'draft.received' });
    await send('north-chair', '2025-09-22T10:00:00Z', { type: 'draft.quality-assured' });
    for (const [user, partner] of [
      ['north-lead-la', 'local-authority'],
      ['north-lead-police', 'police'],
      ['north-lead-health', 'health'],
    ]) {
      await send(user!, '2025-09-29T10:00:00Z', { type: 'local-review.signed-off', partner });
    }
    await send('north-chair', '2025-10-01T10:00:00Z', { type: 'publication.decided', form: 'full', plannedOn: '2025-10-13' });
    await send('north-business-unit', '2025-10-02T10:00:00Z', {
      type: 'publication.notice-sent',
      sentOn: '2025-10-02',
      recipients: ['panel', 'secretary-of-state', 'ofsted'],
    });
    await send('north-business-unit', '2025-10-13T10:00:00Z', {
      type: 'report.published',
      publishedOn: '2025-10-13',
      address: 'https://scp.example.org/reviews/nth-1',
    });
    await send('north-chair', '2025-11-10T10:00:00Z', { type: 'learning.completed' });
    await send('north-chair', '2025-11-20T10:00:00Z', { type: 'action-plan.completed' });
    const closed = await send('north-business-unit', '2025-12-01T10:00:00Z', {
      type: 'case.closed',
      reasons: 'actions complete, learning spread',
    });
    expect(closed.case.final).toBe(true);
    expect(closed.case.acceptedEvents).toEqual([]);
  });

  it('keeps every event in the history with actor, time and states either side', async () => {
    const response = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-viewer' });
    expect(response.status).toBe(200);
    const items = response.body.items as {
      seq: number;
      type: string;
      version: number;
      actor: { userId: string };
      stateBefore: string | null;
    }[];
    expect(items.map((item) => item.seq)).toEqual(items.map((_, index) => index + 1));
    expect(items.map((item) => item.version)).toEqual(items.map((_, index) => index + 1));
    expect(items[0]).toMatchObject({ type: 'case.opened', stateBefore: null, actor: { userId: 'north-business-unit' } });
    expect(items.at(-1)).toMatchObject({ type: 'case.closed' });
    expect(items).toHaveLength(version);
  });
});
