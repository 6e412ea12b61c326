import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../../src/access/token-verifier.js';
import { upsertUser } from '../../../src/partnerships/user.repository.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 6 (issue 14): Idempotency-Keys were scoped to the record, not the user. The attack:
// another user who can see the record sends the same key and body and is handed the first
// user's result, before any role check (a way to read a decision the role may not make, or to
// learn which keys were used). Keys are now the user's own, and the role is checked first.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let version: number;
let secondOfficer: string;

const DECISION = {
  type: 'rapid-review.decided',
  localReview: false,
  nationalReviewSuggested: false,
  criteriaMet: [],
  reasons: 'Synthetic decision reasons.',
};

async function send(as: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"`, ...headers } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  version = response.body.case.version;
  return response;
}

async function asSecondOfficer(url: string, method: string, body: unknown, headers: Record<string, string>) {
  return fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { Authorization: `Bearer ${secondOfficer}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  // A second business-unit officer of the same partnership: the same role, another user.
  await upsertUser(api.database.connection, {
    id: 'north-business-unit-2',
    partnershipId: 'north',
    name: 'Second Officer',
    email: 'business-unit-2@north.example.org',
    role: 'business-unit',
  });
  secondOfficer = await issueDevToken(api.config, { sub: 'north-business-unit-2', role: 'business-unit', partnership: 'north' });
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
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  version = opened.body.version;
});
afterAll(() => api?.close());

describe('an Idempotency-Key replayed by another user', () => {
  it('is not another user’s retry: the same role gets no replay of the first user’s event', async () => {
    const before = version;
    await send('north-business-unit', { type: 'partners.informed', informedOn: '2025-03-03' }, { 'Idempotency-Key': 'shared-key-1' });
    const replayed = await asSecondOfficer(
      `/api/cases/${caseId}/events`,
      'POST',
      { type: 'partners.informed', informedOn: '2025-03-03' },
      { 'If-Match': `"${before}"`, 'Idempotency-Key': 'shared-key-1' },
    );
    expect(replayed.headers.get('idempotent-replayed')).toBeNull();
    // Not a retry of theirs, so an ordinary write with a stale version: 412, nothing applied.
    expect(replayed.status).toBe(412);
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-chair' });
    expect(history.body.items.filter((item: { type: string }) => item.type === 'partners.informed')).toHaveLength(1);
  });

  it('is refused (403) when the role may not send the event, before anything is replayed', async () => {
    await send('north-business-unit', { type: 'sin.submitted', submittedOn: '2025-03-03' });
    await send('north-business-unit', { type: 'rapid-review.meeting-held', heldOn: '2025-03-03' });
    const before = version;
    await send('north-chair', DECISION, { 'Idempotency-Key': 'chair-decision-1' });
    for (const user of ['north-business-unit', 'north-agency-police', 'north-lead-la']) {
      const attempt = await api.call('POST', `/api/cases/${caseId}/events`, {
        as: user,
        body: DECISION,
        headers: { 'If-Match': `"${before}"`, 'Idempotency-Key': 'chair-decision-1' },
      });
      expect([attempt.status, attempt.headers.get('idempotent-replayed')], user).toEqual([
        user === 'north-agency-police' ? 404 : 403,
        null,
      ]);
      expect(JSON.stringify(attempt.body), user).not.toContain(DECISION.reasons);
    }
    // The chair's own retry is still a replay.
    const retry = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-chair',
      body: DECISION,
      headers: { 'If-Match': `"${before}"`, 'Idempotency-Key': 'chair-decision-1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('on a learning action, is not another user’s retry either', async () => {
    const recommendation = await api.call('POST', '/api/recommendations', {
      as: 'north-chair',
      body: { source: 'multi-agency-audit', text: 'Strengthen strategy discussions.' },
    });
    expect(recommendation.status).toBe(201);
    const action = await api.call('POST', '/api/actions', {
      as: 'north-chair',
      body: {
        recommendationId: recommendation.body.id,
        text: 'Refresh training.',
        ownerOrganisationId: 'north-police',
        lead: 'Detective inspector',
        targetOn: '2025-06-30',
      },
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    const note = { type: 'action.progress-noted', text: 'Synthetic progress note.' };
    const first = await api.call('POST', `/api/actions/${action.body.id}/events`, {
      as: 'north-business-unit',
      body: note,
      headers: { 'If-Match': '"1"', 'Idempotency-Key': 'note-1' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const replayed = await asSecondOfficer(`/api/actions/${action.body.id}/events`, 'POST', note, {
      'If-Match': '"1"',
      'Idempotency-Key': 'note-1',
    });
    expect(replayed.headers.get('idempotent-replayed')).toBeNull();
    expect(replayed.status).toBe(412);
  });
});
