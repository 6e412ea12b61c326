import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// RELIABILITY rows 1 and 2: every role of the `north` partnership against every route that names
// an object, with objects of the `south` partnership and (for agency users) of another agency.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;

const NORTH_USERS = [
  'north-chair',
  'north-business-unit',
  'north-lead-la',
  'north-lead-police',
  'north-lead-health',
  'north-agency-school',
  'north-agency-police',
  'north-agency-yjs',
  'north-reviewer',
  'north-viewer',
  'north-admin',
];
const inside = { caseId: '' };
const foreign = {
  southCase: '',
  southRecommendation: '',
  southAction: '',
  southFeedToken: '',
  policeCase: '',
  policeAction: '',
  southReference: '',
};
const feedTokens = new Map<string, string>();

/** Each user's own calendar feed token (feeds authenticate with it instead of a bearer token). */
async function feedTokenOf(user: string): Promise<string> {
  if (!feedTokens.has(user)) {
    const response = await api.call('POST', '/api/feed-tokens', { as: user, body: { label: 'Calendar' } });
    expect(response.status).toBe(201);
    feedTokens.set(user, response.body.token);
  }
  return feedTokens.get(user)!;
}

async function created(response: { status: number; body: { id: string } }) {
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opening = { incidentOn: '2025-03-01', laAwareOn: '2025-03-03', children: [{ ageBand: '5-9', sex: 'female', legalStatus: [] }] };
  const southCase = await api.call('POST', '/api/cases', {
    as: 'south-business-unit',
    body: { route: 'serious-incident', laArea: 'Southshire', ...opening },
  });
  foreign.southCase = await created(southCase);
  foreign.southReference = southCase.body.reference;
  foreign.southRecommendation = await created(
    await api.call('POST', '/api/recommendations', {
      as: 'south-chair',
      body: { source: 'multi-agency-audit', text: 'Improve information sharing at the front door.' },
    }),
  );
  foreign.southAction = await created(
    await api.call('POST', '/api/actions', {
      as: 'south-chair',
      body: {
        recommendationId: foreign.southRecommendation,
        text: 'Audit ten referrals.',
        ownerOrganisationId: 'south-school',
        lead: 'Head of safeguarding',
        targetOn: '2025-06-30',
      },
    }),
  );
  foreign.southFeedToken = await created(await api.call('POST', '/api/feed-tokens', { as: 'south-chair', body: { label: 'Outlook' } }));
  // In north: a referral from the police agency and an action it owns, which the school must not see.
  foreign.policeCase = await created(
    await api.call('POST', '/api/cases', { as: 'north-agency-police', body: { route: 'referral', laArea: 'Northshire', ...opening } }),
  );
  const northRecommendation = await created(
    await api.call('POST', '/api/recommendations', {
      as: 'north-chair',
      body: { source: 'multi-agency-audit', text: 'Strengthen strategy discussions.' },
    }),
  );
  foreign.policeAction = await created(
    await api.call('POST', '/api/actions', {
      as: 'north-chair',
      body: {
        recommendationId: northRecommendation,
        text: 'Refresh training.',
        ownerOrganisationId: 'north-police',
        lead: 'Detective inspector',
        targetOn: '2025-06-30',
      },
    }),
  );
  // In north: a case the school was asked about, withdrawn with reasons only the partners may read.
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: { route: 'serious-incident', laArea: 'Northshire', ...opening },
  });
  inside.caseId = await created(opened);
  const requested = await api.call('POST', `/api/cases/${inside.caseId}/events`, {
    as: 'north-business-unit',
    body: { type: 'agency-information.requested', agencies: ['north-school'] },
    headers: { 'If-Match': '"1"' },
  });
  expect(requested.status, JSON.stringify(requested.body)).toBe(200);
  const submitted = await api.call('POST', `/api/cases/${inside.caseId}/events`, {
    as: 'north-business-unit',
    body: { type: 'sin.submitted', submittedOn: '2025-03-04' },
    headers: { 'If-Match': '"2"' },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const withdrawn = await api.call('POST', `/api/cases/${inside.caseId}/events`, {
    as: 'north-chair',
    body: { type: 'sin.withdrawn', reasons: INSIDE_SECRET },
    headers: { 'If-Match': '"3"' },
  });
  expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
});
afterAll(() => api?.close());

