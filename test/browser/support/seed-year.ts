import { expect } from 'vitest';
import type { ApiTestContext } from '../../support/api-fixture.js';

/** Sets the clock, then sends one case event as `as`, at the case's current version. */
export function caseDriver(api: ApiTestContext, clock: { set(at: string): void }) {
  const versions = new Map<string, number>();
  return {
    async open(as: string, at: string, body: Record<string, unknown>): Promise<string> {
      clock.set(at);
      const response = await api.call('POST', '/api/cases', { as, body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      versions.set(response.body.id, response.body.version);
      return response.body.id as string;
    },
    async send(id: string, as: string, at: string, body: Record<string, unknown>): Promise<void> {
      clock.set(at);
      const response = await api.call('POST', `/api/cases/${id}/events`, { as, body, headers: { 'If-Match': `"${versions.get(id)}"` } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      versions.set(id, response.body.case.version);
    },
  };
}

const CHILD = [{ ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'] }];

/**
 * A small, synthetic reporting year 2024 (1 April 2024 to 31 March 2025) in `north`: a serious
 * incident whose notification and rapid review were on time and the Panel agreed no local review,
 * a referral screened to no further action, and four learning actions, one of each RAG.
 */
export async function seedReportingYear(
  api: ApiTestContext,
  clock: { set(at: string): void },
): Promise<{ sinCase: string; actionIds: string[] }> {
  const cases = caseDriver(api, clock);
  const sinCase = await cases.open('north-business-unit', '2024-05-01T10:00:00Z', {
    route: 'serious-incident',
    incidentOn: '2024-04-29',
    laAwareOn: '2024-05-01',
    children: CHILD,
    laArea: 'Northshire',
    themes: ['neglect'],
  });
  await cases.send(sinCase, 'north-business-unit', '2024-05-03T10:00:00Z', { type: 'sin.submitted', submittedOn: '2024-05-03' });
  await cases.send(sinCase, 'north-business-unit', '2024-05-14T10:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2024-05-14' });
  await cases.send(sinCase, 'north-chair', '2024-05-14T15:00:00Z', {
    type: 'rapid-review.decided',
    localReview: false,
    nationalReviewSuggested: false,
    criteriaMet: [],
    reasons: 'Learning is single-agency (synthetic).',
  });
  for (const [user, partner] of [
    ['north-lead-la', 'local-authority'],
    ['north-lead-police', 'police'],
    ['north-lead-health', 'health'],
  ]) {
    await cases.send(sinCase, user!, '2024-05-15T10:00:00Z', { type: 'rapid-review.signed-off', partner });
  }
  await cases.send(sinCase, 'north-business-unit', '2024-05-16T09:00:00Z', { type: 'partners.informed', informedOn: '2024-05-14' });
  await cases.send(sinCase, 'north-business-unit', '2024-05-16T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2024-05-16' });
  await cases.send(sinCase, 'north-business-unit', '2024-06-03T10:00:00Z', {
    type: 'panel.responded',
    response: 'agreed',
    localReview: false,
    comments: 'Agreed (synthetic).',
  });

  const referral = await cases.open('north-agency-school', '2024-09-10T10:00:00Z', {
    route: 'referral',
    incidentOn: '2024-09-02',
    laAwareOn: '2024-09-09',
    children: [{ ageBand: '10-15', sex: 'male', legalStatus: [] }],
    laArea: 'Northshire',
    themes: ['neglect', 'school attendance'],
  });
  await cases.send(referral, 'north-chair', '2024-09-20T10:00:00Z', {
    type: 'referral.screened',
    outcome: 'no-further-action',
    reasons: 'Single-agency follow-up (synthetic).',
  });

  clock.set('2024-06-10T10:00:00Z');
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-business-unit',
    body: { source: 'rapid-review', caseId: sinCase, text: 'Improve information sharing between school and health visiting (synthetic).' },
  });
  expect(recommendation.status, JSON.stringify(recommendation.body)).toBe(201);
  const actionIds: string[] = [];
  for (const [owner, rag] of [
    ['north-school', 'red'],
    ['north-icb', 'amber'],
    ['north-police', 'green'],
    ['north-school', 'green'],
  ] as const) {
    const action = await api.call('POST', '/api/actions', {
      as: 'north-business-unit',
      body: {
        recommendationId: recommendation.body.id,
        text: `Action owned by ${owner} (synthetic)`,
        ownerOrganisationId: owner,
        lead: 'Named lead (synthetic)',
        targetOn: '2024-12-31',
        rag,
      },
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    actionIds.push(action.body.id);
  }
  // The fourth is finished: rated complete, with evidence of impact.
  const last = actionIds[3]!;
  clock.set('2024-11-01T10:00:00Z');
  let version = 1;
  for (const body of [
    { type: 'action.impact-evidenced', text: 'Audit shows referrals now include health visiting (synthetic).', evidencedOn: '2024-10-31' },
    { type: 'action.rag-changed', rag: 'complete', reason: 'Done (synthetic).' },
  ]) {
    const response = await api.call('POST', `/api/actions/${last}/events`, {
      as: 'north-business-unit',
      body,
      headers: { 'If-Match': `"${version}"` },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    version = response.body.action.version;
  }
  return { sinCase, actionIds };
}
