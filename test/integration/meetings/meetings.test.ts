import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { downloadDocument, openCase, pdfBytes, uploadDocument } from '../documents/document-fixtures.js';

// The rapid review meeting over HTTP: its day, attendees by organisation and role, minutes as
// text or a case document. Recording it records the case's rapid-review.meeting-held step; the
// decision names the meeting it was taken at (meetingId), and the report says who attended.
const clock = fixedClock('2025-03-12T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let caseVersion: number;
let meetingId: string;

const ATTENDEES = [
  { organisationId: 'north-police', role: 'Detective Inspector' },
  { organisationId: 'north-school', role: 'Designated safeguarding lead' },
  { organisationId: 'north-childrens-services', role: 'Head of service', name: 'A. Synthetic' },
];

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  ({ id: caseId, version: caseVersion } = await openCase(api));
  for (const body of [
    { type: 'partners.informed', informedOn: '2025-03-05' },
    { type: 'sin.submitted', submittedOn: '2025-03-07' },
  ]) {
    const response = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-business-unit',
      body,
      headers: { 'If-Match': `"${caseVersion}"` },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    caseVersion = response.body.case.version;
  }
});
afterAll(() => api?.close());

const record = (as: string, body: unknown) => api.call('POST', `/api/cases/${caseId}/meetings`, { as, body });

