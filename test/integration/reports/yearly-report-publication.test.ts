import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

/*
 * A published year stays as it was published; what is recorded about it later is listed beside it.
 *
 * Partnership `north`, reporting year 2024 = 1 April 2024 to 31 March 2025. Worked out by hand:
 * - A: serious incident, LA aware Mon 2024-05-13; SIN sent Thu 05-16 (due Mon 05-20: in time).
 * - K: looked-after child's death, LA aware Mon 2024-12-02; notified Tue 12-03 (due Mon 12-09: in time).
 * - F: referral screened to a local rapid review Mon 2024-04-15; sent (completed) Thu 04-25: a local review.
 * Published on Thu 2025-05-01 (approved Wed 04-30). Then, typed in on Fri 2025-05-16:
 * - S: serious incident, LA aware Mon 2025-03-24; SIN sent Thu 03-27 (due Mon 03-31: in time) —
 *   it belongs to 2024/25, so it is listed as recorded after publication; the published figures stay.
 */
const clock = fixedClock('2024-05-13T10:00:00Z');
let api: ApiTestContext;
const ids: Record<string, { id: string; reference: string; version: number }> = {};

async function open(key: string, when: string, body: Record<string, unknown>) {
  clock.set(when);
  const laAwareOn = (body['laAwareOn'] as string | undefined) ?? when.slice(0, 10);
  const response = await api.call('POST', '/api/cases', {
    as: body['route'] === 'referral' ? 'north-chair' : 'north-business-unit',
    body: {
      incidentOn: laAwareOn,
      laAwareOn,
      children: [{ ageBand: '5-9', sex: 'not-recorded', legalStatus: [] }],
      laArea: 'Northshire',
      ...body,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  ids[key] = { id: response.body.id, reference: response.body.reference, version: response.body.version };
}

async function send(key: string, when: string, as: string, body: Record<string, unknown>) {
  clock.set(when);
  const response = await api.call('POST', `/api/cases/${ids[key]!.id}/events`, {
    as,
    body,
    headers: { 'If-Match': `"${ids[key]!.version}"` },
  });
  expect(response.status, `${key} ${String(body['type'])}: ${JSON.stringify(response.body)}`).toBe(200);
  ids[key]!.version = response.body.case.version;
}

const get = (query = 'year=2024') => api.call('GET', `/api/reports/yearly?${query}`, { as: 'north-viewer' });
const publish = (body: Record<string, unknown>, as = 'north-chair') => api.call('POST', '/api/reports/yearly/publications', { as, body });

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  await open('A', '2024-05-13T10:00:00Z', { route: 'serious-incident' });
  await send('A', '2024-05-16T10:00:00Z', 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-05-16' });
  await open('K', '2024-12-02T10:00:00Z', {
    route: 'looked-after-death',
    children: [{ ageBand: '10-15', sex: 'not-recorded', legalStatus: ['looked-after'] }],
  });
  await send('K', '2024-12-03T10:00:00Z', 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-12-03' });
  await open('F', '2024-04-08T10:00:00Z', { route: 'referral', referringOrganisationId: 'north-school' });
  await send('F', '2024-04-15T10:00:00Z', 'north-chair', {
    type: 'referral.screened',
    outcome: 'local-rapid-review',
    reasons: 'near miss (synthetic)',
  });
  await send('F', '2024-04-22T10:00:00Z', 'north-business-unit', { type: 'rapid-review.meeting-held', heldOn: '2024-04-22' });
  await send('F', '2024-04-22T15:00:00Z', 'north-chair', {
    type: 'rapid-review.decided',
    localReview: false,
    nationalReviewSuggested: false,
    criteriaMet: [],
    reasons: 'synthetic',
  });
  for (const [user, partner] of [
    ['north-lead-la', 'local-authority'],
    ['north-lead-police', 'police'],
    ['north-lead-health', 'health'],
  ] as const) {
    await send('F', '2024-04-24T10:00:00Z', user, { type: 'rapid-review.signed-off', partner });
  }
  await send('F', '2024-04-25T10:00:00Z', 'north-business-unit', { type: 'rapid-review.submitted', submittedOn: '2024-04-25' });
});
afterAll(() => api?.close());

describe('publishing a yearly report', () => {
  it('is refused while the year runs, for a role that may not publish, and for a bad body', async () => {
    clock.set('2025-03-20T10:00:00Z');
    expect((await publish({ year: 2024, approvedBy: 'Partners’ executive', approvedOn: '2025-03-19' })).body).toMatchObject({
      status: 422,
      rule: 'yearly-report-year-not-ended',
    });
    clock.set('2025-05-01T10:00:00Z');
    expect((await publish({ year: 2024, approvedBy: 'x', approvedOn: '2025-04-30' }, 'north-viewer')).status).toBe(403);
    expect((await publish({ year: 2024, approvedBy: 'x', approvedOn: '2025-04-30' }, 'north-agency-police')).status).toBe(403);
    const bad = await publish({ year: 2024, approvedOn: '2025-04-30', status: 'published' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await publish({ year: 2024, approvedBy: 'x', approvedOn: '2025-03-31' })).body).toMatchObject({
      status: 422,
      rule: 'approved-before-year-end',
    });
    expect((await publish({ year: 2024, approvedBy: 'x', approvedOn: '2025-05-02' })).body).toMatchObject({
      status: 422,
      rule: 'date-in-future',
    });
    expect((await get()).body.publication).toBeUndefined();
  });

  it('gives notifications by kind and their total, and statutory and local reviews apart', async () => {
    clock.set('2025-05-01T10:00:00Z');
    const { figures } = (await get()).body;
    expect(figures.notifications.notified).toEqual({
      value: 2,
      cases: [ids['A']!, ids['K']!].map(({ id, reference }) => ({ id, reference })),
    });
    expect(figures.notifications.withinFiveWorkingDays.value).toBe(2);
    expect(figures.notifications.byKind.seriousIncident.notified.value).toBe(1);
    expect(figures.notifications.byKind.lookedAfterChildDeath.notified.value).toBe(1);
    expect(figures.notifications.byKind.careLeaverDeath.notified.value).toBe(0);
    expect(figures.rapidReviews.completed.value).toBe(0);
    expect(figures.localReviews.rapidReviews).toEqual({ value: 1, cases: [{ id: ids['F']!.id, reference: ids['F']!.reference }] });
  });

  it('freezes the figures with who approved them and when (approved 30 April, published 1 May 2025)', async () => {
    clock.set('2025-05-01T10:00:00Z');
    const response = await publish({ year: 2024, approvedBy: 'Safeguarding partners’ executive (synthetic)', approvedOn: '2025-04-30' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers.get('location')).toBe('/api/reports/yearly?year=2024');
    expect(response.body.publication).toEqual({
      approvedBy: 'Safeguarding partners’ executive (synthetic)',
      approvedOn: '2025-04-30',
      publishedBy: { userId: 'north-chair', role: 'chair' },
      publishedAt: '2025-05-01T10:00:00.000Z',
      asRecordedAt: '2025-05-01T10:00:00.000Z',
    });
    expect(response.body.reviews.map((r: { case: { reference: string }; kind: string }) => [r.case.reference, r.kind])).toEqual([
      [ids['F']!.reference, 'local'],
    ]);
    const again = await publish({ year: 2024, approvedBy: 'x', approvedOn: '2025-04-30' });
    expect(again.status).toBe(409);
  });

  it('stays as published when a case of the year is recorded later (16 May), and lists the addition', async () => {
    await open('S', '2025-05-16T10:00:00Z', { route: 'serious-incident', laAwareOn: '2025-03-24' });
    await send('S', '2025-05-16T11:00:00Z', 'north-business-unit', { type: 'sin.submitted', submittedOn: '2025-03-27' });
    clock.set('2025-05-20T10:00:00Z');
    const report = (await get()).body;
    expect(report.asRecordedAt).toBe('2025-05-01T10:00:00.000Z');
    expect(report.figures.notifications.notified.value).toBe(2);
    expect(report.figures.notifications.byKind.seriousIncident.notified.value).toBe(1);
    const byFigure = new Map(report.recordedAfterPublication.map((change: { figure: string }) => [change.figure, change]));
    expect(byFigure.get('notifications.notified')).toEqual({
      figure: 'notifications.notified',
      publishedValue: 2,
      currentValue: 3,
      added: [ids['S']!.reference],
      removed: [],
    });
    expect(byFigure.get('notifications.byKind.seriousIncident.withinFiveWorkingDays')).toEqual({
      figure: 'notifications.byKind.seriousIncident.withinFiveWorkingDays',
      publishedValue: 1,
      currentValue: 2,
      added: [ids['S']!.reference],
      removed: [],
    });
    expect(byFigure.get('referrals.received')).toMatchObject({ publishedValue: 3, currentValue: 4, added: [ids['S']!.reference] });
    // every change names the late case; nothing published was taken away
    for (const change of report.recordedAfterPublication) expect(change).toMatchObject({ added: [ids['S']!.reference], removed: [] });
    // asking as recorded now reproduces the live figures (the late case counted, in the year it happened)
    const live = (await get(`year=2024&asRecordedAt=2025-05-20T10:00:00Z`)).body;
    expect(live.figures.notifications.notified.value).toBe(3);
    expect(live.publication.approvedOn).toBe('2025-04-30');
    const stored = await api.database.connection.collection('yearly_report_publications').countDocuments({ partnershipId: 'north' });
    expect(stored).toBe(1);
  });
});
