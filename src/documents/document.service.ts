import { createHash, randomUUID } from 'node:crypto';
import { newRecordId } from '../shared/idempotent-create.js';
import { requestHash } from '../shared/request-hash.js';
import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { HttpStatusError } from '../http/problem.js';
import { issuesFromZod } from '../errors/field-issues.js';
import type { Upload } from '../http/multipart-upload.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { canAddVersion, canReadDocument, DOCUMENT_SHARE_ROLES, uploadableKinds } from './document.access.js';
import { recognise } from './document.content-type.js';
import { safeFileName } from './document.file-name.js';
import type { DocumentRecord, DocumentVersionRecord } from './document.model.js';
import type { DocumentRepository } from './document.repository.js';
import { NewVersionFieldsSchema, ShareDocumentSchema, UploadFieldsSchema, type DocumentKind } from './document.schemas.js';
import type { DocumentStorage } from './document.storage.js';
import { documentView } from './document.views.js';

/** What the document component needs to know about a case: whether the principal may see it. */
export interface VisibleCase {
  id: string;
  reference: string;
}

export interface DocumentServiceDependencies {
  repository: DocumentRepository;
  storage: DocumentStorage;
  clock: SystemClock;
  /** The case when the principal may see it (its partnership, an agency on it, its reviewer); else undefined. */
  findVisibleCase(principal: Principal, caseId: string): Promise<VisibleCase | undefined>;
  /** Whether an organisation of the partnership exists (for sending a document to it). */
  organisationExists(partnershipId: string, organisationId: string): Promise<boolean>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file the service itself made (the rapid review report): already known to be a DOCX. */
export interface GeneratedFile {
  bytes: Buffer;
  fileName: string;
}

function parseFields<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } },
  fields: Record<string, string>,
): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw new ValidationError('The form is not valid.', issuesFromZod(parsed.error, ['form']));
  return parsed.data;
}

/**
 * Uploads and downloads of case documents. Every check (case visible, kind allowed, file present,
 * type recognised from its bytes; the size was limited while reading) happens before a byte is
 * stored, and a version is listed only once its file is complete.
 */
