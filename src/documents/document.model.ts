import mongoose, { type Model, Schema, type Types } from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { DOCUMENT_KINDS, type DocumentKind } from './document.schemas.js';

/**
 * A case document (`documents`): what it is and who may read it, with one entry per version. The
 * bytes of each version are a GridFS file (bucket `document_files`), named by `fileId`; a version
 * entry is added only after its file is completely stored, so a listed version is always readable.
 */
export interface DocumentVersionRecord {
  version: number;
  fileId: Types.ObjectId;
  /** Cleaned for download (document.file-name.ts), with the extension of the detected type. */
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: { userId: string; role: string; organisationId: string | null };
  uploadedAt: Date;
  receivedOn: CalendarDate;
}

export interface DocumentRecord {
  _id: string;
  partnershipId: string;
  caseId: string;
  kind: DocumentKind;
  title: string;
  /** The organisation of the agency user who uploaded it (null for the partnership's own roles). */
  ownerOrganisationId: string | null;
  /** Organisations it was sent to: their agency users may read it. */
  sharedWithOrganisationIds: string[];
  latestVersion: number;
  versions: DocumentVersionRecord[];
  createdAt: Date;
  updatedAt: Date;
  /** With an Idempotency-Key: the upload's fingerprint (fields and file), to tell a retry from a reused key. */
  requestHash?: string;
}

const VersionSchema = new Schema<DocumentVersionRecord>(
  {
    version: { type: Number, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    fileName: { type: String, required: true, maxlength: 120 },
    contentType: { type: String, required: true, maxlength: 200 },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    uploadedBy: {
      userId: { type: String, required: true },
      role: { type: String, required: true },
      organisationId: { type: String, default: null },
    },
    uploadedAt: { type: Date, required: true },
    receivedOn: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

const DocumentSchema = new Schema<DocumentRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    caseId: { type: String, required: true },
    kind: { type: String, enum: DOCUMENT_KINDS, required: true },
    title: { type: String, required: true, maxlength: 200 },
    ownerOrganisationId: { type: String, default: null },
    sharedWithOrganisationIds: { type: [String], default: [] },
    latestVersion: { type: Number, required: true },
    versions: { type: [VersionSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    requestHash: { type: String },
  },
  { collection: 'documents', strict: 'throw', versionKey: false, id: false },
);
DocumentSchema.index({ partnershipId: 1, caseId: 1, createdAt: 1 });

export const DOCUMENT_MODEL = 'CaseDocument';

export function documentModel(connection: mongoose.Connection): Model<DocumentRecord> {
  return (
    (connection.models[DOCUMENT_MODEL] as Model<DocumentRecord> | undefined) ??
    connection.model<DocumentRecord>(DOCUMENT_MODEL, DocumentSchema)
  );
}