const INSIDE_SECRET = 'Withdrawal reasons for the partners only';

/**
 * What each role may find inside a case it may read (issue 14, finding 1), written out by hand:
 * the keys of the case and of each history entry, and whether the partners' reasons are there.
 * Users absent from this table may not read the case at all (404).
 */
const FULL_CASE_KEYS = [
  'acceptedEvents',
  'caseData',
  'deadlines',
  'edition',
  'final',
  'id',
  'machine',
  'nextDueOn',
  'openedOn',
  'organisationIds',
  'record',
  'reference',
  'referringOrganisationId',
  'route',
  'stage',
  'state',
  'updatedAt',
  'version',
];
const FULL_ENTRY_KEYS = ['actor', 'at', 'fields', 'seq', 'stateAfter', 'stateBefore', 'type', 'version'];
const INSIDE_VIEWS: Record<string, { caseKeys: string[]; entryKeys: string[]; readsReasons: boolean }> = {
  'north-chair': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-business-unit': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-lead-la': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-lead-police': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-lead-health': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-viewer': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  'north-admin': { caseKeys: FULL_CASE_KEYS, entryKeys: FULL_ENTRY_KEYS, readsReasons: true },
  // Asked for information, not the referrer: no case data, and of the events type, time and stage.
  'north-agency-school': {
    caseKeys: [
      'acceptedEvents',
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
    ],
    entryKeys: ['at', 'fields', 'seq', 'stage', 'type'],
    readsReasons: false,
  },
};

interface Attempt {
  method: string;
  url: string;
  body?: unknown;
}

/** Every route that names one object, aimed at `id`. */
function objectAttempts(kind: 'case' | 'action' | 'recommendation' | 'feed-token', id: string, feedToken: string): Attempt[] {
  switch (kind) {
    case 'case':
      return [
        { method: 'GET', url: `/api/cases/${id}` },
        { method: 'GET', url: `/api/cases/${id}/history` },
        { method: 'GET', url: `/api/cases/${id}/verification` },
        { method: 'POST', url: `/api/cases/${id}/events`, body: { type: 'agency-information.requested', agencies: ['north-school'] } },
        { method: 'POST', url: `/api/cases/${id}/events`, body: { type: 'sin.submitted', submittedOn: '2025-03-04' } },
        { method: 'GET', url: `/api/cases/${id}/deadlines.ics?token=${encodeURIComponent(feedToken)}` },
        { method: 'GET', url: `/api/actions?caseId=${id}` },
        { method: 'GET', url: `/api/recommendations?caseId=${id}` },
      ];
    case 'action':
      return [
        { method: 'GET', url: `/api/actions/${id}` },
        { method: 'GET', url: `/api/actions/${id}/history` },
        { method: 'PATCH', url: `/api/actions/${id}`, body: { lead: 'Someone else' } },
        { method: 'POST', url: `/api/actions/${id}/events`, body: { type: 'action.progress-noted', text: 'Not ours to note.' } },
        { method: 'POST', url: `/api/actions/${id}/events`, body: { type: 'action.rag-changed', rag: 'red' } },
      ];
    case 'recommendation':
      return [
        { method: 'GET', url: `/api/recommendations/${id}` },
        {
          method: 'POST',
          url: '/api/actions',
          body: { recommendationId: id, text: 'Hijack.', ownerOrganisationId: 'north-school', lead: 'x', targetOn: '2025-06-30' },
        },
      ];
    case 'feed-token':
      return [{ method: 'DELETE', url: `/api/feed-tokens/${id}` }];
  }
}

const LIST_ROUTES = [
  '/api/cases',
  '/api/deadlines',
  '/api/recommendations',
  '/api/actions',
  '/api/feed-tokens',
  '/api/audit',
  '/api/reports/yearly?year=2024',
  '/api/deadlines.ics?token=TOKEN',
];