export function createDocumentService(deps: DocumentServiceDependencies) {
  async function visibleCase(principal: Principal, caseId: string): Promise<VisibleCase> {
    const found = await deps.findVisibleCase(principal, caseId);
    if (!found) throw new NotFoundError('No such case.');
    return found;
  }

  async function readable(principal: Principal, id: string): Promise<DocumentRecord> {
    const record = await deps.repository.find(principal.partnershipId, id);
    // Another agency's upload is indistinguishable from a missing document (404, not 403).
    if (!record || !canReadDocument(principal, record) || !(await deps.findVisibleCase(principal, record.caseId)))
      throw new NotFoundError('No such document.');
    return record;
  }

  /** Checks the bytes and writes them to GridFS; the version entry is built but not yet stored. */
  async function storeVersion(
    principal: Principal,
    record: Pick<DocumentRecord, '_id' | 'partnershipId' | 'caseId'>,
    version: number,
    upload: Upload,
    receivedOn: CalendarDate | undefined,
  ): Promise<DocumentVersionRecord> {
    if (!upload.file) throw new ValidationError('Attach a file.', [{ path: 'form.file', code: 'required', message: 'a file is required' }]);
    const recognised = recognise(upload.file, upload.fileName);
    if (!recognised.ok) throw new HttpStatusError(415, 'Unsupported media type', recognised.reason);
    return finishVersion(
      principal,
      record,
      version,
      upload.file,
      safeFileName(upload.fileName, recognised.file.extension),
      recognised.file.contentType,
      receivedOn,
    );
  }

  async function finishVersion(
    principal: Principal,
    record: Pick<DocumentRecord, '_id' | 'partnershipId' | 'caseId'>,
    version: number,
    bytes: Buffer,
    fileName: string,
    contentType: string,
    receivedOn: CalendarDate | undefined,
  ): Promise<DocumentVersionRecord> {
    const today = todayInEngland(deps.clock);
    if (receivedOn && receivedOn > today)
      throw new RuleViolationError('A document cannot be received on a date after today.', 'date-in-future');
    const fileId = await deps.storage.put(bytes, { partnershipId: record.partnershipId, caseId: record.caseId, documentId: record._id });
    return {
      version,
      fileId,
      fileName,
      contentType,
      size: bytes.length,
      sha256: sha256(bytes),
      uploadedBy: { userId: principal.userId, role: principal.role, organisationId: principal.organisationId ?? null },
      uploadedAt: deps.clock.now(),
      receivedOn: receivedOn ?? today,
    };
  }

  async function create(
    principal: Principal,
    caseId: string,
    kind: DocumentKind,
    title: string,
    version: () => Promise<DocumentVersionRecord>,
    documentId: string,
    fingerprint?: string,
  ) {
    const now = deps.clock.now();
    const first = await version();
    const record: DocumentRecord = {
      _id: documentId,
      partnershipId: principal.partnershipId,
      caseId,
      kind,
      title,
      ownerOrganisationId: principal.role === 'agency' ? (principal.organisationId ?? null) : null,
      sharedWithOrganisationIds: [],
      latestVersion: 1,
      versions: [first],
      createdAt: now,
      updatedAt: now,
      ...(fingerprint ? { requestHash: fingerprint } : {}),
    };
    try {
      await deps.repository.insert(record);
    } catch (error) {
      await deps.storage.remove(first.fileId);
      throw error;
    }
    return record;
  }

  async function appendVersion(principal: Principal, record: DocumentRecord, version: DocumentVersionRecord): Promise<DocumentRecord> {
    let updated: DocumentRecord | null;
    try {
      updated = await deps.repository.addVersion(record.partnershipId, record._id, record.latestVersion, version, deps.clock.now());
    } catch (error) {
      await deps.storage.remove(version.fileId);
      throw error;
    }
    if (!updated) {
      await deps.storage.remove(version.fileId);
      throw new ConflictError('Someone else added a version of this document at the same time. Reload it and try again.');
    }
    return updated;
  }

  return {
    /**
     * Version 1 of a new document. With an Idempotency-Key a retry (same fields, same file) answers
     * the first document (`replayed`) and stores nothing more; the key reused for another upload is
     * a 422.
     */
    async upload(principal: Principal, caseId: string, upload: Upload, idempotencyKey?: string) {
      const fingerprint = requestHash({
        caseId,
        fields: upload.fields,
        fileName: upload.fileName,
        file: upload.file ? sha256(upload.file) : null,
      });
      const documentId = newRecordId('document', principal, idempotencyKey);
      const replay = (first: DocumentRecord) => {
        if (first.requestHash !== fingerprint)
          throw new RuleViolationError('This Idempotency-Key was already used for a different upload.', 'idempotency-key-reused');
        return { replayed: true, document: documentView(first, principal) };
      };
      if (idempotencyKey) {
        const first = await deps.repository.find(principal.partnershipId, documentId);
        if (first) return replay(first);
      }
      const fields = parseFields(UploadFieldsSchema, upload.fields);
      const found = await visibleCase(principal, caseId);
      if (!uploadableKinds(principal.role).includes(fields.kind)) {
        throw new RuleViolationError(`Your role may not upload a document of kind ${fields.kind}.`, 'document-kind-not-allowed');
      }
      const title = fields.title ?? (upload.fileName?.trim().slice(0, 200) || 'Document');
      const storeFirst = () =>
        storeVersion(
          principal,
          { _id: documentId, partnershipId: principal.partnershipId, caseId: found.id },
          1,
          upload,
          fields.receivedOn,
        );
      try {
        const record = await create(
          principal,
          found.id,
          fields.kind,
          title,
          storeFirst,
          documentId,
          idempotencyKey ? fingerprint : undefined,
        );
        return { replayed: false, document: documentView(record, principal) };
      } catch (error) {
        // A concurrent retry with the same key inserted first (this upload's file is already deleted).
        if (idempotencyKey && (error as { code?: number }).code === 11000) {
          const first = await deps.repository.find(principal.partnershipId, documentId);
          if (first) return replay(first);
        }
        throw error;
      }
    },

    async addVersion(principal: Principal, id: string, upload: Upload) {
      const fields = parseFields(NewVersionFieldsSchema, upload.fields);
      const record = await readable(principal, id);
      if (!canAddVersion(principal, record)) throw new ForbiddenError('You may read this document but not replace it.');
      const version = await storeVersion(principal, record, record.latestVersion + 1, upload, fields.receivedOn);
      return documentView(await appendVersion(principal, record, version), principal);
    },

    /**
     * Stores a file the service generated (the rapid review report) as a new document or a new
     * version of `existingId`: the same storage, versions and audit as an upload.
     */
    async storeGenerated(
      principal: Principal,
      caseId: string,
      kind: DocumentKind,
      title: string,
      file: GeneratedFile,
      existingId: string | null,
    ) {
      const contentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (existingId) {
        const record = await readable(principal, existingId);
        const version = await finishVersion(principal, record, record.latestVersion + 1, file.bytes, file.fileName, contentType, undefined);
        return appendVersion(principal, record, version);
      }
      const found = await visibleCase(principal, caseId);
      const documentId = randomUUID().replaceAll('-', '');
      return create(
        principal,
        found.id,
        kind,
        title,
        () =>
          finishVersion(
            principal,
            { _id: documentId, partnershipId: principal.partnershipId, caseId: found.id },
            1,
            file.bytes,
            file.fileName,
            contentType,
            undefined,
          ),
        documentId,
      );
    },

    async listForCase(principal: Principal, caseId: string) {
      const found = await visibleCase(principal, caseId);
      const records = await deps.repository.listForCase(principal.partnershipId, found.id);
      return { items: records.filter((record) => canReadDocument(principal, record)).map((record) => documentView(record, principal)) };
    },

    async get(principal: Principal, id: string) {
      return documentView(await readable(principal, id), principal);
    },

    /** One version's bytes (the latest when `version` is absent), with its clean name and type. */
    async download(principal: Principal, id: string, version?: number) {
      const record = await readable(principal, id);
      const entry = record.versions.find((candidate) => candidate.version === (version ?? record.latestVersion));
      if (!entry) throw new NotFoundError(`This document has no version ${version}.`);
      return { bytes: await deps.storage.read(entry.fileId), fileName: entry.fileName, contentType: entry.contentType };
    },

    async share(principal: Principal, id: string, body: unknown) {
      if (!DOCUMENT_SHARE_ROLES.includes(principal.role)) throw new ForbiddenError('Your role may not send documents.');
      const parsed = ShareDocumentSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
      const record = await readable(principal, id);
      for (const organisationId of parsed.data.organisationIds) {
        if (!(await deps.organisationExists(principal.partnershipId, organisationId))) {
          throw new RuleViolationError(`There is no organisation ${organisationId} in this partnership.`, 'organisation-unknown');
        }
      }
      const updated = await deps.repository.share(record.partnershipId, record._id, parsed.data.organisationIds, deps.clock.now());
      if (!updated) throw new NotFoundError('No such document.');
      return documentView(updated, principal);
    },

    /** For other components (the rapid review report): a readable document's record, or undefined. */
    async findReadable(principal: Principal, id: string): Promise<DocumentRecord | undefined> {
      return readable(principal, id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