describe('recording a meeting', () => {
  it('a meeting the case does not accept yet is refused by the case (409) and not stored', async () => {
    const early = await startApiTestApp(`${import.meta.filename}-early`, { clock });
    try {
      const { id } = await openCase(early);
      const response = await early.call('POST', `/api/cases/${id}/meetings`, {
        as: 'north-business-unit',
        body: { kind: 'rapid-review', heldOn: '2025-03-11', attendees: ATTENDEES },
      });
      expect(response.status).toBe(409);
      expect(response.body.currentState).toBe('notification');
      expect(await early.database.connection.collection('meetings').countDocuments({})).toBe(0);
    } finally {
      await early.close();
    }
  });

  it('refuses what is wrong and stores nothing', async () => {
    const refusals: [string, unknown, number, string?][] = [
      ['north-business-unit', { kind: 'rapid-review', heldOn: '2025-03-13', attendees: ATTENDEES }, 422, 'date-in-future'],
      ['north-business-unit', { kind: 'rapid-review', heldOn: '2025-02-28', attendees: ATTENDEES }, 422, 'date-before-incident'],
      [
        'north-business-unit',
        { kind: 'rapid-review', heldOn: '2025-03-11', attendees: [{ organisationId: 'south-police', role: 'DI' }] },
        422,
        'organisation-unknown',
      ],
      ['north-business-unit', { kind: 'rapid-review', heldOn: '2025-03-11', attendees: [] }, 400],
      ['north-business-unit', { kind: 'rapid-review', heldOn: '2025-03-11', attendees: [ATTENDEES[0], ATTENDEES[0]] }, 400],
      [
        'north-business-unit',
        { kind: 'rapid-review', heldOn: '2025-03-11', attendees: ATTENDEES, minutesDocumentId: 'a'.repeat(32) },
        422,
        'document-unknown',
      ],
      ['north-agency-police', { kind: 'rapid-review', heldOn: '2025-03-11', attendees: ATTENDEES }, 403],
      ['south-business-unit', { kind: 'rapid-review', heldOn: '2025-03-11', attendees: ATTENDEES }, 404],
    ];
    for (const [as, body, status, rule] of refusals) {
      const response = await record(as, body);
      expect(response.status, `${as} ${JSON.stringify(body)}`).toBe(status);
      if (rule) expect(response.body.rule).toBe(rule);
    }
    expect(await api.database.connection.collection('meetings').countDocuments({})).toBe(0);
    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect(stored?.['version']).toBe(caseVersion);
  });

  it('records the rapid review meeting with attendees and minutes as a PDF of the case, and the case step with it', async () => {
    const minutes = await uploadDocument(
      api,
      'north-business-unit',
      caseId,
      { bytes: pdfBytes('minutes'), fileName: 'Minutes.pdf' },
      { kind: 'other', title: 'Rapid review minutes' },
    );
    expect(minutes.status).toBe(201);
    const response = await record('north-business-unit', {
      kind: 'rapid-review',
      heldOn: '2025-03-11',
      attendees: ATTENDEES,
      minutesText: 'Agreed the decision below.',
      minutesDocumentId: minutes.body.id,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    meetingId = response.body.id;
    expect(response.headers.get('location')).toBe(`/api/meetings/${meetingId}`);
    expect(response.body).toMatchObject({
      kind: 'rapid-review',
      heldOn: '2025-03-11',
      attendees: [
        { organisationId: 'north-police', organisationName: 'Constabulary (synthetic)', role: 'Detective Inspector' },
        { organisationId: 'north-school', organisationName: 'Riverside Academy (synthetic)', role: 'Designated safeguarding lead' },
        { organisationId: 'north-childrens-services', role: 'Head of service', name: 'A. Synthetic' },
      ],
      minutesText: 'Agreed the decision below.',
      minutesDocumentId: minutes.body.id,
      recordedBy: 'north-business-unit',
    });
    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect((stored?.['workflow'] as any).snapshot.context.rapidReview.meetings.map((m: { heldOn: string }) => m.heldOn)).toEqual([
      '2025-03-11',
    ]);
    caseVersion = stored?.['version'] as number;
  });

  it('a retry with the same Idempotency-Key answers the first meeting and records nothing more', async () => {
    const body = { kind: 'review-panel', heldOn: '2025-03-12', attendees: [ATTENDEES[0]] };
    const headers = { 'Idempotency-Key': 'panel-meeting-1' };
    const first = await api.call('POST', `/api/cases/${caseId}/meetings`, { as: 'north-business-unit', body, headers });
    expect(first.status).toBe(201);
    const again = await api.call('POST', `/api/cases/${caseId}/meetings`, { as: 'north-business-unit', body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await api.database.connection.collection('meetings').countDocuments({ kind: 'review-panel' })).toBe(1);
    const reused = await api.call('POST', `/api/cases/${caseId}/meetings`, {
      as: 'north-business-unit',
      body: { ...body, heldOn: '2025-03-11' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reused');
  });

  it('partner leads read the meetings; agencies do not (403); another partnership gets 404', async () => {
    const list = await api.call('GET', `/api/cases/${caseId}/meetings`, { as: 'north-lead-police' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)[0]).toBe(meetingId);
    expect((await api.call('GET', `/api/meetings/${meetingId}`, { as: 'north-agency-school' })).status).toBe(403);
    expect((await api.call('GET', `/api/meetings/${meetingId}`, { as: 'south-chair' })).status).toBe(404);
    const audit = await api.database.connection
      .collection('access_audit')
      .countDocuments({ action: 'meeting.read', resourceId: meetingId });
    expect(audit).toBe(2);
  });

  it("a decision naming a meeting that is not this case's is refused (422) and changes nothing", async () => {
    const refused = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-chair',
      headers: { 'If-Match': `"${caseVersion}"` },
      body: {
        type: 'rapid-review.decided',
        localReview: false,
        nationalReviewSuggested: false,
        criteriaMet: [],
        reasons: 'x',
        meetingId: 'f'.repeat(32),
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('meeting-unknown');
    expect((await api.database.connection.collection('cases').findOne({ _id: caseId as never }))?.['version']).toBe(caseVersion);
  });

  it('the decision names the meeting, and the report lists who attended it', async () => {
    const decided = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-chair',
      headers: { 'If-Match': `"${caseVersion}"` },
      body: {
        type: 'rapid-review.decided',
        localReview: false,
        nationalReviewSuggested: false,
        criteriaMet: [],
        reasons: 'Learning is single-agency and already in hand.',
        decidedOn: '2025-03-11',
        meetingId,
      },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect((stored?.['workflow'] as any).snapshot.context.rapidReview.decision.meetingId).toBe(meetingId);

    const generated = await api.call('POST', `/api/cases/${caseId}/rapid-review-report/versions`, { as: 'north-business-unit' });
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    expect(generated.body.versions[0].meetingId).toBe(meetingId);
    const download = await downloadDocument(api, 'north-business-unit', generated.body.documentId, 1);
    const xml = strFromU8(unzipSync(new Uint8Array(download.bytes))['word/document.xml']!);
    expect(xml).toContain('The rapid review meeting was held on 11 March 2025.');
    expect(xml).toContain(
      'Attended by: Constabulary (synthetic) (Detective Inspector); Riverside Academy (synthetic) (Designated safeguarding lead); Children’s Services (synthetic) (Head of service).',
    );
    expect(xml).toContain('Decision: a local child safeguarding practice review is not required.');
  });
});
