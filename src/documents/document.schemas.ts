import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/calendar-date.js';
import { PrincipalIdSchema } from '../access/principal.js';

/**
 * The kinds of document a case holds (issue 15): an attachment to an agency's return, the rapid
 * review report, the National Panel's letter, the local review's terms of reference, a draft of
 * the local review, and anything else.
 */
export const DOCUMENT_KINDS = [
  'agency-return-attachment',
  'rapid-review-report',
  'panel-letter',
  'terms-of-reference',
  'local-review-draft',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const HEX_ID = /^[a-f0-9]{32}$/;
export const DocumentIdSchema = z.string().regex(HEX_ID, 'an id is 32 hexadecimal characters');
export const CaseIdSchema = z.string().regex(HEX_ID, 'a case id is 32 hexadecimal characters');

export const CaseDocumentsParamsSchema = z.strictObject({ caseId: CaseIdSchema });
export const DocumentParamsSchema = z.strictObject({ id: DocumentIdSchema });
export const DocumentContentQuerySchema = z.strictObject({
  /** A version number; absent: the latest. */
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** The text fields of an upload form (multipart/form-data), beside the one file (`file`). */
export const UploadFieldsSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  /** What the document is, as people call it; the file's own name when absent. */
  title: z.string().trim().min(1).max(200).optional(),
  /** The day it was written or received, when not today. */
  receivedOn: CalendarDateSchema.optional(),
});
export const NewVersionFieldsSchema = UploadFieldsSchema.pick({ receivedOn: true });

/** Multipart bodies as OpenAPI shows them. */
export const UploadFormSchema = UploadFieldsSchema.extend({
  file: z.string().describe('The file (binary); its type is decided from its content.'),
});
export const NewVersionFormSchema = NewVersionFieldsSchema.extend({
  file: z.string().describe('The file (binary); its type is decided from its content.'),
});

/** Sends a document to organisations of the partnership: their agency users may then read it. */
export const ShareDocumentSchema = z.strictObject({ organisationIds: z.array(PrincipalIdSchema).min(1).max(50) });

const Instant = z.string();
export const DocumentVersionViewSchema = z.strictObject({
  version: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.strictObject({ userId: z.string(), role: z.string(), organisationId: z.string().nullable() }),
  uploadedAt: Instant,
  receivedOn: CalendarDateSchema,
});
export const DocumentViewSchema = z.strictObject({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  ownerOrganisationId: z.string().nullable(),
  /** Shown to the business unit, the chair and partner leads only. */
  sharedWithOrganisationIds: z.array(z.string()).optional(),
  latestVersion: z.number().int(),
  versions: z.array(DocumentVersionViewSchema),
});
export const DocumentListSchema = z.strictObject({ items: z.array(DocumentViewSchema) });
