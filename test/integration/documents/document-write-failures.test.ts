import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { createDocumentRepository } from '../../../src/documents/document.repository.js';
import { createDocumentService } from '../../../src/documents/document.service.js';
import { createDocumentStorage } from '../../../src/documents/document.storage.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { openTestDatabase } from '../../support/test-database.js';
import { pdfBytes } from './document-fixtures.js';

// When the record of a version cannot be written after its file is stored (the database refuses
// the insert, or another upload added the same version number first), the file is deleted: no
// GridFS file or chunk is left that no document names. The real storage and database are used;
// only the failing write is injected.
const database = await openTestDatabase(import.meta.filename);
afterAll(() => database.drop());

const clock = fixedClock('2025-03-10T10:00:00Z');
const principal: Principal = { userId: 'north-business-unit', role: 'business-unit', partnershipId: 'north' };
const CASE_ID = 'c'.repeat(32);

async function stored() {
  const db = database.connection;
  return {
    documents: await db.collection('documents').countDocuments({}),
    files: await db.collection('document_files.files').countDocuments({}),
    chunks: await db.collection('document_files.chunks').countDocuments({}),
  };
}

function serviceWith(repository: ReturnType<typeof createDocumentRepository>) {
  return createDocumentService({
    repository,
    storage: createDocumentStorage(database.connection),
    clock,
    findVisibleCase: async (_principal, caseId) => (caseId === CASE_ID ? { id: CASE_ID, reference: 'NTH-2025-0001' } : undefined),
    organisationExists: async () => true,
  });
}

describe('a failed record write leaves no file behind', () => {
  const real = createDocumentRepository(database.connection);

  it('the document insert fails after the file is stored: the file and its chunks are deleted', async () => {
    await real.ensureIndexes();
    const failing = { ...real, insert: async () => Promise.reject(new Error('insert refused (injected)')) };
    const before = await stored();
    await expect(
      serviceWith(failing).upload(principal, CASE_ID, { fields: { kind: 'other' }, file: pdfBytes(), fileName: 'a.pdf' }),
    ).rejects.toThrow('injected');
    expect(await stored()).toEqual(before);
  });

  it("another upload took version 2 first: 409, and this upload's file is deleted", async () => {
    const service = serviceWith(real);
    const { document: first } = await service.upload(principal, CASE_ID, {
      fields: { kind: 'other' },
      file: pdfBytes('v1'),
      fileName: 'a.pdf',
    });
    const before = await stored();
    expect(before).toEqual({ documents: 1, files: 1, chunks: 1 });
    // The other upload's version lands between this upload's read and its write.
    const racing = {
      ...real,
      addVersion: async (...args: Parameters<typeof real.addVersion>) => {
        await database.connection.collection('documents').updateOne({ _id: first.id as never }, { $set: { latestVersion: 2 } });
        return real.addVersion(...args);
      },
    };
    await expect(
      serviceWith(racing).addVersion(principal, first.id, { fields: {}, file: pdfBytes('v2'), fileName: 'a.pdf' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await stored()).toEqual(before);
  });
});
