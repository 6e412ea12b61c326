import { IDEMPOTENCY_HEADER, type OperationSpec } from '../openapi/operation.js';
import { DOCUMENT_READ_ROLES, DOCUMENT_SHARE_ROLES, DOCUMENT_UPLOAD_ROLES } from './document.access.js';
import { ALLOWED_TYPES_TEXT } from './document.content-type.js';
import {
  CaseDocumentsParamsSchema,
  DocumentContentQuerySchema,
  DocumentListSchema,
  DocumentParamsSchema,
  DocumentViewSchema,
  NewVersionFormSchema,
  ShareDocumentSchema,
  UploadFormSchema,
} from './document.schemas.js';

const TAG = 'Documents';
const READING =
  "The business unit, the chair, partner leads, the assigned reviewer and viewers read every document of a case they see; an agency reads only what its organisation uploaded and what was sent to it (another agency's upload is 404).";
const UPLOAD = `Send multipart/form-data with one file in the field "file". Its type is decided from its content (magic bytes; for Office files the package's content types), never from its name or declared type: ${ALLOWED_TYPES_TEXT}. Anything else, including an executable renamed .pdf, a macro-enabled Office file, a script or HTML, is 415; a file over DOCUMENT_MAX_BYTES is 413. Nothing is stored when an upload is refused.`;

/** The documents component's operations. */
export const documentOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/cases/:caseId/documents',
    summary: "List a case's documents the caller may read, with their versions",
    description: READING,
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_READ_ROLES,
    params: CaseDocumentsParamsSchema,
    responses: { 200: { description: 'The documents.', schema: DocumentListSchema } },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/cases/:caseId/documents',
    summary: 'Upload a document to a case (version 1)',
    description: `${UPLOAD} An agency may upload agency-return attachments and other documents; a reviewer local-review drafts and other documents.`,
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_UPLOAD_ROLES,
    params: CaseDocumentsParamsSchema,
    body: UploadFormSchema,
    headers: IDEMPOTENCY_HEADER,
    responses: { 201: { description: 'Stored; Location names the document.', schema: DocumentViewSchema } },
    errors: [400, 401, 403, 404, 408, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/documents/:id',
    summary: 'Read a document: kind, title, owner and every version',
    description: READING,
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_READ_ROLES,
    params: DocumentParamsSchema,
    responses: { 200: { description: 'The document.', schema: DocumentViewSchema } },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/documents/:id/versions',
    summary: 'Upload a new version of a document (older versions stay downloadable)',
    description: `${UPLOAD} An agency may add versions only to its own organisation's documents.`,
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_UPLOAD_ROLES,
    params: DocumentParamsSchema,
    body: NewVersionFormSchema,
    responses: { 201: { description: 'The document with the new version.', schema: DocumentViewSchema } },
    errors: [400, 401, 403, 404, 408, 409, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/documents/:id/content',
    summary: "Download a document's file (the latest version, or ?version=n)",
    description: `${READING} Always an attachment (Content-Disposition: attachment with a cleaned file name, X-Content-Type-Options: nosniff); every download is on the access audit trail.`,
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_READ_ROLES,
    params: DocumentParamsSchema,
    query: DocumentContentQuerySchema,
    responses: { 200: { description: 'The file.', contentType: 'application/octet-stream' } },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/documents/:id/share',
    summary: 'Send a document to organisations of the partnership (their agency users may then read it)',
    tag: TAG,
    auth: 'bearer',
    roles: DOCUMENT_SHARE_ROLES,
    params: DocumentParamsSchema,
    body: ShareDocumentSchema,
    responses: { 200: { description: 'The document.', schema: DocumentViewSchema } },
    errors: [400, 401, 403, 404, 415, 422, 503],
  },
];
