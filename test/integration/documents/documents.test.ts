import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import {
  docmBytes,
  docxBytes,
  downloadDocument,
  executableBytes,
  gifBytes,
  openCase,
  pdfBytes,
  uploadDocument,
} from './document-fixtures.js';

// Case documents over the real HTTP API and the real database (GridFS on FerretDB): uploads
// checked by content, refusals that store nothing, versions, who may read what, and the audit
// trail. The size limit is lowered to 64 KB here (DOCUMENT_MAX_BYTES) so an oversized file is small.
const clock = fixedClock('2025-03-10T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let southCaseId: string;
let policeDocumentId: string;
let panelLetterId: string;
const LIMIT = 64 * 1024;

async function stored() {
  const db = api.database.connection;
  return {
    documents: await db.collection('documents').countDocuments({}),
    files: await db.collection('document_files.files').countDocuments({}),
    chunks: await db.collection('document_files.chunks').countDocuments({}),
  };
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DOCUMENT_MAX_BYTES: String(LIMIT) } });
  caseId = (await openCase(api)).id;
  southCaseId = (await openCase(api, 'south-business-unit')).id;
});
afterAll(() => api?.close());

describe('uploading and downloading', () => {
  it('the police (an agency on the case) uploads a PDF attachment; it comes back byte for byte as an attachment', async () => {
    const bytes = pdfBytes('police return');
    const response = await uploadDocument(
      api,
      'north-agency-police',
      caseId,
      { bytes, fileName: '../../Police <return>; ‮fdp.exe.pdf' },
      { kind: 'agency-return-attachment', title: 'Police chronology' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    policeDocumentId = response.body.id;
    expect(response.headers.get('location')).toBe(`/api/documents/${policeDocumentId}`);
    expect(response.body).toMatchObject({
      caseId,
      kind: 'agency-return-attachment',
      title: 'Police chronology',
      ownerOrganisationId: 'north-police',
      latestVersion: 1,
      versions: [
        {
          version: 1,
          contentType: 'application/pdf',
          size: bytes.length,
          receivedOn: '2025-03-10',
          uploadedBy: { userId: 'north-agency-police', role: 'agency', organisationId: 'north-police' },
        },
      ],
    });
    // The path, quotes and the right-to-left override are gone; the extension is the content's.
    expect(response.body.versions[0].fileName).toBe('Police return fdp.exe.pdf');
    // An agency is not shown who a document was sent to.
    expect(response.body.sharedWithOrganisationIds).toBeUndefined();

    const download = await downloadDocument(api, 'north-business-unit', policeDocumentId);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(bytes)).toBe(true);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="Police return fdp.exe.pdf"');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts a Word document recognised from its package, not its name', async () => {
    const response = await uploadDocument(
      api,
      'north-business-unit',
      caseId,
      { bytes: docxBytes(), fileName: 'terms', declaredType: 'application/octet-stream' },
      { kind: 'terms-of-reference' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.versions[0]).toMatchObject({
      fileName: 'terms.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(response.body.title).toBe('terms');
  });

  it('keeps versions: version 2 is the latest and version 1 is still downloadable', async () => {
    const second = pdfBytes('police return, second version');
    const response = await uploadDocument(
      api,
      'north-agency-police',
      caseId,
      { bytes: second, fileName: 'chronology v2.pdf' },
      { receivedOn: '2025-03-07' },
      `/api/documents/${policeDocumentId}/versions`,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.latestVersion).toBe(2);
    expect(response.body.versions.map((v: { version: number; receivedOn: string }) => [v.version, v.receivedOn])).toEqual([
      [1, '2025-03-10'],
      [2, '2025-03-07'],
    ]);
    expect((await downloadDocument(api, 'north-chair', policeDocumentId)).bytes.equals(second)).toBe(true);
    expect((await downloadDocument(api, 'north-chair', policeDocumentId, 1)).bytes.equals(pdfBytes('police return'))).toBe(true);
    expect((await downloadDocument(api, 'north-chair', policeDocumentId, 3)).status).toBe(404);
  });
});

describe('retries', () => {
  it('the same Idempotency-Key and file answer the first document and store nothing more; another file with that key is a 422', async () => {
    const send = (bytes: Buffer) =>
      uploadDocument(
        api,
        'north-business-unit',
        caseId,
        { bytes, fileName: 'retry.pdf' },
        { kind: 'other' },
        `/api/cases/${caseId}/documents`,
        { 'Idempotency-Key': 'upload-retry-1' },
      );
    const first = await send(pdfBytes('retried'));
    expect(first.status).toBe(201);
    const before = await stored();
    const again = await send(pdfBytes('retried'));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await stored()).toEqual(before);
    const other = await send(pdfBytes('a different file'));
    expect(other.status).toBe(422);
    expect(other.body.rule).toBe('idempotency-key-reused');
    expect(await stored()).toEqual(before);
  });
});

describe('refusals store nothing', () => {
  const cases: [string, () => Promise<{ status: number; body: any }>, number, RegExp][] = [
    [
      'an executable renamed .pdf',
      () =>
        uploadDocument(api, 'north-business-unit', caseId, {
          bytes: executableBytes(),
          fileName: 'report.pdf',
          declaredType: 'application/pdf',
        }),
      415,
      /not accepted/,
    ],
    [
      'a GIF (a type not on the list)',
      () => uploadDocument(api, 'north-business-unit', caseId, { bytes: gifBytes(), fileName: 'photo.png', declaredType: 'image/png' }),
      415,
      /not accepted/,
    ],
    [
      'a macro-enabled Word file named .docx',
      () => uploadDocument(api, 'north-business-unit', caseId, { bytes: docmBytes(), fileName: 'letter.docx' }),
      415,
      /macros/,
    ],
    [
      'an HTML page named .txt',
      () =>
        uploadDocument(api, 'north-business-unit', caseId, {
          bytes: Buffer.from('<!DOCTYPE html><script>alert(1)</script>'),
          fileName: 'notes.txt',
          declaredType: 'text/plain',
        }),
      415,
      /Web pages/,
    ],
    [
      'a file over the size limit',
      () =>
        uploadDocument(api, 'north-business-unit', caseId, {
          bytes: Buffer.concat([pdfBytes(), Buffer.alloc(LIMIT + 1, 0x20)]),
          fileName: 'big.pdf',
        }),
      413,
      /larger than 0.1 MB/,
    ],
    [
      'a second version over the size limit',
      () =>
        uploadDocument(
          api,
          'north-agency-police',
          caseId,
          { bytes: Buffer.concat([pdfBytes(), Buffer.alloc(LIMIT * 3, 0x20)]), fileName: 'big.pdf' },
          {},
          `/api/documents/${policeDocumentId}/versions`,
        ),
      413,
      /larger than/,
    ],
    [
      'an empty file',
      () => uploadDocument(api, 'north-business-unit', caseId, { bytes: Buffer.alloc(0), fileName: 'empty.pdf' }),
      415,
      /empty/,
    ],
    [
      'an agency uploading a Panel letter',
      () => uploadDocument(api, 'north-agency-police', caseId, { bytes: pdfBytes(), fileName: 'letter.pdf' }, { kind: 'panel-letter' }),
      422,
      /may not upload/,
    ],
    [
      'an unknown kind',
      () => uploadDocument(api, 'north-business-unit', caseId, { bytes: pdfBytes(), fileName: 'x.pdf' }, { kind: 'secret' }),
      400,
      /not valid/,
    ],
    [
      'a date after today',
      () =>
        uploadDocument(
          api,
          'north-business-unit',
          caseId,
          { bytes: pdfBytes(), fileName: 'x.pdf' },
          { kind: 'other', receivedOn: '2025-03-11' },
        ),
      422,
      /after today/,
    ],
    [
      'an agency not on the case',
      () => uploadDocument(api, 'north-agency-yjs', caseId, { bytes: pdfBytes(), fileName: 'x.pdf' }, { kind: 'other' }),
      404,
      /No such case/,
    ],
    ['a viewer', () => uploadDocument(api, 'north-viewer', caseId, { bytes: pdfBytes(), fileName: 'x.pdf' }), 403, /role/],
  ];
  for (const [name, send, status, detail] of cases) {
    it(`${name}: ${status} problem, no document, file or chunk stored`, async () => {
      const before = await stored();
      const response = await send();
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.status).toBe(status);
      expect(response.body.detail).toMatch(detail);
      expect(await stored()).toEqual(before);
    });
  }

  it('a JSON body is 415 (a document is sent as multipart/form-data)', async () => {
    const response = await api.call('POST', `/api/cases/${caseId}/documents`, { as: 'north-business-unit', body: { kind: 'other' } });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('who may read', () => {
  it('another agency on the same case gets 404 for the police upload, exactly as for a missing document', async () => {
    const school = 'north-agency-school';
    expect((await api.call('GET', `/api/documents/${policeDocumentId}`, { as: school })).status).toBe(404);
    const download = await downloadDocument(api, school, policeDocumentId);
    expect(download.status).toBe(404);
    expect(download.bytes.toString()).not.toContain('%PDF');
    expect((await downloadDocument(api, school, 'f'.repeat(32))).status).toBe(404);
    const list = await api.call('GET', `/api/cases/${caseId}/documents`, { as: school });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('an agency reads a document once it is sent to it, and only then', async () => {
    const letter = await uploadDocument(
      api,
      'north-business-unit',
      caseId,
      { bytes: pdfBytes('panel letter'), fileName: 'Panel letter.pdf' },
      { kind: 'panel-letter' },
    );
    expect(letter.status).toBe(201);
    panelLetterId = letter.body.id;
    expect((await downloadDocument(api, 'north-agency-school', panelLetterId)).status).toBe(404);
    expect(
      (
        await api.call('POST', `/api/documents/${panelLetterId}/share`, {
          as: 'north-agency-police',
          body: { organisationIds: ['north-police'] },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/documents/${panelLetterId}/share`, {
          as: 'north-business-unit',
          body: { organisationIds: ['south-school'] },
        })
      ).status,
    ).toBe(422);
    const shared = await api.call('POST', `/api/documents/${panelLetterId}/share`, {
      as: 'north-business-unit',
      body: { organisationIds: ['north-school'] },
    });
    expect(shared.status).toBe(200);
    expect(shared.body.sharedWithOrganisationIds).toEqual(['north-school']);
    expect((await downloadDocument(api, 'north-agency-school', panelLetterId)).status).toBe(200);
    const list = await api.call('GET', `/api/cases/${caseId}/documents`, { as: 'north-agency-school' });
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([panelLetterId]);
    // Sent is read-only: the school cannot replace it.
    const replaced = await uploadDocument(
      api,
      'north-agency-school',
      caseId,
      { bytes: pdfBytes(), fileName: 'x.pdf' },
      {},
      `/api/documents/${panelLetterId}/versions`,
    );
    expect(replaced.status).toBe(403);
  });

  it('the business unit, the chair and partner leads read every document of the case', async () => {
    for (const user of ['north-business-unit', 'north-chair', 'north-lead-health', 'north-viewer']) {
      const list = await api.call('GET', `/api/cases/${caseId}/documents`, { as: user });
      expect(list.status, user).toBe(200);
      expect(list.body.items).toHaveLength(4);
      expect((await downloadDocument(api, user, policeDocumentId)).status, user).toBe(200);
    }
  });

  it('another partnership sees nothing (404), and the admin role is refused (403)', async () => {
    expect((await downloadDocument(api, 'south-chair', policeDocumentId)).status).toBe(404);
    expect((await api.call('GET', `/api/cases/${caseId}/documents`, { as: 'south-chair' })).status).toBe(404);
    expect((await uploadDocument(api, 'south-business-unit', caseId, { bytes: pdfBytes(), fileName: 'x.pdf' })).status).toBe(404);
    expect((await api.call('GET', `/api/cases/${southCaseId}/documents`, { as: 'south-chair' })).body.items).toEqual([]);
    expect((await downloadDocument(api, 'north-admin', policeDocumentId)).status).toBe(403);
  });
});

describe('the access audit trail', () => {
  it('has one row per upload and download, allowed and refused, naming the document', async () => {
    const rows = await api.database.connection
      .collection('access_audit')
      .find({ action: { $in: ['document.upload', 'document.download'] } })
      .toArray();
    const of = (action: string, resourceId: string, userId: string, outcome: string) =>
      rows.filter(
        (row) => row['action'] === action && row['resourceId'] === resourceId && row['userId'] === userId && row['outcome'] === outcome,
      ).length;
    // By hand: the police uploaded v1 (201, named from Location) and v2 (201); the school tried the download twice (404).
    expect(of('document.upload', policeDocumentId, 'north-agency-police', 'allowed')).toBe(2);
    expect(of('document.download', policeDocumentId, 'north-agency-school', 'denied')).toBe(1);
    expect(of('document.download', policeDocumentId, 'south-chair', 'denied')).toBe(1);
    expect(of('document.download', policeDocumentId, 'north-admin', 'denied')).toBe(1);
    // The business unit downloaded once, the chair four times (latest, latest, v1, v3 → 404), each partner lead once.
    expect(of('document.download', policeDocumentId, 'north-business-unit', 'allowed')).toBe(2);
    expect(of('document.download', policeDocumentId, 'north-chair', 'allowed')).toBe(3);
    expect(of('document.download', policeDocumentId, 'north-chair', 'denied')).toBe(1);
    // Refused uploads are on the trail too, with the status they got: 415 for the executable, the
    // GIF, the macro file, the HTML, the empty file and the JSON body (6); 413 for the two oversized.
    expect(rows.filter((row) => row['action'] === 'document.upload' && row['status'] === 415).length).toBe(6);
    expect(rows.filter((row) => row['action'] === 'document.upload' && row['status'] === 413).length).toBe(2);
    // No row holds a file name or any content.
    expect(JSON.stringify(rows)).not.toMatch(/chronology|Police return|%PDF/);
  });
});
