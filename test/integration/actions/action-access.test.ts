import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { createAction, createRecommendation } from './action-fixture.js';

// Authorisation matrix (RELIABILITY rows 1 and 2): every principal that must not reach an object
// tries every endpoint on it. None may get its data or change it; a foreign object answers 404
// exactly like a missing one, and a role the route does not admit gets 403.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
const objects: Record<string, { recommendationId: string; actionId: string; owner: string; partnership: string }> = {};

const NORTH_ROLES = [
  'chair',
  'business-unit',
  'lead-la',
  'lead-police',
  'lead-health',
  'agency-school',
  'agency-police',
  'agency-yjs',
  'reviewer',
  'viewer',
  'admin',
];
const OWNER_OF_AGENCY: Record<string, string> = { 'agency-school': 'school', 'agency-police': 'police', 'agency-yjs': 'yjs' };

/** Whether `user` may reach an object of `partnership` owned by organisation suffix `owner`. */
function mayReach(user: string, partnership: string, owner: string): boolean {
  const [userPartnership, ...rest] = user.split('-');
  const role = rest.join('-');
  if (userPartnership !== partnership) return false;
  if (role === 'reviewer') return false;
  const agencyOwner = OWNER_OF_AGENCY[role];
  return agencyOwner === undefined || agencyOwner === owner;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  for (const [partnership, owner] of [
    ['north', 'school'],
    ['north', 'police'],
    ['south', 'school'],
  ] as const) {
    const recommendation = await createRecommendation(
      api,
      { source: 'section-11', text: `${partnership} ${owner} recommendation` },
      `${partnership}-chair`,
    );
    const action = await createAction(
      api,
      {
        recommendationId: recommendation.id,
        text: `${partnership} ${owner} action`,
        ownerOrganisationId: `${partnership}-${owner}`,
        lead: 'Lead',
        targetOn: '2025-01-31',
      },
      `${partnership}-chair`,
    );
    objects[`${partnership}-${owner}`] = { recommendationId: recommendation.id, actionId: action.id, owner, partnership };
  }
});
afterAll(() => api?.close());

