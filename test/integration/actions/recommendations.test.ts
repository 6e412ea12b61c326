import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { RecommendationDetailSchema, RecommendationListSchema, RecommendationViewSchema } from '../../../src/actions/action.responses.js';
import { createAction, createRecommendation, openCase } from './action-fixture.js';

// Recommendations over HTTP against the real database. Clock: Monday 3 March 2025, 10:00 GMT.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let northCase: { id: string; reference: string };
let southCase: { id: string; reference: string };

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  northCase = await openCase(api);
  southCase = await openCase(api, 'south-business-unit');
});
afterAll(() => api?.close());

describe('POST /api/recommendations', () => {
  it('creates a rapid-review recommendation for a case of the partnership', async () => {
    const response = await api.call('POST', '/api/recommendations', {
      as: 'north-chair',
      body: {
        source: 'rapid-review',
        caseId: northCase.id,
        priority: 'neglect',
        text: 'Improve information sharing between school and police',
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const id = response.body.id as string;
    expect(id).toMatch(/^[a-f0-9]{32}$/);
    RecommendationViewSchema.parse(response.body);
    expect(response.headers.get('location')).toBe(`/api/recommendations/${id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      reference: 'NTH-R-0001',
      source: 'rapid-review',
      priority: 'neglect',
      caseId: northCase.id,
      caseReference: northCase.reference,
      createdOn: '2025-03-03',
      version: 1,
      actionCounts: { total: 0, open: 0, awaitingSignOff: 0, complete: 0, overdue: 0 },
    });
    const stored = await api.database.connection.collection('recommendations').findOne({ _id: id as never });
    expect(stored).toMatchObject({ partnershipId: 'north', seq: 1, caseId: northCase.id, version: 1 });
    expect(stored?.['history']).toHaveLength(1);
    expect(stored?.['history'][0]).toMatchObject({ type: 'recommendation.created', actor: { userId: 'north-chair', role: 'chair' } });
  });

  it('numbers recommendations per partnership', async () => {
    const second = await createRecommendation(api, { source: 'section-11', text: 'Section 11 audit follow-up' });
    expect(second.reference).toBe('NTH-R-0002');
    const south = await createRecommendation(api, { source: 'multi-agency-audit', text: 'Audit finding' }, 'south-chair');
    expect(south.reference).toBe('STH-R-0001');
  });

  it('refuses a case of another partnership exactly like a missing one (422 case-unknown)', async () => {
    const foreign = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { source: 'local-review', caseId: southCase.id, text: 'x' },
    });
    const missing = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { source: 'local-review', caseId: 'f'.repeat(32), text: 'x' },
    });
    expect(foreign.status).toBe(422);
    expect(missing.status).toBe(422);
    expect(foreign.body.rule).toBe('case-unknown');
    expect(foreign.body.detail).toBe(`There is no case ${southCase.id} in your partnership.`);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('validates the body strictly (400 naming the field)', async () => {
    const noCase = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { source: 'rapid-review', text: 'x' },
    });
    expect(noCase.status).toBe(400);
    expect(noCase.body.errors).toEqual([expect.objectContaining({ path: 'body.caseId' })]);
    const extra = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { source: 'section-11', text: 'x', partnershipId: 'south' },
    });
    expect(extra.status).toBe(400);
    const injected = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { source: 'section-11', text: { $gt: '' } },
    });
    expect(injected.status).toBe(400);
  });

  it('only the chair and the business unit create recommendations', async () => {
    for (const as of ['north-agency-school', 'north-viewer', 'north-admin', 'north-lead-police', 'north-reviewer']) {
      const response = await api.call('POST', '/api/recommendations', { as, body: { source: 'section-11', text: 'x' } });
      expect(response.status, as).toBe(403);
    }
    expect(await api.database.connection.collection('recommendations').countDocuments({ text: 'x' })).toBe(0);
  });

  it('replays a retried create with the same Idempotency-Key, and refuses the key for another body (422)', async () => {
    const body = { source: 'independent-scrutiny', text: 'Scrutiny recommendation' };
    const headers = { 'Idempotency-Key': 'rec-create-1' };
    const first = await api.call('POST', '/api/recommendations', { as: 'north-business-unit', body, headers });
    const again = await api.call('POST', '/api/recommendations', { as: 'north-business-unit', body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.id).toBe(first.body.id);
    expect(await api.database.connection.collection('recommendations').countDocuments({ text: 'Scrutiny recommendation' })).toBe(1);
    const reused = await api.call('POST', '/api/recommendations', {
      as: 'north-business-unit',
      body: { ...body, text: 'Something else' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reused');
  });

  it('five concurrent creates with one key make one recommendation', async () => {
    const body = { source: 'section-11', text: 'Concurrent create' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call('POST', '/api/recommendations', { as: 'north-business-unit', body, headers: { 'Idempotency-Key': 'rec-concurrent' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await api.database.connection.collection('recommendations').countDocuments({ text: 'Concurrent create' })).toBe(1);
  });
});

describe('GET /api/recommendations', () => {
  let schoolRecommendation: string;
  let policeRecommendation: string;

  beforeAll(async () => {
    schoolRecommendation = (
      await createRecommendation(api, { source: 'multi-agency-audit', priority: 'domestic-abuse', text: 'School recommendation' })
    ).id;
    policeRecommendation = (
      await createRecommendation(api, { source: 'multi-agency-audit', priority: 'domestic-abuse', text: 'Police recommendation' })
    ).id;
    await createAction(api, {
      recommendationId: schoolRecommendation,
      text: 'School action',
      ownerOrganisationId: 'north-school',
      lead: 'DSL',
      targetOn: '2025-03-02',
    });
    await createAction(api, {
      recommendationId: schoolRecommendation,
      text: 'Police action',
      ownerOrganisationId: 'north-police',
      lead: 'DI',
      targetOn: '2025-12-31',
    });
    await createAction(api, {
      recommendationId: policeRecommendation,
      text: 'Police only',
      ownerOrganisationId: 'north-police',
      lead: 'DI',
      targetOn: '2025-12-31',
    });
  });

  it('filters by source, priority and case', async () => {
    const bySource = await api.call('GET', '/api/recommendations?source=multi-agency-audit', { as: 'north-viewer' });
    expect(bySource.status).toBe(200);
    expect(bySource.body.items.map((item: { text: string }) => item.text)).toEqual(['School recommendation', 'Police recommendation']);
    const byPriority = await api.call('GET', '/api/recommendations?priority=neglect', { as: 'north-viewer' });
    expect(byPriority.body.items.map((item: { reference: string }) => item.reference)).toEqual(['NTH-R-0001']);
    const byCase = await api.call('GET', `/api/recommendations?caseId=${northCase.id}`, { as: 'north-viewer' });
    expect(byCase.body.total).toBe(1);
    const south = await api.call('GET', '/api/recommendations', { as: 'south-viewer' });
    expect(south.body.items.map((item: { reference: string }) => item.reference)).toEqual(['STH-R-0001']);
  });

  it('counts the actions under each recommendation (one overdue: target 2 March, today 3 March)', async () => {
    const response = await api.call('GET', `/api/recommendations/${schoolRecommendation}`, { as: 'north-chair' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body.actionCounts).toEqual({ total: 2, open: 2, awaitingSignOff: 0, complete: 0, overdue: 1 });
    expect(response.body.actions.map((action: { text: string; overdue: boolean }) => [action.text, action.overdue])).toEqual([
      ['School action', true],
      ['Police action', false],
    ]);
  });

  it('an agency sees only recommendations it owns an action under, with only its own actions and no case link', async () => {
    const list = await api.call('GET', '/api/recommendations', { as: 'north-agency-school' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([schoolRecommendation]);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].actionCounts).toEqual({ total: 1, open: 1, awaitingSignOff: 0, complete: 0, overdue: 1 });
    expect(list.body.items[0]).not.toHaveProperty('caseId');
    RecommendationListSchema.parse(list.body);
    const one = await api.call('GET', `/api/recommendations/${schoolRecommendation}`, { as: 'north-agency-school' });
    expect(RecommendationDetailSchema.parse(one.body)).not.toHaveProperty('caseReference');
    expect(one.body.actions.map((action: { text: string }) => action.text)).toEqual(['School action']);
    const other = await api.call('GET', `/api/recommendations/${policeRecommendation}`, { as: 'north-agency-school' });
    expect(other.status).toBe(404);
    const none = await api.call('GET', '/api/recommendations', { as: 'north-agency-yjs' });
    expect(none.body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });

  it('another partnership’s recommendation is a 404, like a missing one', async () => {
    const foreign = await api.call('GET', `/api/recommendations/${schoolRecommendation}`, { as: 'south-chair' });
    const missing = await api.call('GET', `/api/recommendations/${'0'.repeat(32)}`, { as: 'south-chair' });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.title).toBe(missing.body.title);
  });

  it('paginates in reference order', async () => {
    // Six north recommendations: R-0001, R-0002, R-0003, the concurrent one (the four replayed
    // requests used up numbers too, so its number is not known in advance), then two more.
    const all = await api.call('GET', '/api/recommendations?pageSize=200', { as: 'north-viewer' });
    expect(all.body.total).toBe(6);
    const references = all.body.items.map((item: { reference: string }) => item.reference) as string[];
    expect(references.slice(0, 3)).toEqual(['NTH-R-0001', 'NTH-R-0002', 'NTH-R-0003']);
    expect([...references].sort()).toEqual(references);
    const page = await api.call('GET', '/api/recommendations?page=2&pageSize=2', { as: 'north-viewer' });
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 6 });
    expect(page.body.items.map((item: { reference: string }) => item.reference)).toEqual(references.slice(2, 4));
    expect(page.body.items[1].text).toBe('Concurrent create');
  });

  it('reviewers have no access; unknown filters are a 400', async () => {
    expect((await api.call('GET', '/api/recommendations', { as: 'north-reviewer' })).status).toBe(403);
    expect((await api.call('GET', '/api/recommendations?status=open', { as: 'north-viewer' })).status).toBe(400);
    expect((await api.call('GET', '/api/recommendations?source[$ne]=x', { as: 'north-viewer' })).status).toBe(400);
    expect((await api.call('GET', '/api/recommendations')).status).toBe(401);
  });
});
