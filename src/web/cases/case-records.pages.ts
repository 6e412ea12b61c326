import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import type { Principal } from '../../access/principal.js';
import { DOCUMENT_READ_ROLES, DOCUMENT_UPLOAD_ROLES } from '../../documents/document.access.js';
import { attachmentDisposition } from '../../documents/document.file-name.js';
import type { DocumentService } from '../../documents/document.service.js';
import { AppError, NotFoundError, ValidationError } from '../../errors/app-errors.js';
import { readUpload } from '../../http/multipart-upload.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES, type MeetingService } from '../../meetings/meeting.service.js';
import { REPORT_READ_ROLES, REPORT_SIGN_ROLES, REPORT_WRITE_ROLES } from '../../rapid-review-report/report.routes.js';
import type { ReportService } from '../../rapid-review-report/report.service.js';
import { type FormValues, readDate, readText, single } from '../forms/govuk-fields.js';
import { csrfErrorOf, redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';
import { ATTENDEE_ROWS, caseRecordsModel } from './case-records.js';

export interface CaseRecordServices {
  documents?: DocumentService;
  meetings?: MeetingService;
  rapidReviewReport?: ReportService;
}

const CASE_ID = /^[a-f0-9]{32}$/;
const idOf = (request: Request, name: string) => {
  const id = String(request.params[name] ?? '');
  if (!CASE_ID.test(id)) throw new NotFoundError('No such page.');
  return id;
};
const VERSION = /^[1-9]\d{0,3}$/;

/** The case page's documents, meetings and report sections, for this principal (null: not theirs to see). */
export async function caseRecordsFor(services: CaseRecordServices, context: WebContext, principal: Principal, caseId: string) {
  const role = principal.role;
  const [documents, meetings, report, directory] = await Promise.all([
    services.documents && DOCUMENT_READ_ROLES.includes(role)
      ? services.documents.listForCase(principal, caseId).then((list) => list.items)
      : null,
    services.meetings && (MEETING_READ_ROLES as readonly string[]).includes(role)
      ? services.meetings.listForCase(principal, caseId).then((list) => list.items)
      : null,
    services.rapidReviewReport && REPORT_READ_ROLES.includes(role) ? services.rapidReviewReport.get(principal, caseId) : null,
    context.people.get(principal.partnershipId),
  ]);
  return caseRecordsModel({ principal, caseId, documents, meetings, report, organisations: directory.organisations });
}

/** Says what went wrong on the case page itself (the services' problem detail is written for people). */
async function backWithError(
  request: Request,
  response: Response,
  caseId: string,
  anchor: string,
  title: string,
  error: unknown,
): Promise<void> {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401 || error.status === 403 || error.status === 404)
    throw error;
  const issues =
    error instanceof ValidationError && error.errors.length ? ` (${error.errors.map((issue) => issue.message).join('; ')})` : '';
  request.session.flash = { kind: 'important', title, text: `${error.message}${issues}` };
  await redirectAfterSave(request, response, `/cases/${caseId}#${anchor}`);
}

/**
 * The document upload reads its own multipart form (CSRF token included), so it is registered
 * before the site's urlencoded parser, like the case-log import.
 */
export function registerCaseDocumentUpload(router: Router, context: WebContext, services: CaseRecordServices): void {
  const documents = services.documents;
  if (!documents) return;
  router.post(
    '/cases/:id/documents',
    ...context.audit('document.upload'),
    allow(...DOCUMENT_UPLOAD_ROLES),
    async (request, response, next) => {
      const caseId = idOf(request, 'id');
      try {
        const upload = await readUpload(request, context.config.DOCUMENT_MAX_BYTES);
        request.body = upload.fields;
        const csrfError = csrfErrorOf(request);
        if (csrfError) return next(csrfError);
        const { _csrf: _token, ...fields } = upload.fields;
        if (fields['title'] === '') delete fields['title'];
        const { document } = await documents.upload(requirePrincipal(request), caseId, { ...upload, fields });
        request.session.flash = { kind: 'success', title: 'Uploaded', text: `${document.title} is stored as version 1.` };
        await redirectAfterSave(request, response, `/cases/${caseId}#documents`);
      } catch (error) {
        await backWithError(request, response, caseId, 'documents', 'The file was not uploaded', error);
      }
    },
  );
}