describe('authorisation matrix', () => {
  let attempts = 0;
  let leaks = 0;

  it('no north role reads or changes a south object, and no agency another agency’s', async () => {
    const targets: [string, 'case' | 'action' | 'recommendation' | 'feed-token', string][] = [];
    for (const user of NORTH_USERS) {
      targets.push(
        [user, 'case', foreign.southCase],
        [user, 'action', foreign.southAction],
        [user, 'recommendation', foreign.southRecommendation],
        [user, 'feed-token', foreign.southFeedToken],
      );
    }
    targets.push(
      ['north-agency-school', 'case', foreign.policeCase],
      ['north-agency-school', 'action', foreign.policeAction],
      ['north-agency-yjs', 'case', foreign.policeCase],
    );
    for (const [user, kind, id] of targets) {
      for (const attempt of objectAttempts(kind, id, await feedTokenOf(user))) {
        attempts += 1;
        const response = await api.call(attempt.method, attempt.url, {
          as: user,
          ...(attempt.body ? { body: attempt.body } : {}),
          headers: { 'If-Match': '"1"' },
        });
        const text = JSON.stringify(response.body ?? '');
        const leaked =
          (response.status >= 200 && response.status < 300 && !(attempt.url.includes('?caseId=') && !text.includes(id))) ||
          (response.status < 300 && text.includes(foreign.southReference));
        if (leaked) {
          leaks += 1;
          console.log(`LEAK ${user} ${attempt.method} ${attempt.url} → ${response.status}`);
        }
      }
    }
    expect(leaks).toBe(0);
  });

  it('lists never contain another partnership’s objects', async () => {
    const southIds = [foreign.southCase, foreign.southAction, foreign.southRecommendation, foreign.southFeedToken, foreign.southReference];
    for (const user of NORTH_USERS) {
      for (const route of LIST_ROUTES) {
        attempts += 1;
        const response = await api.call('GET', route.replace('TOKEN', encodeURIComponent(await feedTokenOf(user))), { as: user });
        expect(response.status, `${user} ${route}`).toBeLessThan(500);
        // The audit log rightly records north users' own attempts on south ids; what must never
        // appear there is a row of another partnership.
        const text =
          route === '/api/audit' && response.status === 200
            ? JSON.stringify((response.body.items as { partnershipId?: string }[]).filter((row) => row.partnershipId !== 'north'))
            : typeof response.body === 'string'
              ? response.body
              : JSON.stringify(response.body ?? '');
        const leaked = southIds.some((id) => text.includes(id)) || (user === 'north-agency-school' && text.includes(foreign.policeCase));
        if (leaked) {
          leaks += 1;
          console.log(`LEAK ${user} GET ${route}`);
        }
      }
    }
    expect(leaks).toBe(0);
  });

  it('inside a case it may read, each role finds exactly its allow-list', async () => {
    for (const user of NORTH_USERS) {
      const view = await api.call('GET', `/api/cases/${inside.caseId}`, { as: user });
      const history = await api.call('GET', `/api/cases/${inside.caseId}/history`, { as: user });
      const allowed = INSIDE_VIEWS[user];
      attempts += 2;
      if (!allowed) {
        expect([view.status, history.status], user).toEqual([404, 404]);
        continue;
      }
      expect([view.status, history.status], user).toEqual([200, 200]);
      expect(Object.keys(view.body).sort(), user).toEqual(allowed.caseKeys);
      expect(history.body.items, user).toHaveLength(4);
      for (const item of history.body.items) expect(Object.keys(item).sort(), user).toEqual(allowed.entryKeys);
      const text = JSON.stringify([view.body, history.body]);
      expect(text.includes(INSIDE_SECRET), user).toBe(allowed.readsReasons);
    }
  });

  it('left every foreign object exactly as it was', async () => {
    const southCase = await api.call('GET', `/api/cases/${foreign.southCase}/history`, { as: 'south-chair' });
    expect(southCase.body.items.map((item: { type: string }) => item.type)).toEqual(['case.opened']);
    const southAction = await api.call('GET', `/api/actions/${foreign.southAction}/history`, { as: 'south-chair' });
    expect(southAction.status).toBe(200);
    expect(southAction.body.items).toHaveLength(1);
    const tokens = await api.call('GET', '/api/feed-tokens', { as: 'south-chair' });
    expect(JSON.stringify(tokens.body)).toContain(foreign.southFeedToken);
    const policeCase = await api.call('GET', `/api/cases/${foreign.policeCase}/history`, { as: 'north-chair' });
    expect(policeCase.body.items).toHaveLength(1);
    console.log(
      `0 of ${attempts} cross-organisation attempts returned data or changed state (${NORTH_USERS.length} roles' users × objects of another partnership and another agency)`,
    );
  });
});
