import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { downloadDocument, openCase } from '../documents/document-fixtures.js';

// The rapid review report over HTTP: generated from the record as a DOCX (opened here and read),
// versioned, signed per version by the three partner leads or queried back, and sent to the
// Panel only as a version all three signed. The agency returns' summaries come through the
// report's read port; the returns component is built separately, so this test supplies the port
// with the summaries an agency would have written (the only stand-in here: everything else is real).
const clock = fixedClock('2025-03-12T10:00:00Z');
const POLICE_SUMMARY = 'Two call-outs to the address in January; no referral was made.';
const SCHOOL_SUMMARY = 'Attendance fell to 61% in the spring term.';
let api: ApiTestContext;
let caseId: string;
let caseVersion: number;

async function caseEvent(as: string, body: Record<string, unknown>) {
  const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${caseVersion}"` } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  caseVersion = response.body.case.version;
}

const report = (method: string, path: string, as: string, body?: unknown) =>
  api.call(method, `/api/cases/${caseId}/rapid-review-report${path}`, { as, ...(body !== undefined ? { body } : {}) });

async function documentXml(documentId: string, version: number, as = 'north-business-unit'): Promise<string> {
  const download = await downloadDocument(api, as, documentId, version);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  return strFromU8(unzipSync(new Uint8Array(download.bytes))['word/document.xml']!);
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, {
    clock,
    agencyContributions: async (_partnershipId, id) =>
      id === caseId
        ? [
            { organisationName: 'Constabulary (synthetic)', summary: POLICE_SUMMARY },
            { organisationName: 'Riverside Academy (synthetic)', summary: SCHOOL_SUMMARY },
          ]
        : [],
  });
  ({ id: caseId, version: caseVersion } = await openCase(api, 'north-business-unit', [
    { ageBand: '5-9', sex: 'male', legalStatus: ['child-in-need'], name: 'Zebedee Reportmarker' },
  ]));
  await caseEvent('north-business-unit', { type: 'partners.informed', informedOn: '2025-03-05' });
  await caseEvent('north-business-unit', { type: 'sin.submitted', submittedOn: '2025-03-07' });
  await caseEvent('north-business-unit', { type: 'rapid-review.meeting-held', heldOn: '2025-03-11' });
});
afterAll(() => api?.close());

