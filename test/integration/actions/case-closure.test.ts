import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { createAction, createRecommendation, openCase, sendEvent } from './action-fixture.js';

// The case component asks this one how many of a case's actions are still open (not signed off
// by the chair) before an ordinary `case.closed` (wired in src/api.ts).
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let caseVersion: number;

async function caseEvent(as: string, body: Record<string, unknown>) {
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${caseVersion}"` } });
  if (response.status === 200) caseVersion = response.body.case.version;
  return response;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await openCase(api, 'north-business-unit', 'national-review');
  caseId = opened.id;
  caseVersion = opened.version;
  expect((await caseEvent('north-chair', { type: 'learning.completed' })).status).toBe(200);
  expect((await caseEvent('north-chair', { type: 'action-plan.completed' })).status).toBe(200);
});
afterAll(() => api?.close());

describe('case.closed counts the case’s open actions', () => {
  let actionId: string;

  it('the business unit cannot close a case with an action not signed off', async () => {
    const recommendation = await createRecommendation(api, { source: 'national-review', caseId, text: 'National findings' });
    actionId = (
      await createAction(api, {
        recommendationId: recommendation.id,
        text: 'Act on findings',
        ownerOrganisationId: 'north-police',
        lead: 'DCI',
        targetOn: '2025-05-30',
      })
    ).id;
    // An action of a case-less recommendation does not count against the case.
    const other = await createRecommendation(api, { source: 'section-11', text: 'Unrelated' });
    await createAction(api, {
      recommendationId: other.id,
      text: 'Unrelated',
      ownerOrganisationId: 'north-police',
      lead: 'DCI',
      targetOn: '2025-05-30',
    });
    const refused = await caseEvent('north-business-unit', { type: 'case.closed', reasons: 'done' });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('closure-needs-completed-actions-or-chair');
    expect(refused.body.detail).toMatch(/^1 action\(s\) are open/);
  });

  it('reported complete is still open until the chair signs it off', async () => {
    expect((await sendEvent(api, 'north-agency-police', actionId, 1, { type: 'action.rag-changed', rag: 'complete' })).status).toBe(200);
    const refused = await caseEvent('north-business-unit', { type: 'case.closed', reasons: 'done' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/^1 action\(s\) are open/);
  });

  it('once the chair signs it off the case closes, and takes no new recommendations', async () => {
    expect((await sendEvent(api, 'north-chair', actionId, 2, { type: 'action.signed-off' })).status).toBe(200);
    const closed = await caseEvent('north-business-unit', { type: 'case.closed', reasons: 'actions complete, learning spread' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.case.final).toBe(true);
    const late = await api.call('POST', '/api/recommendations', {
      as: 'north-chair',
      body: { source: 'national-review', caseId, text: 'Too late' },
    });
    expect(late.status).toBe(422);
    expect(late.body.rule).toBe('case-closed');
  });
});