/** Downloads, meetings and the report's steps (urlencoded forms, after the site's CSRF check). */
export function registerCaseRecordPages(router: Router, context: WebContext, services: CaseRecordServices): void {
  const { documents, meetings, rapidReviewReport: report } = services;

  if (documents) {
    router.get(
      '/cases/:id/documents/:documentId/download',
      ...context.audit('document.download', 'documentId'),
      allow(...DOCUMENT_READ_ROLES),
      async (request, response) => {
        idOf(request, 'id');
        const raw = single(request.query['version'] as string | undefined);
        const file = await documents.download(
          requirePrincipal(request),
          idOf(request, 'documentId'),
          VERSION.test(raw) ? Number(raw) : undefined,
        );
        response.setHeader('Content-Type', file.contentType);
        response.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
        response.setHeader('X-Content-Type-Options', 'nosniff');
        response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        response.status(200).end(file.bytes);
      },
    );
  }

  if (meetings) {
    router.post('/cases/:id/meetings', ...context.audit('meeting.record'), allow(...MEETING_WRITE_ROLES), async (request, response) => {
      const caseId = idOf(request, 'id');
      const values = request.body as FormValues;
      try {
        const heldOn = readDate({ name: 'heldOn', label: 'Date the meeting was held' }, values);
        if (heldOn.error || !heldOn.value) throw new ValidationError(heldOn.error ?? 'Enter the date the meeting was held.');
        const attendees = Array.from({ length: ATTENDEE_ROWS }, (_, index) => ({
          organisationId: readText(values, `attendee-${index}-organisation`),
          role: readText(values, `attendee-${index}-role`),
        })).filter((row) => row.organisationId || row.role);
        const incomplete = attendees.findIndex((row) => !row.organisationId || !row.role);
        if (incomplete >= 0) throw new ValidationError(`Give both the organisation and the role of every attendee.`);
        const minutesText = readText(values, 'minutesText');
        await meetings.record(requirePrincipal(request), caseId, {
          kind: 'rapid-review',
          heldOn: heldOn.value,
          attendees,
          ...(minutesText ? { minutesText } : {}),
        });
        request.session.flash = { kind: 'success', title: 'Saved', text: 'The rapid review meeting is recorded.' };
        await redirectAfterSave(request, response, `/cases/${caseId}#meetings`);
      } catch (error) {
        await backWithError(request, response, caseId, 'meetings', 'The meeting was not recorded', error);
      }
    });
  }

  if (report) {
    const step = (
      path: string,
      action: string,
      roles: typeof REPORT_WRITE_ROLES,
      done: string,
      run: (principal: Principal, caseId: string, values: FormValues) => Promise<unknown>,
    ) =>
      router.post(`/cases/:id/rapid-review-report${path}`, ...context.audit(action, 'id'), allow(...roles), async (request, response) => {
        const caseId = idOf(request, 'id');
        try {
          await run(requirePrincipal(request), caseId, request.body as FormValues);
          request.session.flash = { kind: 'success', title: 'Saved', text: done };
          await redirectAfterSave(request, response, `/cases/${caseId}#rapid-review-report`);
        } catch (error) {
          await backWithError(request, response, caseId, 'rapid-review-report', 'The rapid review report was not changed', error);
        }
      });
    const versionOf = (values: FormValues) => {
      const raw = single(values['version']);
      if (!VERSION.test(raw)) throw new ValidationError('The form names no version. Reload the page.');
      return Number(raw);
    };
    step('/text', 'rapid-review-report.write', REPORT_WRITE_ROLES, 'The report text is saved.', (principal, caseId, values) =>
      report.setText(principal, caseId, {
        analysis: single(values['analysis']),
        immediateSafetyActions: single(values['immediateSafetyActions']),
        learning: single(values['learning']),
      }),
    );
    step(
      '/versions',
      'rapid-review-report.generate',
      REPORT_WRITE_ROLES,
      'A new version of the report was generated.',
      (principal, caseId) => report.generate(principal, caseId),
    );
    step(
      '/sign-off',
      'rapid-review-report.sign-off',
      REPORT_SIGN_ROLES,
      'You signed off this version of the report.',
      (principal, caseId, values) => report.signOff(principal, caseId, versionOf(values), {}),
    );
    step(
      '/query',
      'rapid-review-report.query',
      REPORT_SIGN_ROLES,
      'Your query was sent back to the business unit.',
      (principal, caseId, values) => report.query(principal, caseId, versionOf(values), { comment: single(values['comment']) }),
    );
    step(
      '/submission',
      'rapid-review-report.send',
      REPORT_WRITE_ROLES,
      'The report was sent to the Panel.',
      (principal, caseId, values) => {
        const submittedOn = readDate({ name: 'submittedOn', label: 'Date sent' }, values);
        if (submittedOn.error || !submittedOn.value)
          throw new ValidationError(submittedOn.error ?? 'Enter the date the report was sent to the Panel.');
        return report.sendToPanel(principal, caseId, { version: versionOf(values), submittedOn: submittedOn.value });
      },
    );
  }
}