describe('generating the report', () => {
  it('needs the decision first (422), and is not for agencies (403)', async () => {
    const early = await report('POST', '/versions', 'north-business-unit');
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('report-needs-decision');
    expect((await report('GET', '', 'north-agency-police')).status).toBe(403);
    await caseEvent('north-chair', {
      type: 'rapid-review.decided',
      localReview: true,
      nationalReviewSuggested: false,
      criteriaMet: ['multi-agency-working'],
      reasons: 'Missed chances to share information between police and school.',
      decidedOn: '2025-03-11',
    });
  });

  it("version 1 is a DOCX with the incident, the children without names, the agencies' summaries and the decision", async () => {
    const text = await report('PUT', '/text', 'north-business-unit', {
      analysis: 'Information sat with single agencies.',
      immediateSafetyActions: 'Sibling placed on a child protection plan.',
      learning: 'Police call-outs to a family with a school-age child go to the school.',
    });
    expect(text.status, JSON.stringify(text.body)).toBe(200);
    const generated = await report('POST', '/versions', 'north-business-unit');
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    expect(generated.body.latestVersion).toBe(1);
    expect(generated.body.versions[0]).toMatchObject({
      version: 1,
      documentVersion: 1,
      generatedOn: '2025-03-12',
      status: 'awaiting-sign-off',
      signedCount: 0,
    });

    const xml = await documentXml(generated.body.documentId, 1);
    for (const expected of [
      'Rapid review: NTH-2025-0001',
      'The incident happened on 1 March 2025 in Northshire',
      'Child 1: age 5 to 9; sex male; legal status child in need',
      `Constabulary (synthetic): ${POLICE_SUMMARY}`,
      `Riverside Academy (synthetic): ${SCHOOL_SUMMARY}`,
      'Decision: a local child safeguarding practice review will be held.',
      'Reasons: Missed chances to share information between police and school.',
      'Sibling placed on a child protection plan.',
      'The rapid review meeting was held on 11 March 2025.',
    ]) {
      expect(xml).toContain(expected.replace(/'/g, '&apos;'));
    }
    expect(xml).not.toContain('Zebedee');
  });

  it('an agency cannot download the report (404) and every download is audited', async () => {
    const documentId = (await report('GET', '', 'north-business-unit')).body.documentId;
    expect((await downloadDocument(api, 'north-agency-police', documentId)).status).toBe(404);
    const rows = await api.database.connection
      .collection('access_audit')
      .find({ action: 'document.download', resourceId: documentId })
      .toArray();
    expect(rows.map((row) => [row['userId'], row['status']])).toEqual([
      ['north-business-unit', 200],
      ['north-agency-police', 404],
    ]);
  });
});

describe('signing versions and sending to the Panel', () => {
  it('refuses to send a version nobody has signed', async () => {
    const refused = await report('POST', '/submission', 'north-business-unit', { version: 1, submittedOn: '2025-03-12' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'report-not-signed-by-all-partners', missing: ['local-authority', 'police', 'health'] });
    expect(refused.body.detail).toBe('Version 1 is signed by 0 of 3 partners: not yet by local-authority, police, health.');
  });

  it('the local authority signs version 1 (also signing the decision on the case); the police query it back', async () => {
    const signed = await report('POST', '/versions/1/sign-off', 'north-lead-la', { signedOn: '2025-03-12' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.versions[0]).toMatchObject({
      signedCount: 1,
      signOffs: [{ partner: 'local-authority', userId: 'north-lead-la', signedOn: '2025-03-12' }],
    });
    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect((stored?.['workflow'] as any).snapshot.context.rapidReview.signOffs.map((s: { partner: string }) => s.partner)).toEqual([
      'local-authority',
    ]);
    caseVersion = stored?.['version'] as number;

    expect((await report('POST', '/versions/1/sign-off', 'north-lead-la', {})).body.rule).toBe('report-version-signed-once');
    const queried = await report('POST', '/versions/1/query', 'north-lead-police', {
      comment: 'The chronology misses the February call-out.',
    });
    expect(queried.status).toBe(200);
    expect(queried.body.versions[0]).toMatchObject({
      status: 'queried',
      queries: [{ partner: 'police', comment: 'The chronology misses the February call-out.', queriedOn: '2025-03-12' }],
    });
    const late = await report('POST', '/versions/1/sign-off', 'north-lead-health', {});
    expect(late.status).toBe(422);
    expect(late.body.rule).toBe('report-version-queried');
  });

  it('version 2 replaces it; three partner leads sign version 2 ("2 of 3" on the way) and it is sent', async () => {
    const generate = () =>
      api.call('POST', `/api/cases/${caseId}/rapid-review-report/versions`, {
        as: 'north-business-unit',
        headers: { 'Idempotency-Key': 'generate-v2' },
      });
    const second = await generate();
    expect(second.status).toBe(201);
    // A retry (the same key) makes no third version.
    const retried = await generate();
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.latestVersion).toBe(2);
    expect(second.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'awaiting-sign-off'],
    ]);
    expect((await report('POST', '/versions/1/sign-off', 'north-lead-health', {})).body.rule).toBe('report-version-superseded');

    expect((await report('POST', '/versions/2/sign-off', 'north-lead-la', {})).status).toBe(200);
    const two = await report('POST', '/versions/2/sign-off', 'north-lead-police', { signedOn: '2025-03-12' });
    expect(two.body.versions[1].signedCount).toBe(2);
    expect((await report('GET', '', 'north-chair')).body.versions[1]).toMatchObject({ signedCount: 2, status: 'awaiting-sign-off' });
    expect((await report('POST', '/submission', 'north-business-unit', { version: 2, submittedOn: '2025-03-12' })).body).toMatchObject({
      rule: 'report-not-signed-by-all-partners',
      missing: ['health'],
    });
    // Sending the case events themselves (as the case page's own forms do) is held to the same
    // rule: the health lead signs the decision on the case directly, so the case's own rule is
    // met, and only the report's check stops the submission.
    const beforeHealth = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    const healthOnCase = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-lead-health',
      body: { type: 'rapid-review.signed-off', partner: 'health' },
      headers: { 'If-Match': `"${beforeHealth?.['version']}"` },
    });
    expect(healthOnCase.status, JSON.stringify(healthOnCase.body)).toBe(200);
    const caseNow = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect((caseNow?.['workflow'] as any).snapshot.context.rapidReview.signOffs.map((s: { partner: string }) => s.partner)).toEqual([
      'local-authority',
      'police',
      'health',
    ]);
    const direct = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-business-unit',
      body: { type: 'rapid-review.submitted', submittedOn: '2025-03-12' },
      headers: { 'If-Match': `"${caseNow?.['version']}"` },
    });
    expect(direct.status).toBe(422);
    expect(direct.body).toMatchObject({ rule: 'report-not-signed-by-all-partners', missing: ['health'] });
    expect((await api.database.connection.collection('cases').findOne({ _id: caseId as never }))?.['version']).toBe(caseNow?.['version']);
    expect((await report('POST', '/versions/2/sign-off', 'north-lead-health', { signedOn: '2025-03-13' })).body.rule).toBe(
      'date-in-future',
    );
    const three = await report('POST', '/versions/2/sign-off', 'north-lead-health', {});
    expect(three.body.versions[1]).toMatchObject({ signedCount: 3, status: 'signed' });

    expect((await report('POST', '/submission', 'north-business-unit', { version: 1, submittedOn: '2025-03-12' })).body.rule).toBe(
      'report-version-superseded',
    );
    expect((await report('POST', '/submission', 'north-lead-la', { version: 2, submittedOn: '2025-03-12' })).status).toBe(403);
    const sent = await report('POST', '/submission', 'north-business-unit', { version: 2, submittedOn: '2025-03-12' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.sentToPanel).toEqual({ version: 2, sentOn: '2025-03-12' });
    expect(sent.body.versions[1].status).toBe('sent');
    const stored = await api.database.connection.collection('cases').findOne({ _id: caseId as never });
    expect((stored?.['workflow'] as any).snapshot.context.rapidReview.submissions).toHaveLength(1);
    expect((await report('POST', '/versions', 'north-business-unit')).body.rule).toBe('report-already-sent');
  });

  it('each version is a version of one stored document, and version 1 is still downloadable', async () => {
    const view = (await report('GET', '', 'north-lead-health')).body;
    const document = await api.call('GET', `/api/documents/${view.documentId}`, { as: 'north-chair' });
    expect(document.body).toMatchObject({ kind: 'rapid-review-report', latestVersion: 2 });
    expect(await documentXml(view.documentId, 1, 'north-lead-police')).toContain('Rapid review: NTH-2025-0001');
  });
});