describe('cross-organisation and cross-partnership attempts', () => {
  it('0 of N attempts on objects the caller may not reach return data or change state', async () => {
    const users = [...NORTH_ROLES.map((role) => `north-${role}`), 'south-chair', 'south-agency-school', 'south-viewer'];
    const versionsBefore = await Promise.all(
      Object.values(objects).map(async (o) => [
        o.actionId,
        (await api.database.connection.collection('actions').findOne({ _id: o.actionId as never }))?.['version'],
      ]),
    );
    let attempts = 0;
    const leaks: string[] = [];
    for (const user of users) {
      for (const object of Object.values(objects)) {
        if (mayReach(user, object.partnership, object.owner)) continue;
        const { actionId, recommendationId } = object;
        const calls: [string, string, unknown?, Record<string, string>?][] = [
          ['GET', `/api/actions/${actionId}`],
          ['GET', `/api/actions/${actionId}/history`],
          ['GET', `/api/recommendations/${recommendationId}`],
          ['PATCH', `/api/actions/${actionId}`, { lead: 'Taken over' }, { 'If-Match': '"1"' }],
          ['POST', `/api/actions/${actionId}/events`, { type: 'action.progress-noted', text: 'Injected' }, { 'If-Match': '"1"' }],
          ['POST', `/api/actions/${actionId}/events`, { type: 'action.rag-changed', rag: 'complete' }, { 'If-Match': '"1"' }],
          [
            'POST',
            `/api/actions/${actionId}/events`,
            { type: 'action.impact-evidenced', text: 'Injected', evidencedOn: '2025-03-01' },
            { 'If-Match': '"1"' },
          ],
          ['POST', `/api/actions/${actionId}/events`, { type: 'action.signed-off' }, { 'If-Match': '"1"' }],
          [
            'POST',
            '/api/actions',
            {
              recommendationId,
              text: 'Injected',
              ownerOrganisationId: `${object.partnership}-${object.owner}`,
              lead: 'x',
              targetOn: '2025-12-31',
            },
          ],
        ];
        for (const [method, url, body, headers] of calls) {
          attempts += 1;
          const response = await api.call(method, url, {
            as: user,
            ...(body !== undefined ? { body } : {}),
            ...(headers ? { headers } : {}),
          });
          const allowedStatuses = [403, 404, 422];
          const text = JSON.stringify(response.body);
          // The problem may echo the id the caller sent, but never anything stored with the object.
          if (
            !allowedStatuses.includes(response.status) ||
            text.includes(`${object.partnership} ${object.owner}`) ||
            text.includes('"lead"')
          ) {
            leaks.push(`${user} ${method} ${url} → ${response.status}`);
          }
          // A foreign object is indistinguishable from a missing one.
          if (response.status === 422) expect(response.body.rule, `${user} ${method} ${url}`).toBe('recommendation-unknown');
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(attempts).toBeGreaterThan(200);
    console.info(`authorisation matrix: 0 of ${attempts} cross-organisation attempts returned data or changed state`);
    for (const [id, version] of versionsBefore) {
      expect((await api.database.connection.collection('actions').findOne({ _id: id as never }))?.['version']).toBe(version);
    }
    expect(await api.database.connection.collection('actions').countDocuments({ text: 'Injected' })).toBe(0);
  });

  it('lists and exports never include an object the caller may not reach', async () => {
    const users = [...NORTH_ROLES.map((role) => `north-${role}`), 'south-chair', 'south-agency-school'];
    for (const user of users) {
      for (const url of ['/api/actions', '/api/recommendations']) {
        for (const accept of ['application/json', 'text/csv']) {
          const response = await api.call('GET', url, { as: user, headers: { Accept: accept } });
          if (user.endsWith('-reviewer')) {
            expect(response.status, `${user} ${url}`).toBe(403);
            continue;
          }
          expect(response.status, `${user} ${url} ${accept}`).toBe(200);
          const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
          for (const [key, object] of Object.entries(objects)) {
            const visible = mayReach(user, object.partnership, object.owner);
            const label = url === '/api/actions' ? `${key.replace('-', ' ')} action` : `${key.replace('-', ' ')} recommendation`;
            expect(text.includes(label), `${user} ${url} ${accept} ${label}`).toBe(visible);
          }
        }
      }
    }
  });
});

describe('role policy on every route', () => {
  it.each([
    ['north-viewer', 'POST', '/api/recommendations'],
    ['north-admin', 'POST', '/api/actions'],
    ['north-lead-police', 'PATCH', '/api/actions/:id'],
    ['north-viewer', 'POST', '/api/actions/:id/events'],
    ['north-reviewer', 'GET', '/api/actions/:id'],
    ['north-reviewer', 'GET', '/api/actions/:id/history'],
    ['north-reviewer', 'GET', '/api/recommendations/:id'],
  ])('%s %s %s → 403', async (user, method, template) => {
    const object = objects['north-school']!;
    const url = template.replace(':id', template.includes('recommendations') ? object.recommendationId : object.actionId);
    const response = await api.call(method, url, {
      as: user,
      body: method === 'GET' ? undefined : { lead: 'x' },
      headers: { 'If-Match': '"1"' },
    });
    expect(response.status).toBe(403);
  });

  it('no route answers without a token', async () => {
    const { actionId, recommendationId } = objects['north-school']!;
    for (const [method, url] of [
      ['GET', '/api/actions'],
      ['POST', '/api/actions'],
      ['GET', `/api/actions/${actionId}`],
      ['PATCH', `/api/actions/${actionId}`],
      ['POST', `/api/actions/${actionId}/events`],
      ['GET', `/api/actions/${actionId}/history`],
      ['GET', '/api/recommendations'],
      ['POST', '/api/recommendations'],
      ['GET', `/api/recommendations/${recommendationId}`],
    ] as const) {
      expect((await api.call(method, url)).status, `${method} ${url}`).toBe(401);
    }
  });
});
