import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 11 (issue 14), its first part: progress notes and evidence of impact had no cap per
// action, so one user could grow a single document towards the 16 MB limit, after which every
// change to that action fails. The attack: keep adding notes and evidence to one action. Now each
// list holds at most ACTION_MAX_NOTES entries; one more is a 422 that changes nothing.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;
let actionId: string;
let version = 1;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { ACTION_MAX_NOTES: '5' } });
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-chair',
    body: { source: 'multi-agency-audit', text: 'Strengthen strategy discussions.' },
  });
  const action = await api.call('POST', '/api/actions', {
    as: 'north-chair',
    body: {
      recommendationId: recommendation.body.id,
      text: 'Refresh training.',
      ownerOrganisationId: 'north-school',
      lead: 'Head of safeguarding',
      targetOn: '2025-06-30',
    },
  });
  expect(action.status, JSON.stringify(action.body)).toBe(201);
  actionId = action.body.id;
});
afterAll(() => api?.close());

async function post(body: Record<string, unknown>) {
  const response = await api.call('POST', `/api/actions/${actionId}/events`, {
    as: 'north-agency-school',
    body,
    headers: { 'If-Match': `"${version}"` },
  });
  if (response.status === 200) version = response.body.action.version;
  return response;
}

describe('an action fed note after note', () => {
  it('takes ACTION_MAX_NOTES progress notes, then refuses with 422 and changes nothing', async () => {
    for (let note = 1; note <= 5; note += 1)
      expect((await post({ type: 'action.progress-noted', text: `Synthetic note ${note}.` })).status).toBe(200);
    const refused = await post({ type: 'action.progress-noted', text: 'One note too many.' });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('action-notes-full');
    const stored = await api.database.connection.collection('actions').findOne({ _id: actionId as never });
    expect(stored?.['progressNotes']).toHaveLength(5);
    expect(stored?.['version']).toBe(version);
  });

  it('and the same for evidence of impact', async () => {
    for (let item = 1; item <= 5; item += 1)
      expect((await post({ type: 'action.impact-evidenced', text: `Synthetic evidence ${item}.`, evidencedOn: '2025-03-04' })).status).toBe(
        200,
      );
    const refused = await post({ type: 'action.impact-evidenced', text: 'One too many.', evidencedOn: '2025-03-04' });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('action-notes-full');
    const stored = await api.database.connection.collection('actions').findOne({ _id: actionId as never });
    expect(stored?.['impactEvidence']).toHaveLength(5);
  });
});
