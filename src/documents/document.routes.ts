import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { HttpStatusError } from '../http/problem.js';
import { readUpload } from '../http/multipart-upload.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, markReplay } from '../http/write-headers.js';
import { DOCUMENT_READ_ROLES, DOCUMENT_SHARE_ROLES, DOCUMENT_UPLOAD_ROLES } from './document.access.js';
import { attachmentDisposition } from './document.file-name.js';
import { CaseDocumentsParamsSchema, DocumentContentQuerySchema, DocumentParamsSchema } from './document.schemas.js';
import type { DocumentService } from './document.service.js';

const requireMultipart = (request: import('express').Request, _response: unknown, next: (error?: unknown) => void) => {
  next(
    request.is('multipart/form-data')
      ? undefined
      : new HttpStatusError(415, 'Unsupported media type', 'Send the document as multipart/form-data with the file in the field "file".'),
  );
};

/**
 * Thin routes. Every one is on the access audit trail (`audited`, first, so refusals are recorded
 * too): uploads as `document.upload`, downloads as `document.download`. A download is always an
 * attachment (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`, a sandboxing
 * CSP), so a browser never renders a document inline.
 */
export function createDocumentRouter(service: DocumentService, maxBytes: number): Router {
  const router = Router();
  const readers = allow(...DOCUMENT_READ_ROLES);
  const uploaders = allow(...DOCUMENT_UPLOAD_ROLES);

  router.get('/cases/:caseId/documents', audited('document.list', 'caseId'), readers, async (request, response) => {
    const { caseId } = parseRequest(CaseDocumentsParamsSchema, request, 'params');
    response.json(await service.listForCase(requirePrincipal(request), caseId));
  });

  router.post('/cases/:caseId/documents', audited('document.upload'), uploaders, requireMultipart, async (request, response) => {
    const { caseId } = parseRequest(CaseDocumentsParamsSchema, request, 'params');
    const key = idempotencyKey(request);
    const upload = await readUpload(request, maxBytes);
    const result = await service.upload(requirePrincipal(request), caseId, upload, key);
    markReplay(response, result.replayed);
    response.status(201).location(`/api/documents/${result.document.id}`).json(result.document);
  });

  router.get('/documents/:id', audited('document.read', 'id'), readers, async (request, response) => {
    const { id } = parseRequest(DocumentParamsSchema, request, 'params');
    response.json(await service.get(requirePrincipal(request), id));
  });

  router.post('/documents/:id/versions', audited('document.upload', 'id'), uploaders, requireMultipart, async (request, response) => {
    const { id } = parseRequest(DocumentParamsSchema, request, 'params');
    const upload = await readUpload(request, maxBytes);
    const view = await service.addVersion(requirePrincipal(request), id, upload);
    response.status(201).location(`/api/documents/${view.id}/content?version=${view.latestVersion}`).json(view);
  });

  router.get('/documents/:id/content', audited('document.download', 'id'), readers, async (request, response) => {
    const { id } = parseRequest(DocumentParamsSchema, request, 'params');
    const { version } = parseRequest(DocumentContentQuerySchema, request, 'query');
    const file = await service.download(requirePrincipal(request), id, version);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    // Sent in one piece, so the audit recorder stores the row before any byte leaves (fail closed).
    response.status(200).end(file.bytes);
  });

  router.post('/documents/:id/share', audited('document.share', 'id'), allow(...DOCUMENT_SHARE_ROLES), async (request, response) => {
    const { id } = parseRequest(DocumentParamsSchema, request, 'params');
    response.json(await service.share(requirePrincipal(request), id, request.body));
  });

  return router;
}
