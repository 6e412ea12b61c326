import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import {
  ActionChangeResultSchema,
  ActionHistorySchema,
  ActionListSchema,
  ActionViewSchema,
} from '../../../src/actions/action.responses.js';
import { createAction, createRecommendation, openCase, sendEvent, storedAction } from './action-fixture.js';

// Actions over HTTP against the real database. Clock: Monday 3 March 2025, 10:00 GMT.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseRef: { id: string; reference: string };
let recommendationId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  caseRef = await openCase(api);
  recommendationId = (
    await createRecommendation(api, { source: 'national-review', caseId: caseRef.id, priority: 'neglect', text: 'Neglect toolkit' })
  ).id;
});
afterAll(() => api?.close());

describe('POST /api/actions', () => {
  it('creates an action under a recommendation, copying its source, priority and case', async () => {
    const response = await api.call('POST', '/api/actions', {
      as: 'north-business-unit',
      body: {
        recommendationId,
        text: 'Roll out the neglect toolkit',
        ownerOrganisationId: 'north-school',
        lead: 'Designated safeguarding lead',
        targetOn: '2025-06-30',
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const id = response.body.id;
    expect(response.headers.get('location')).toBe(`/api/actions/${id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      reference: 'NTH-R-0001.1',
      recommendationId,
      recommendationReference: 'NTH-R-0001',
      source: 'national-review',
      priority: 'neglect',
      caseId: caseRef.id,
      caseReference: caseRef.reference,
      ownerOrganisationId: 'north-school',
      lead: 'Designated safeguarding lead',
      targetOn: '2025-06-30',
      recurrence: null,
      originalTarget: { targetOn: '2025-06-30', recurrence: null },
      dueOn: '2025-06-30',
      overdue: false,
      rag: 'green',
      status: 'open',
      hasImpactEvidence: false,
      progressNotes: [],
      impactEvidence: [],
      signOff: null,
      createdOn: '2025-03-03',
      version: 1,
    });
    // Only allow-listed fields (strict schema): no history, idempotency keys or tenant.
    ActionViewSchema.parse(response.body);
    expect(response.body).not.toHaveProperty('history');
    expect(response.body).not.toHaveProperty('idempotencyKeys');
    expect(response.body).not.toHaveProperty('partnershipId');
    const stored = await storedAction(api, id);
    expect(stored).toMatchObject({ partnershipId: 'north', version: 1, status: 'open', dueOn: '2025-06-30', recommendationSeq: 1, seq: 1 });
    expect(stored?.['history']).toEqual([
      expect.objectContaining({
        seq: 1,
        type: 'action.created',
        version: 1,
        actor: { userId: 'north-business-unit', role: 'business-unit' },
      }),
    ]);
  });

  it('a recurring action is due at the first scheduled date after its start', async () => {
    const action = await createAction(api, {
      recommendationId,
      text: 'Quarterly neglect audit',
      ownerOrganisationId: 'north-childrens-services',
      lead: 'Head of quality assurance',
      recurrence: { frequency: 'quarterly', startOn: '2025-01-31' },
      rag: 'amber',
    });
    expect(action.reference).toBe('NTH-R-0001.2');
    const view = await api.call('GET', `/api/actions/${action.id}`, { as: 'north-viewer' });
    expect(view.body).toMatchObject({
      targetOn: null,
      recurrence: { frequency: 'quarterly', startOn: '2025-01-31' },
      dueOn: '2025-04-30',
      rag: 'amber',
    });
  });

  it('refuses an owner outside the partnership, a missing recommendation and another partnership’s recommendation (422)', async () => {
    const south = await createRecommendation(api, { source: 'section-11', text: 'South only' }, 'south-chair');
    const base = { text: 'x', lead: 'y', targetOn: '2025-06-30' };
    const foreignOwner = await api.call('POST', '/api/actions', {
      as: 'north-chair',
      body: { ...base, recommendationId, ownerOrganisationId: 'south-school' },
    });
    expect(foreignOwner.status).toBe(422);
    expect(foreignOwner.body.rule).toBe('owner-organisation-unknown');
    const foreignRecommendation = await api.call('POST', '/api/actions', {
      as: 'north-chair',
      body: { ...base, recommendationId: south.id, ownerOrganisationId: 'north-school' },
    });
    expect(foreignRecommendation.status).toBe(422);
    expect(foreignRecommendation.body.rule).toBe('recommendation-unknown');
    const missing = await api.call('POST', '/api/actions', {
      as: 'north-chair',
      body: { ...base, recommendationId: 'e'.repeat(32), ownerOrganisationId: 'north-school' },
    });
    expect(missing.body.rule).toBe('recommendation-unknown');
    expect(missing.body.detail).toBe(`There is no recommendation ${'e'.repeat(32)} in your partnership.`);
  });

  it('only the chair and the business unit create actions', async () => {
    const body = { recommendationId, text: 'Agency-made', ownerOrganisationId: 'north-school', lead: 'x', targetOn: '2025-06-30' };
    for (const as of ['north-agency-school', 'north-viewer', 'north-lead-la', 'north-admin']) {
      expect((await api.call('POST', '/api/actions', { as, body })).status, as).toBe(403);
    }
    expect(await api.database.connection.collection('actions').countDocuments({ text: 'Agency-made' })).toBe(0);
  });

  it('replays a retried create and refuses the key for a different body', async () => {
    const body = { recommendationId, text: 'Idempotent action', ownerOrganisationId: 'north-police', lead: 'DI', targetOn: '2025-09-30' };
    const headers = { 'Idempotency-Key': 'action-create-1' };
    const first = await api.call('POST', '/api/actions', { as: 'north-chair', body, headers });
    const retry = await api.call('POST', '/api/actions', { as: 'north-chair', body, headers });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await api.database.connection.collection('actions').countDocuments({ text: 'Idempotent action' })).toBe(1);
    const reused = await api.call('POST', '/api/actions', { as: 'north-chair', body: { ...body, lead: 'DS' }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reused');
  });
});

describe('PATCH /api/actions/:id', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await createAction(api, {
        recommendationId,
        text: 'Patch me',
        ownerOrganisationId: 'north-school',
        lead: 'Head teacher',
        targetOn: '2025-06-30',
      })
    ).id;
  });

  it('needs If-Match (428) and refuses a stale one (412), changing nothing', async () => {
    const missing = await api.call('PATCH', `/api/actions/${id}`, { as: 'north-business-unit', body: { lead: 'Deputy head' } });
    expect(missing.status).toBe(428);
    const stale = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-business-unit',
      body: { lead: 'Deputy head' },
      headers: { 'If-Match': '"7"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toBe('The action is at version 1, not 7: someone else changed it. Reload and try again.');
    const stored = await storedAction(api, id);
    expect(stored).toMatchObject({ version: 1, lead: 'Head teacher' });
  });

  it('changes the editable fields and keeps the original target and the revision with its reason', async () => {
    const response = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-business-unit',
      body: { lead: 'Deputy head', targetOn: '2025-09-30', reason: 'Training dates moved to the autumn term' },
      headers: { 'If-Match': '"1"' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body).toMatchObject({
      version: 2,
      lead: 'Deputy head',
      targetOn: '2025-09-30',
      dueOn: '2025-09-30',
      originalTarget: { targetOn: '2025-06-30', recurrence: null },
      targetRevisions: [
        {
          seq: 1,
          on: '2025-03-03',
          reason: 'Training dates moved to the autumn term',
          from: { targetOn: '2025-06-30', recurrence: null },
          to: { targetOn: '2025-09-30', recurrence: null },
          by: { userId: 'north-business-unit' },
        },
      ],
    });
    const history = await api.call('GET', `/api/actions/${id}/history`, { as: 'north-chair' });
    expect(history.body.items.at(-1)).toMatchObject({
      seq: 2,
      type: 'action.updated',
      version: 2,
      fields: {
        changes: {
          lead: { from: 'Head teacher', to: 'Deputy head' },
          target: { from: { targetOn: '2025-06-30' }, to: { targetOn: '2025-09-30' } },
        },
        reason: 'Training dates moved to the autumn term',
      },
    });
  });

  it('replays a retried PATCH with the same key, and refuses the key for another body (422)', async () => {
    const headers = { 'If-Match': '"2"', 'Idempotency-Key': 'patch-1' };
    const first = await api.call('PATCH', `/api/actions/${id}`, { as: 'north-chair', body: { text: 'Patched text' }, headers });
    expect(first.status).toBe(200);
    const retry = await api.call('PATCH', `/api/actions/${id}`, { as: 'north-chair', body: { text: 'Patched text' }, headers });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.version).toBe(3);
    const reused = await api.call('PATCH', `/api/actions/${id}`, { as: 'north-chair', body: { text: 'Other text' }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reused');
    const asEvent = await sendEvent(
      api,
      'north-chair',
      id,
      3,
      { type: 'action.progress-noted', text: 'x' },
      { 'Idempotency-Key': 'patch-1' },
    );
    expect(asEvent.status).toBe(422);
    expect((await storedAction(api, id))?.['version']).toBe(3);
  });

  it('an owning agency may change the lead only; another agency gets 404', async () => {
    const lead = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-school',
      body: { lead: 'New DSL' },
      headers: { 'If-Match': '"3"' },
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(200);
    expect(lead.body.lead).toBe('New DSL');
    const text = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-school',
      body: { text: 'We changed it' },
      headers: { 'If-Match': '"4"' },
    });
    expect(text.status).toBe(403);
    const target = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-school',
      body: { targetOn: '2026-01-01', reason: 'later' },
      headers: { 'If-Match': '"4"' },
    });
    expect(target.status).toBe(403);
    const other = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-police',
      body: { lead: 'Hijack' },
      headers: { 'If-Match': '"4"' },
    });
    expect(other.status).toBe(404);
    const foreign = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'south-chair',
      body: { lead: 'Hijack' },
      headers: { 'If-Match': '"4"' },
    });
    expect(foreign.status).toBe(404);
    for (const as of ['north-viewer', 'north-lead-police', 'north-admin']) {
      expect((await api.call('PATCH', `/api/actions/${id}`, { as, body: { lead: 'x' }, headers: { 'If-Match': '"4"' } })).status, as).toBe(
        403,
      );
    }
    expect(await storedAction(api, id)).toMatchObject({ version: 4, lead: 'New DSL', text: 'Patched text' });
  });

  it('refuses server-owned fields (400), an unchanged value (422) and an unknown owner (422)', async () => {
    const headers = { 'If-Match': '"4"' };
    for (const body of [
      { rag: 'complete' },
      { status: 'complete' },
      { lead: 'x', version: 9 },
      { lead: 'x', partnershipId: 'south' },
      { targetOn: '2026-01-01' },
    ]) {
      expect((await api.call('PATCH', `/api/actions/${id}`, { as: 'north-chair', body, headers })).status, JSON.stringify(body)).toBe(400);
    }
    const same = await api.call('PATCH', `/api/actions/${id}`, { as: 'north-chair', body: { lead: 'New DSL' }, headers });
    expect(same.status).toBe(422);
    expect(same.body.rule).toBe('nothing-to-change');
    const owner = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-chair',
      body: { ownerOrganisationId: 'south-police' },
      headers,
    });
    expect(owner.status).toBe(422);
    expect(owner.body.rule).toBe('owner-organisation-unknown');
    expect((await storedAction(api, id))?.['version']).toBe(4);
  });

  it('moves the action to another owner: the old owner loses sight of it', async () => {
    const moved = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-chair',
      body: { ownerOrganisationId: 'north-yjs' },
      headers: { 'If-Match': '"4"' },
    });
    expect(moved.status).toBe(200);
    expect((await api.call('GET', `/api/actions/${id}`, { as: 'north-agency-school' })).status).toBe(404);
    expect((await api.call('GET', `/api/actions/${id}`, { as: 'north-agency-yjs' })).status).toBe(200);
  });
});

describe('PATCH /api/actions/:id: a new lead with its reason', () => {
  it('an owning agency gives the reason for a new lead, and the history keeps it', async () => {
    const { id } = await createAction(api, {
      recommendationId,
      text: 'Lead with a reason',
      ownerOrganisationId: 'north-school',
      lead: 'DSL',
      targetOn: '2025-06-30',
    });
    const reasoned = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-school',
      body: { lead: 'Deputy DSL', reason: 'The DSL is on leave (synthetic).' },
      headers: { 'If-Match': '"1"' },
    });
    expect(reasoned.status, JSON.stringify(reasoned.body)).toBe(200);
    const history = await api.call('GET', `/api/actions/${id}/history`, { as: 'north-chair' });
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'action.updated',
      fields: { changes: { lead: { from: 'DSL', to: 'Deputy DSL' } }, reason: 'The DSL is on leave (synthetic).' },
    });
    // A reason alone changes nothing and is refused.
    const alone = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-agency-school',
      body: { reason: 'Just because' },
      headers: { 'If-Match': '"2"' },
    });
    expect(alone.status).toBe(400);
  });
});

describe('POST /api/actions/:id/events', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await createAction(api, {
        recommendationId,
        text: 'Events',
        ownerOrganisationId: 'north-police',
        lead: 'DI Example',
        targetOn: '2025-06-30',
      })
    ).id;
  });

  it('appends dated progress notes and never overwrites them', async () => {
    clock.set('2025-03-10T09:00:00Z');
    const first = await sendEvent(api, 'north-agency-police', id, 1, { type: 'action.progress-noted', text: 'Briefing written' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.event).toMatchObject({ seq: 2, type: 'action.progress-noted', version: 2, fields: { text: 'Briefing written' } });
    clock.set('2025-04-14T09:00:00Z');
    const second = await sendEvent(api, 'north-business-unit', id, 2, {
      type: 'action.progress-noted',
      text: 'Briefing delivered to 3 teams',
    });
    expect(second.status).toBe(200);
    expect(second.body.action.progressNotes).toEqual([
      {
        seq: 1,
        on: '2025-03-10',
        at: '2025-03-10T09:00:00.000Z',
        by: { userId: 'north-agency-police', role: 'agency', organisationId: 'north-police' },
        text: 'Briefing written',
      },
      {
        seq: 2,
        on: '2025-04-14',
        at: '2025-04-14T09:00:00.000Z',
        by: { userId: 'north-business-unit', role: 'business-unit' },
        text: 'Briefing delivered to 3 teams',
      },
    ]);
    // A client cannot rewrite a note: there is no field or event for it, and a stale version is refused.
    const rewrite = await sendEvent(api, 'north-agency-police', id, 2, { type: 'action.progress-noted', text: 'Overwrite attempt' });
    expect(rewrite.status).toBe(412);
    const sneaky = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-chair',
      body: { progressNotes: [] },
      headers: { 'If-Match': '"3"' },
    });
    expect(sneaky.status).toBe(400);
    const stored = await storedAction(api, id);
    expect(stored?.['progressNotes'].map((note: { text: string }) => note.text)).toEqual([
      'Briefing written',
      'Briefing delivered to 3 teams',
    ]);
    expect(stored?.['lastNoteOn']).toBe('2025-04-14');
  });

  it('records RAG changes in the history with the rating before', async () => {
    const amber = await sendEvent(api, 'north-agency-police', id, 3, {
      type: 'action.rag-changed',
      rag: 'amber',
      reason: 'Staff shortages',
    });
    expect(amber.status).toBe(200);
    expect(amber.body.event).toMatchObject({
      type: 'action.rag-changed',
      fields: { rag: 'amber', from: 'green', reason: 'Staff shortages' },
      actor: { userId: 'north-agency-police' },
    });
    const same = await sendEvent(api, 'north-agency-police', id, 4, { type: 'action.rag-changed', rag: 'amber' });
    expect(same.status).toBe(422);
    expect(same.body.rule).toBe('rag-unchanged');
  });

  it('records evidence of impact separately from completion, never dated after today', async () => {
    const future = await sendEvent(api, 'north-agency-police', id, 4, {
      type: 'action.impact-evidenced',
      text: 'Audit',
      evidencedOn: '2025-04-15',
    });
    expect(future.status).toBe(422);
    expect(future.body.rule).toBe('evidence-date-in-future');
    const evidence = await sendEvent(api, 'north-agency-police', id, 4, {
      type: 'action.impact-evidenced',
      text: 'Dip sample: 9 of 10 referrals used the toolkit',
      evidencedOn: '2025-04-11',
    });
    expect(evidence.status).toBe(200);
    expect(evidence.body.action).toMatchObject({ hasImpactEvidence: true, status: 'open', rag: 'amber' });
    expect(evidence.body.action.impactEvidence).toEqual([
      expect.objectContaining({ seq: 1, evidencedOn: '2025-04-11', text: 'Dip sample: 9 of 10 referrals used the toolkit' }),
    ]);
  });

  it('only the chair signs off, and only once completion is reported', async () => {
    const early = await sendEvent(api, 'north-chair', id, 5, { type: 'action.signed-off' });
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('completion-not-reported');
    const proposed = await sendEvent(api, 'north-agency-police', id, 5, { type: 'action.rag-changed', rag: 'complete' });
    expect(proposed.status).toBe(200);
    expect(proposed.body.action.status).toBe('awaiting-sign-off');
    for (const as of ['north-business-unit', 'north-agency-police']) {
      const refused = await sendEvent(api, as, id, 6, { type: 'action.signed-off' });
      expect(refused.status, as).toBe(403);
    }
    expect((await sendEvent(api, 'north-viewer', id, 6, { type: 'action.signed-off' })).status).toBe(403);
    const signed = await sendEvent(api, 'north-chair', id, 6, { type: 'action.signed-off', note: 'Evidence reviewed at SPRG' });
    expect(signed.status).toBe(200);
    ActionChangeResultSchema.parse(signed.body);
    // An agency's view of the same action: strict schema, without the case link.
    const agencyView = await api.call('GET', `/api/actions/${id}`, { as: 'north-agency-police' });
    expect(ActionViewSchema.parse(agencyView.body)).not.toHaveProperty('caseId');
    ActionListSchema.parse((await api.call('GET', '/api/actions', { as: 'north-agency-police' })).body);
    expect(signed.body.action).toMatchObject({
      status: 'complete',
      rag: 'complete',
      signedOffOn: '2025-04-14',
      signOff: { on: '2025-04-14', note: 'Evidence reviewed at SPRG', by: { userId: 'north-chair' } },
    });
  });

  it('after sign-off the RAG, text and target are fixed; notes and evidence of impact still go in', async () => {
    const rag = await sendEvent(api, 'north-chair', id, 7, { type: 'action.rag-changed', rag: 'amber' });
    expect(rag.status).toBe(422);
    expect(rag.body.rule).toBe('action-signed-off');
    const again = await sendEvent(api, 'north-chair', id, 7, { type: 'action.signed-off' });
    expect(again.body.rule).toBe('action-signed-off');
    const patch = await api.call('PATCH', `/api/actions/${id}`, {
      as: 'north-chair',
      body: { text: 'Changed' },
      headers: { 'If-Match': '"7"' },
    });
    expect(patch.status).toBe(422);
    const note = await sendEvent(api, 'north-agency-police', id, 7, { type: 'action.progress-noted', text: 'Follow-up audit planned' });
    expect(note.status).toBe(200);
    const evidence = await sendEvent(api, 'north-business-unit', id, 8, {
      type: 'action.impact-evidenced',
      text: 'Re-audit',
      evidencedOn: '2025-04-14',
    });
    expect(evidence.status).toBe(200);
    expect(evidence.body.action.status).toBe('complete');
  });

  it('GET /history lists every change in order with its actor', async () => {
    const history = await api.call('GET', `/api/actions/${id}/history`, { as: 'north-agency-police' });
    expect(history.status).toBe(200);
    ActionHistorySchema.parse(history.body);
    expect(history.body.version).toBe(9);
    expect(history.body.items.map((item: { type: string }) => item.type)).toEqual([
      'action.created',
      'action.progress-noted',
      'action.progress-noted',
      'action.rag-changed',
      'action.impact-evidenced',
      'action.rag-changed',
      'action.signed-off',
      'action.progress-noted',
      'action.impact-evidenced',
    ]);
    expect(history.body.items.map((item: { version: number }) => item.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(JSON.stringify(history.body)).not.toMatch(/idempotencyKey|requestHash/);
  });

  it('refuses unknown events (400) and other agencies (404)', async () => {
    expect((await sendEvent(api, 'north-chair', id, 9, { type: 'action.deleted' })).status).toBe(400);
    expect((await sendEvent(api, 'north-chair', id, 9, { type: 'action.progress-noted', text: 'x', seq: 1 })).status).toBe(400);
    expect((await sendEvent(api, 'north-agency-school', id, 9, { type: 'action.progress-noted', text: 'x' })).status).toBe(404);
    expect((await sendEvent(api, 'south-chair', id, 9, { type: 'action.progress-noted', text: 'x' })).status).toBe(404);
    expect(
      (await api.call('POST', `/api/actions/${id}/events`, { as: 'north-chair', body: { type: 'action.progress-noted', text: 'x' } }))
        .status,
    ).toBe(428);
    expect((await storedAction(api, id))?.['version']).toBe(9);
  });

  it('ten concurrent retries with one key: one note, nine replays', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        sendEvent(
          api,
          'north-agency-police',
          id,
          9,
          { type: 'action.progress-noted', text: 'Sent once' },
          { 'Idempotency-Key': 'note-concurrent' },
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    const stored = await storedAction(api, id);
    expect(stored?.['version']).toBe(10);
    expect(stored?.['progressNotes'].filter((note: { text: string }) => note.text === 'Sent once')).toHaveLength(1);
  });

  it('ten concurrent writers on one version: one wins, nine get 412, nothing lost or doubled', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        sendEvent(api, 'north-business-unit', id, 10, { type: 'action.progress-noted', text: `Writer ${n}` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(412)]);
    const stored = await storedAction(api, id);
    expect(stored?.['version']).toBe(11);
    expect(stored?.['history']).toHaveLength(11);
    expect(stored?.['progressNotes'].filter((note: { text: string }) => note.text.startsWith('Writer '))).toHaveLength(1);
  });
});
