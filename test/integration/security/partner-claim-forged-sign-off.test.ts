import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../../src/access/token-verifier.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 4 (issue 14): the bearer token's `partner` claim was trusted (role and organisation were
// checked against the stored user; `partner` was not), and `partner` decides whose sign-off it is.
// The attack: the local authority's partner lead presents a token that claims the police partner
// (a mis-mapped claim at the identity provider is enough) and signs the rapid review off for the
// police. The principal must come from the stored user instead.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let version: number;

async function send(as: string, body: Record<string, unknown>) {
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"` } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  version = response.body.case.version;
}

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
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  version = opened.body.version;
  await send('north-business-unit', { type: 'partners.informed', informedOn: '2025-03-03' });
  await send('north-business-unit', { type: 'sin.submitted', submittedOn: '2025-03-03' });
  await send('north-business-unit', { type: 'rapid-review.meeting-held', heldOn: '2025-03-03' });
  await send('north-chair', {
    type: 'rapid-review.decided',
    localReview: false,
    nationalReviewSuggested: false,
    criteriaMet: [],
    reasons: 'Synthetic reasons.',
  });
});
afterAll(() => api?.close());

describe('a partner lead whose token claims another partner', () => {
  it('cannot sign off for the partner the token claims, only for their own', async () => {
    // Signed by the key the service trusts: the token is genuine, its partner claim is wrong.
    const forged = await issueDevToken(api.config, {
      sub: 'north-lead-la',
      role: 'partner-lead',
      partnership: 'north',
      org: 'north-childrens-services',
      partner: 'police',
    });
    const attempt = await fetch(`${api.baseUrl}/api/cases/${caseId}/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${forged}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify({ type: 'rapid-review.signed-off', partner: 'police' }),
    });
    expect(attempt.status).toBe(403);
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-chair' });
    expect(history.body.items.filter((item: { type: string }) => item.type === 'rapid-review.signed-off')).toEqual([]);

    // With the same token the lead signs for the partner the stored user is: the local authority.
    const own = await fetch(`${api.baseUrl}/api/cases/${caseId}/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${forged}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify({ type: 'rapid-review.signed-off', partner: 'local-authority' }),
    });
    expect(own.status).toBe(200);
    const recorded = (await own.json()) as { event: { actor: { userId: string }; fields: { partner: string } } };
    expect(recorded.event.fields.partner).toBe('local-authority');
  });
});
