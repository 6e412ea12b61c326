import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 1 (issue 14): an agency asked for information reads the partners' confidential
// reasoning through GET /api/cases/:id/history, event results and idempotent replays. The attack:
// drive a case through screening-grade decisions (the chair's reasons, the Panel's comments, a
// pause for a criminal trial, a reviewer appointed, a second agency asked), then read it as the
// school. Each role's answer is checked against its own allow-list, written out here by hand.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let version: number;
let schoolReturn: Awaited<ReturnType<typeof send>>;
const POLICE_RETURN = { type: 'agency-information.returned', agency: 'north-police', returnedOn: '2025-03-04' };

const SECRETS = {
  decision: 'Decision reasons only the partners may read',
  panel: 'Panel comments only the partners may read',
  pause: 'Trial of the alleged perpetrator listed for the autumn',
};

/** Keys of one history entry each role may receive. */
const FULL_ENTRY_KEYS = ['actor', 'at', 'fields', 'seq', 'stateAfter', 'stateBefore', 'type', 'version'];
const AGENCY_ENTRY_KEYS = ['at', 'fields', 'seq', 'stage', 'type'];
/** An agency also gets who acted, for its own organisation's events only. */
const AGENCY_OWN_ENTRY_KEYS = ['actor', ...AGENCY_ENTRY_KEYS];
/** What an agency's case view may hold (src/cases/case.views.ts narrows it already; checked again here). */
const AGENCY_CASE_KEYS = [
  'acceptedEvents',
  'caseData',
  'deadlines',
  'final',
  'id',
  'informationRequests',
  'openedOn',
  'reference',
  'referredByYou',
  'route',
  'stage',
  'state',
  'updatedAt',
  'version',
];
const FULL_ROLES_USERS = [
  'north-chair',
  'north-business-unit',
  'north-lead-la',
  'north-lead-police',
  'north-lead-health',
  'north-reviewer',
  'north-viewer',
  'north-admin',
];

async function send(as: string, at: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  clock.set(at);
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"`, ...headers } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  version = response.body.case.version;
  return response;
}

const sortedKeys = (value: object) => Object.keys(value).sort();

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  caseId = opened.body.id;
  version = opened.body.version;
  await send('north-business-unit', '2025-03-04T12:00:00Z', {
    type: 'agency-information.requested',
    agencies: ['north-school', 'north-police'],
  });
  schoolReturn = await send('north-agency-school', '2025-03-04T14:00:00Z', {
    type: 'agency-information.returned',
    agency: 'north-school',
    returnedOn: '2025-03-04',
  });
  await send('north-agency-police', '2025-03-04T15:00:00Z', POLICE_RETURN, { 'Idempotency-Key': 'police-return-1' });
  await send('north-business-unit', '2025-03-05T12:00:00Z', { type: 'partners.informed', informedOn: '2025-03-05' });
  await send('north-business-unit', '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' });
  await send('north-business-unit', '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' });
  await send('north-chair', '2025-03-18T16:00:00Z', {
    type: 'rapid-review.decided',
    localReview: true,
    nationalReviewSuggested: false,
    criteriaMet: ['improvements-needed'],
    reasons: SECRETS.decision,
  });
  for (const [user, partner] of [
    ['north-lead-la', 'local-authority'],
    ['north-lead-police', 'police'],
    ['north-lead-health', 'health'],
  ] as const) {
    await send(user, '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner });
  }
  await send('north-business-unit', '2025-03-21T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2025-03-21' });
  await send('north-business-unit', '2025-04-03T10:00:00Z', { type: 'panel.responded', response: 'agreed', comments: SECRETS.panel });
  await send('north-chair', '2025-04-14T10:00:00Z', { type: 'local-review.commissioned', commissionedOn: '2025-04-14' });
  await send('north-chair', '2025-04-22T10:00:00Z', { type: 'reviewer.appointed', reviewerId: 'north-reviewer' });
  await send('north-chair', '2025-05-06T10:00:00Z', {
    type: 'local-review.paused',
    process: 'criminal-trial',
    expectedEndOn: '2025-10-31',
    reasons: SECRETS.pause,
  });
});
afterAll(() => api?.close());

