import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationModels } from '../../../src/information/information.model.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { pdfBytes, uploadDocument } from '../documents/document-fixtures.js';
import { openCase } from '../reminders/reminder-support.js';

// A return's attachments are documents of its own case that the agency may read. The police
// attach their own upload; the school's upload on the same case, the police's own upload on
// another case and an id that names nothing are each refused with a 422, and nothing is written.
const clock = fixedClock('2025-03-04T09:00:00Z');
const BU = 'north-business-unit';
const POLICE = 'north-agency-police';
let api: ApiTestContext;
let caseId: string;
let policeRequest: string;
let schoolRequest: string;
let policeDocument: string;
let schoolDocument: string;
let otherCaseDocument: string;

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const draft = { summary: 'Synthetic summary of police involvement.', chronology: [], analysis: '', learning: '' };

async function ask(id: string, version: number) {
  const asked = await api.call('POST', `/api/cases/${id}/information-requests`, {
    as: BU,
    body: { agencies: ['north-police', 'north-school'] },
    headers: ifMatch(version),
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  return asked.body.requests as { id: string; organisation: { id: string } }[];
}

async function attach(as: string, onCase: string, marker: string): Promise<string> {
  const uploaded = await uploadDocument(
    api,
    as,
    onCase,
    { bytes: pdfBytes(marker), fileName: `${marker}.pdf` },
    { kind: 'agency-return-attachment' },
  );
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  return uploaded.body.id as string;
}

async function storedPoliceReturn() {
  return informationModels(api.database.connection).InformationRequest.findOne({ _id: policeRequest }).lean();
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await openCase(api, BU, '2025-03-03');
  caseId = opened.id;
  const requests = await ask(caseId, opened.version);
  policeRequest = requests.find((request) => request.organisation.id === 'north-police')!.id;
  schoolRequest = requests.find((request) => request.organisation.id === 'north-school')!.id;
  const other = await openCase(api, BU, '2025-03-03');
  await ask(other.id, other.version);
  policeDocument = await attach(POLICE, caseId, 'police-notes');
  schoolDocument = await attach('north-agency-school', caseId, 'school-notes');
  otherCaseDocument = await attach(POLICE, other.id, 'other-case-notes');
});

afterAll(async () => {
  await api?.close();
});

describe('attachments on an agency return', () => {
  it('refuses another agency’s document, another case’s document and an unknown id, writing nothing', async () => {
    const unknown = 'f'.repeat(32);
    for (const documentId of [schoolDocument, otherCaseDocument, unknown]) {
      const refused = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
        as: POLICE,
        body: { ...draft, documentIds: [policeDocument, documentId] },
        headers: ifMatch(1),
      });
      expect(refused.status, documentId).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.rule).toBe('return-document-not-readable');
      // The refused id is named; the police's own document is not among the refused.
      expect(refused.body.detail).toContain(documentId);
      expect(refused.body.detail).not.toContain(policeDocument);
      expect(await storedPoliceReturn()).toMatchObject({ revision: 1, status: 'not-started', answer: null });
    }
  });

  it('saves the agency’s own document of the case, and the business unit sees it on the submitted return', async () => {
    const saved = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
      as: POLICE,
      body: { ...draft, documentIds: [policeDocument] },
      headers: ifMatch(1),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ revision: 2, answer: { documentIds: [policeDocument] } });
    const submitted = await api.call('POST', `/api/information-requests/${policeRequest}/return/submit`, {
      as: POLICE,
      headers: ifMatch(2),
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const staff = await api.call('GET', `/api/cases/${caseId}/information`, { as: BU });
    const police = staff.body.requests.find((request: { id: string }) => request.id === policeRequest);
    expect(police).toMatchObject({ status: 'submitted', answer: { documentIds: [policeDocument] } });
  });

  it('checks again on submission: a draft naming a document the agency may not read is not submitted', async () => {
    // A draft written before the check existed (or by hand): the school's return names the police's document.
    const { InformationRequest } = informationModels(api.database.connection);
    await InformationRequest.updateOne(
      { _id: schoolRequest },
      {
        $set: { status: 'draft', answer: { ...draft, summary: 'Synthetic school summary.', documentIds: [policeDocument] } },
        $inc: { revision: 1 },
      },
    );
    const refused = await api.call('POST', `/api/information-requests/${schoolRequest}/return/submit`, {
      as: 'north-agency-school',
      headers: ifMatch(2),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.rule).toBe('return-document-not-readable');
    expect(await InformationRequest.findOne({ _id: schoolRequest }).lean()).toMatchObject({
      status: 'draft',
      revision: 2,
      submittedOn: null,
    });
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: BU });
    const returned = history.body.items.filter(
      (item: { type: string; fields?: { agency?: string } }) => item.type === 'agency-information.returned',
    );
    // Only the police's submission above was recorded on the case.
    expect(returned).toHaveLength(1);
  });
});
