import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import type { Principal } from '../../access/principal.js';
import type { DocumentService } from '../../documents/document.service.js';
import { AppError, NotFoundError, ValidationError } from '../../errors/app-errors.js';
import { readUpload } from '../../http/multipart-upload.js';
import type { ReturnAnswer } from '../../information/information.model.js';
import type { InformationService } from '../../information/information.service.js';
import { type FormValues, single } from '../forms/govuk-fields.js';
import { csrfErrorOf, redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';

const REQUEST_ID = /^ir-[a-f0-9]{24}$/;
const DOCUMENT_ID = /^[a-f0-9]{32}$/;
/** As many as a return may list (DocumentIdsSchema in src/information). */
const MAX_ATTACHMENTS = 20;
const STALE = 'Someone else in your organisation changed this return meanwhile. Check it below and try again.';
const EMPTY_ANSWER: ReturnAnswer = { summary: '', chronology: [], analysis: '', learning: '', documentIds: [] };

export interface AttachmentLink {
  id: string;
  title: string;
  fileName: string;
  href: string;
}

function idOf(request: Request, name: string, pattern: RegExp): string {
  const id = String(request.params[name] ?? '');
  if (!pattern.test(id)) throw new NotFoundError('No such page.');
  return id;
}

/**
 * A return's attached documents as download links, for whoever is looking: a document the
 * principal may not read (an administrator, say) is left out rather than named.
 */
export async function attachmentLinks(
  documents: DocumentService | undefined,
  principal: Principal,
  caseId: string,
  documentIds: readonly string[],
): Promise<AttachmentLink[]> {
  if (!documents) return [];
  const found = await Promise.all(documentIds.map((id) => documents.findReadable(principal, id)));
  return found.flatMap((record) => {
    if (!record) return [];
    const latest = record.versions.find((version) => version.version === record.latestVersion);
    return [
      {
        id: record._id,
        title: record.title,
        fileName: latest?.fileName ?? record.title,
        href: `/cases/${caseId}/documents/${record._id}/download`,
      },
    ];
  });
}

/** Back to the return with a message; the page shows the return as it is stored. */
async function backToReturn(
  request: Request,
  response: Response,
  requestId: string,
  kind: 'success' | 'important',
  title: string,
  text: string,
) {
  request.session.flash = { kind, title, text };
  await redirectAfterSave(request, response, `/information/requests/${requestId}#attachments`);
}

/** What the agency is told when a file was not attached or removed (the services' detail is written for people). */
function refusal(error: unknown): string {
  // Not found, not allowed and server faults are the site's error pages, not a message here.
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401 || error.status === 403 || error.status === 404)
    throw error;
  if (error.status === 412) return STALE;
  const issues =
    error instanceof ValidationError && error.errors.length ? ` (${error.errors.map((issue) => issue.message).join('; ')})` : '';
  return `${error.message}${issues}`;
}

/**
 * The agency attaches a file to its return: stored as a case document of the agency-return kind,
 * owned by the agency's organisation, then added to the return's draft. The form is multipart
 * (CSRF token included), so this is registered before the site's urlencoded parser. Attaching
 * keeps the saved draft as it is: the page asks the agency to save its text first.
 */
export function registerReturnAttachmentUpload(router: Router, context: WebContext, information: InformationService): void {
  const documents = context.documents;
  if (!documents) return;
  router.post(
    '/information/requests/:requestId/attachments',
    ...context.audit('information.attach', 'requestId'),
    allow('agency'),
    async (request, response, next) => {
      const requestId = idOf(request, 'requestId', REQUEST_ID);
      const principal = requirePrincipal(request);
      try {
        const upload = await readUpload(request, context.config.DOCUMENT_MAX_BYTES);
        request.body = upload.fields;
        const csrfError = csrfErrorOf(request);
        if (csrfError) return next(csrfError);
        const current = await information.request(principal, requestId);
        if (current.status === 'submitted')
          return await backToReturn(
            request,
            response,
            requestId,
            'important',
            'The file was not attached',
            'This return is submitted and read-only. Ask the business unit to reopen it.',
          );
        if (single(upload.fields['revision']) !== String(current.revision))
          return await backToReturn(request, response, requestId, 'important', 'The file was not attached', STALE);
        const attached = current.answer?.documentIds ?? [];
        if (attached.length >= MAX_ATTACHMENTS)
          return await backToReturn(
            request,
            response,
            requestId,
            'important',
            'The file was not attached',
            `A return can have at most ${MAX_ATTACHMENTS} files. Remove one first.`,
          );
        const { document } = await documents.upload(principal, current.caseId, { ...upload, fields: { kind: 'agency-return-attachment' } });
        await information.saveDraft(
          principal,
          requestId,
          { ...(current.answer ?? EMPTY_ANSWER), documentIds: [...attached, document.id] },
          current.revision,
        );
        await backToReturn(request, response, requestId, 'success', 'File attached', `${document.title} is attached to your return.`);
      } catch (error) {
        await backToReturn(request, response, requestId, 'important', 'The file was not attached', refusal(error));
      }
    },
  );
}

/** The agency takes a file off its return (urlencoded, after the site's CSRF check). The document stays among the case's documents. */
export function registerReturnAttachmentRemoval(router: Router, context: WebContext, information: InformationService): void {
  router.post(
    '/information/requests/:requestId/attachments/:documentId/remove',
    ...context.audit('information.detach', 'requestId'),
    allow('agency'),
    async (request, response) => {
      const requestId = idOf(request, 'requestId', REQUEST_ID);
      const documentId = idOf(request, 'documentId', DOCUMENT_ID);
      const principal = requirePrincipal(request);
      const values = request.body as FormValues;
      const current = await information.request(principal, requestId);
      const attached = current.answer?.documentIds ?? [];
      if (!attached.includes(documentId)) throw new NotFoundError('This file is not attached to the return.');
      try {
        await information.saveDraft(
          principal,
          requestId,
          { ...current.answer!, documentIds: attached.filter((id) => id !== documentId) },
          Number(single(values['revision'])),
        );
      } catch (error) {
        return backToReturn(request, response, requestId, 'important', 'The file was not removed', refusal(error));
      }
      await backToReturn(request, response, requestId, 'success', 'File removed', 'The file is no longer attached to your return.');
    },
  );
}