describe('an agency reading a case it was asked about', () => {
  it('gets type, time and stage of the partners’ events, and nothing of their reasoning (history)', async () => {
    const response = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-agency-school' });
    expect(response.status).toBe(200);
    const text = JSON.stringify(response.body);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('north-police');
    expect(text).not.toContain('north-reviewer');
    expect(text).not.toContain('criminal-trial');
    const items = response.body.items as Record<string, unknown>[];
    expect(items.map((item) => item['type'])).toContain('local-review.paused');
    // Every event but the school's own return (seq 3) is another's: type, time and stage only.
    for (const item of items.filter((entry) => entry['seq'] !== 3)) {
      expect(sortedKeys(item)).toEqual(AGENCY_ENTRY_KEYS);
      expect(item['fields']).toEqual({});
    }
    expect(items.find((item) => item['type'] === 'local-review.paused')).toMatchObject({
      stage: 'localReview',
      at: '2025-05-06T10:00:00.000Z',
    });
  });

  it('sees the fields and actor of its own organisation’s events only', async () => {
    // The event result is the agency's view as well.
    expect(sortedKeys(schoolReturn.body.event)).toEqual(AGENCY_OWN_ENTRY_KEYS);
    expect(schoolReturn.body.event.fields).toEqual({ agency: 'north-school', returnedOn: '2025-03-04' });
    expect(schoolReturn.body.event.actor).toEqual({ userId: 'north-agency-school', role: 'agency', organisationId: 'north-school' });

    const school = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-agency-school' });
    expect(school.body.items.find((item: { seq: number }) => item.seq === 3)).toEqual({
      seq: 3,
      type: 'agency-information.returned',
      at: '2025-03-04T14:00:00.000Z',
      stage: 'notification',
      actor: { userId: 'north-agency-school', role: 'agency', organisationId: 'north-school' },
      fields: { agency: 'north-school', returnedOn: '2025-03-04' },
    });

    // The police agency was asked too: its own return (seq 4) in full, the school's (seq 3) not.
    const police = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-agency-police' });
    expect(police.status).toBe(200);
    const items = police.body.items as Record<string, unknown>[];
    expect(sortedKeys(items[2]!)).toEqual(AGENCY_ENTRY_KEYS);
    expect(items[2]).toMatchObject({ seq: 3, type: 'agency-information.returned', fields: {} });
    expect(items[3]).toMatchObject({
      seq: 4,
      type: 'agency-information.returned',
      fields: { agency: 'north-police' },
      actor: { userId: 'north-agency-police' },
    });
    expect(JSON.stringify(police.body)).not.toContain('north-school');
  });

  it('every role that sees the whole case gets exactly the full allow-list, reasons included', async () => {
    for (const user of FULL_ROLES_USERS) {
      const response = await api.call('GET', `/api/cases/${caseId}/history`, { as: user });
      expect(response.status, user).toBe(200);
      for (const item of response.body.items as Record<string, unknown>[]) expect(sortedKeys(item), user).toEqual(FULL_ENTRY_KEYS);
      const text = JSON.stringify(response.body);
      for (const secret of Object.values(SECRETS)) expect(text, user).toContain(secret);
    }
  });

  it('an idempotent replay answers with the replaying agency’s view', async () => {
    // Sent again after the case moved on (the pause), with the same key and body: the first result.
    const again = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-agency-police',
      body: POLICE_RETURN,
      headers: { 'If-Match': `"${version}"`, 'Idempotency-Key': 'police-return-1' },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(sortedKeys(again.body.event)).toEqual(AGENCY_OWN_ENTRY_KEYS);
    for (const key of Object.keys(again.body.case)) expect(AGENCY_CASE_KEYS).toContain(key);
    expect(JSON.stringify(again.body)).not.toContain(SECRETS.pause);
  });
});
