import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import {
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  RuleViolationError,
  ValidationError,
} from '../../errors/app-errors.js';
import type { InformationService } from '../../information/information.service.js';
import { AGE_BAND_LABELS } from '../../information/information.template.js';
import type { RequestView } from '../../information/information.views.js';
import { type FormError, type FormValues, many, readDate, single } from '../forms/govuk-fields.js';
import { formatDate } from '../labels.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';
import { chronologyRows, readReturnForm } from './return-form.js';
import { attachmentLinks, registerReturnAttachmentRemoval } from './return-attachments.pages.js';

const CASE_ID = /^[a-f0-9]{32}$/;
const REQUEST_ID = /^ir-[a-f0-9]{24}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const STAFF = ['chair', 'business-unit', 'admin'] as const;

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  'not-started': { text: 'Not started', classes: 'govuk-tag--grey' },
  draft: { text: 'In progress', classes: 'govuk-tag--yellow' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--green' },
};

function idOf(request: Request, name: string, pattern: RegExp): string {
  const id = String(request.params[name] ?? '');
  // An id that cannot be one answers as a request that is not there.
  if (!pattern.test(id)) throw new NotFoundError('No such page.');
  return id;
}

/** What the agency is shown of the case to find its records: age bands and dates, as shared. */
function contextRows(view: RequestView) {
  const rows: { key: { text: string }; value: { text: string } }[] = [{ key: { text: 'Case reference' }, value: { text: view.reference } }];
  if (view.context.ageBands)
    rows.push({
      key: { text: 'Age of the children' },
      value: { text: view.context.ageBands.map((band) => AGE_BAND_LABELS[band] ?? band).join(', ') || 'Not given' },
    });
  if (view.context.incidentOn) rows.push({ key: { text: 'Date of the incident' }, value: { text: formatDate(view.context.incidentOn) } });
  if (view.context.laAwareOn) rows.push({ key: { text: 'Local authority aware' }, value: { text: formatDate(view.context.laAwareOn) } });
  if (view.context.partnersAwareOn)
    rows.push({ key: { text: 'Partners aware' }, value: { text: formatDate(view.context.partnersAwareOn) } });
  rows.push({ key: { text: 'Asked on' }, value: { text: formatDate(view.requestedOn) } });
  rows.push({ key: { text: 'Due' }, value: { text: view.dueOn ? formatDate(view.dueOn) : 'No date set' } });
  return rows;
}

/**
 * The information pages: a case's requests and returns side by side (business unit, chair), the
 * form to ask agencies (business unit), and an agency's request with its return form.
 */
export function registerInformationPages(router: Router, context: WebContext, information: InformationService): void {
  const { render, people } = context;

  async function showCaseInformation(
    request: Request,
    response: Response,
    caseId: string,
    failed?: { values: FormValues; errors: FormError[] },
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const info = await information.caseInformation(principal, caseId);
    const directory = await people.get(principal.partnershipId);
    const asked = new Set(info.missing.map((agency) => agency.id));
    const ticked = failed ? many(failed.values['agencies']) : info.suggestedAgencies.map((agency) => agency.id);
    const agencyError = failed?.errors.find((error) => error.field === 'agencies')?.text;
    const dueError = failed?.errors.find((error) => error.field === 'dueOn')?.text;
    render(
      request,
      response,
      'information/case-information.njk',
      {
        title: `Information from agencies: ${info.reference}`,
        info,
        // The latest request of each agency, side by side.
        returns: await Promise.all(
          [...new Map(info.requests.map((item) => [item.organisation.id, item])).values()].map(async (item) => ({
            ...item,
            tag: STATUS_TAGS[item.status],
            chronology: item.answer?.chronology.map((entry) => ({ on: formatDate(entry.on), contact: entry.contact })) ?? [],
            attachments: await attachmentLinks(context.documents, principal, caseId, item.answer?.documentIds ?? []),
          })),
        ),
        canAsk: principal.role === 'business-unit',
        askForm: {
          version: info.caseVersion,
          idempotencyKey: randomUUID(),
          agencyItems: directory.organisations
            .filter((organisation) => !asked.has(organisation.id))
            .map((organisation, index) => ({
              value: organisation.id,
              text: organisation.name,
              checked: ticked.includes(organisation.id),
              id: index === 0 ? 'agencies' : `agencies-${index + 1}`,
            })),
          agencyError,
          dueError,
          due: failed
            ? {
                day: single(failed.values['dueOn-day']),
                month: single(failed.values['dueOn-month']),
                year: single(failed.values['dueOn-year']),
              }
            : { day: '', month: '', year: '' },
        },
        errors: failed?.errors ?? [],
      },
      status,
    );
  }

  router.get('/cases/:id/information', ...context.audit('case.information', 'id'), allow(...STAFF), async (request, response) => {
    await showCaseInformation(request, response, idOf(request, 'id', CASE_ID));
  });

  router.post(
    '/cases/:id/information',
    ...context.audit('case.information-ask', 'id'),
    allow('business-unit'),
    async (request, response) => {
      const caseId = idOf(request, 'id', CASE_ID);
      const values = request.body as FormValues;
      const agencies = many(values['agencies']);
      const dueOn = readDate({ name: 'dueOn', label: 'The due date' }, values);
      const errors: FormError[] = [];
      if (agencies.length === 0) errors.push({ field: 'agencies', href: '#agencies', text: 'Select at least one agency to ask' });
      if (dueOn.error) errors.push({ field: 'dueOn', href: '#dueOn-day', text: dueOn.error });
      if (errors.length > 0) return showCaseInformation(request, response, caseId, { values, errors }, 400);
      const key = single(values['idempotencyKey']);
      try {
        await information.ask(
          requirePrincipal(request),
          caseId,
          { agencies, ...(dueOn.value ? { dueOn: dueOn.value } : {}) },
          { ifMatch: Number(single(values['version'])), ...(IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {}) },
        );
      } catch (error) {
        if (error instanceof ValidationError || error instanceof RuleViolationError) {
          const text = error instanceof RuleViolationError ? error.message : (error.errors[0]?.message ?? error.message);
          const field = /due/i.test(text) ? 'dueOn' : 'agencies';
          return showCaseInformation(
            request,
            response,
            caseId,
            {
              values,
              errors: [{ field, href: field === 'dueOn' ? '#dueOn-day' : '#agencies', text: text.charAt(0).toUpperCase() + text.slice(1) }],
            },
            error instanceof ValidationError ? 400 : 422,
          );
        }
        if (error instanceof InvalidTransitionError) {
          request.session.flash = {
            kind: 'important',
            title: 'This case has moved on',
            text: 'At its current stage the case does not take information requests, so none was sent.',
          };
          return showCaseInformation(request, response, caseId, undefined, 409);
        }
        if (error instanceof PreconditionFailedError) {
          request.session.flash = {
            kind: 'important',
            title: 'Someone else changed this case',
            text: 'The case changed while you were asking, so no request was sent. Check the requests below and try again.',
          };
          return showCaseInformation(request, response, caseId, undefined, 409);
        }
        throw error;
      }
      request.session.flash = {
        kind: 'success',
        title: 'Requests sent',
        text: `${agencies.length === 1 ? 'The agency is' : `${agencies.length} agencies are`} asked for information and will be e-mailed a link.`,
      };
      await redirectAfterSave(request, response, `/cases/${caseId}/information`);
    },
  );

  async function showRequest(
    request: Request,
    response: Response,
    requestId: string,
    failed?: { values: FormValues; errors: FormError[] },
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const view = await information.request(principal, requestId);
    const agency = principal.role === 'agency';
    const editable = agency && view.status !== 'submitted';
    const errorOf = (field: string) => failed?.errors.find((error) => error.field === field)?.text;
    render(
      request,
      response,
      'information/request.njk',
      {
        title: `Information request: ${view.reference}`,
        view,
        agency,
        editable,
        canReopen: principal.role === 'business-unit' && view.status === 'submitted',
        tag: STATUS_TAGS[view.status],
        contextRows: contextRows(view),
        answer: {
          summary: failed ? single(failed.values['summary']) : (view.answer?.summary ?? ''),
          analysis: failed ? single(failed.values['analysis']) : (view.answer?.analysis ?? ''),
          learning: failed ? single(failed.values['learning']) : (view.answer?.learning ?? ''),
          chronology: view.answer?.chronology.map((entry) => ({ on: formatDate(entry.on), contact: entry.contact })) ?? [],
          attachments: await attachmentLinks(context.documents, principal, view.caseId, view.answer?.documentIds ?? []),
        },
        canAttach: editable && Boolean(context.documents),
        rows: editable ? chronologyRows(failed ? { values: failed.values } : { answer: view.answer }, failed?.errors ?? []) : [],
        summaryError: errorOf('summary'),
        previousVersions: view.previousVersions.map((previous) => ({
          ...previous,
          submittedOn: formatDate(previous.submittedOn),
          chronology: previous.answer.chronology.map((entry) => ({ on: formatDate(entry.on), contact: entry.contact })),
        })),
        errors: failed?.errors ?? [],
      },
      status,
    );
  }

  router.get(
    '/information/requests/:requestId',
    ...context.audit('information.read', 'requestId'),
    allow('agency', ...STAFF),
    async (request, response) => {
      await showRequest(request, response, idOf(request, 'requestId', REQUEST_ID));
    },
  );

  router.post(
    '/information/requests/:requestId',
    ...context.audit('information.save', 'requestId'),
    allow('agency'),
    async (request, response) => {
      const requestId = idOf(request, 'requestId', REQUEST_ID);
      const principal = requirePrincipal(request);
      const values = request.body as FormValues;
      const current = await information.request(principal, requestId);
      const { answer, errors } = readReturnForm(values, current.answer?.documentIds ?? []);
      if (!answer) return showRequest(request, response, requestId, { values, errors }, 400);
      const submitting = single(values['action']) === 'submit';
      try {
        const saved = await information.saveDraft(principal, requestId, answer, Number(single(values['revision'])));
        if (submitting) await information.submit(principal, requestId, saved.revision);
      } catch (error) {
        if (error instanceof ValidationError) {
          return showRequest(
            request,
            response,
            requestId,
            { values, errors: [{ field: 'form', href: '#summary', text: error.errors[0]?.message ?? error.message }] },
            400,
          );
        }
        if (error instanceof RuleViolationError) {
          if (error.rule === 'return-document-not-readable')
            return showRequest(
              request,
              response,
              requestId,
              { values, errors: [{ field: 'form', href: '#attachments', text: error.message }] },
              422,
            );
          if (error.rule === 'return-incomplete')
            return showRequest(
              request,
              response,
              requestId,
              { values, errors: [{ field: 'summary', href: '#summary', text: 'Enter a summary of your involvement before submitting' }] },
              422,
            );
          request.session.flash = { kind: 'important', title: 'This return is submitted', text: error.message };
          return showRequest(request, response, requestId, undefined, 422);
        }
        if (error instanceof PreconditionFailedError) {
          request.session.flash = {
            kind: 'important',
            title: 'This return changed',
            text: 'Someone else in your organisation changed this return while you were working on it, so your change was not saved. Check it below and try again.',
          };
          return showRequest(request, response, requestId, undefined, 409);
        }
        throw error;
      }
      request.session.flash = submitting
        ? { kind: 'success', title: 'Return submitted', text: 'Your return is submitted. The business unit has been told.' }
        : { kind: 'success', title: 'Draft saved', text: 'Your draft is saved. You can come back to it at any time before you submit it.' };
      await redirectAfterSave(request, response, `/information/requests/${requestId}`);
    },
  );

  registerReturnAttachmentRemoval(router, context, information);

  router.post(
    '/information/requests/:requestId/reopen',
    ...context.audit('information.reopen', 'requestId'),
    allow('business-unit'),
    async (request, response) => {
      const requestId = idOf(request, 'requestId', REQUEST_ID);
      const values = request.body as FormValues;
      try {
        await information.reopen(requirePrincipal(request), requestId, Number(single(values['revision'])));
      } catch (error) {
        if (error instanceof PreconditionFailedError || error instanceof RuleViolationError) {
          request.session.flash = {
            kind: 'important',
            title: 'Not reopened',
            text: 'The return changed meanwhile. Check it below and try again.',
          };
          return showRequest(request, response, requestId, undefined, 409);
        }
        throw error;
      }
      request.session.flash = {
        kind: 'success',
        title: 'Return reopened',
        text: 'The agency can now correct its return. The submitted version is kept below.',
      };
      await redirectAfterSave(request, response, `/information/requests/${requestId}`);
    },
  );
}

/** An agency's requests for My work: each still to answer, linked to its page. */
export async function myRequestRows(information: InformationService, principal: Parameters<InformationService['myRequests']>[0]) {
  const { items } = await information.myRequests(principal);
  return items
    .filter((item) => item.status !== 'submitted')
    .map((item) => [
      { html: `<a class="govuk-link" href="/information/requests/${item.id}">${item.reference}</a>` },
      { text: formatDate(item.requestedOn) },
      { text: item.dueOn ? formatDate(item.dueOn) : 'No date set' },
    ]);
}

const PARTS = [
  { name: 'summary', label: 'Involvement summary' },
  { name: 'chronology', label: 'Chronology of contacts' },
  { name: 'analysis', label: 'Analysis' },
  { name: 'learning', label: 'Learning' },
] as const;

const SHARES = [
  { value: 'ageBands', text: 'The children’s age bands' },
  { value: 'incidentOn', text: 'The date of the incident' },
  { value: 'awarenessDates', text: 'When the local authority and the partners became aware' },
] as const;

/** The template form's fields from a template (one question per line) or from posted values. */
function templateForm(source: { questions: Record<string, string[]>; share: Record<string, boolean> } | FormValues, posted: boolean) {
  return {
    parts: PARTS.map((part) => ({
      ...part,
      value: posted
        ? single((source as FormValues)[part.name])
        : ((source as { questions: Record<string, string[]> }).questions[part.name] ?? []).join('\n'),
    })),
    shareItems: SHARES.map((share) => ({
      ...share,
      checked: posted
        ? many((source as FormValues)['share']).includes(share.value)
        : Boolean((source as { share: Record<string, boolean> }).share[share.value]),
    })),
  };
}

/**
 * The partnership's questions and what it shares with asked agencies, edited by the business unit
 * or an administrator (one question per line). New requests use it; earlier ones keep theirs.
 */
export function registerTemplatePages(router: Router, context: WebContext, information: InformationService): void {
  const { render } = context;

  router.get(
    '/information/template',
    ...context.audit('information.template'),
    allow('business-unit', 'admin'),
    async (request, response) => {
      const template = await information.template(requirePrincipal(request));
      render(request, response, 'information/template.njk', {
        title: 'Questions for agencies',
        version: template.version,
        ...templateForm(template, false),
        errors: [],
      });
    },
  );

  router.post(
    '/information/template',
    ...context.audit('information.template-edit'),
    allow('business-unit', 'admin'),
    async (request, response) => {
      const values = request.body as FormValues;
      const lines = (name: string) =>
        single(values[name])
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
      const errors: FormError[] = PARTS.filter((part) => lines(part.name).length === 0).map((part) => ({
        field: part.name,
        href: `#${part.name}`,
        text: `Enter at least one question for the ${part.label.toLowerCase()}`,
      }));
      const body = {
        questions: Object.fromEntries(PARTS.map((part) => [part.name, lines(part.name)])),
        share: Object.fromEntries(SHARES.map((share) => [share.value, many(values['share']).includes(share.value)])),
      };
      const show = (formErrors: FormError[], status: number) =>
        render(
          request,
          response,
          'information/template.njk',
          { title: 'Questions for agencies', version: single(values['version']), ...templateForm(values, true), errors: formErrors },
          status,
        );
      if (errors.length > 0) return show(errors, 400);
      try {
        await information.updateTemplate(requirePrincipal(request), body, Number(single(values['version'])));
      } catch (error) {
        if (error instanceof ValidationError) {
          const issues = error.errors.map((issue) => {
            const part = PARTS.find((candidate) => issue.path.includes(candidate.name));
            return {
              field: part?.name ?? 'form',
              href: `#${part?.name ?? 'summary'}`,
              text: `${part ? part.label : 'The template'}: each question is at most 500 characters, and at most 20 questions`,
            };
          });
          return show(issues.slice(0, 1), 400);
        }
        if (error instanceof PreconditionFailedError) {
          request.session.flash = {
            kind: 'important',
            title: 'Someone else changed the questions',
            text: 'Your changes were not saved. The questions as they are now are shown below.',
          };
          await redirectAfterSave(request, response, '/information/template');
          return;
        }
        throw error;
      }
      request.session.flash = { kind: 'success', title: 'Questions saved', text: 'New information requests will ask these questions.' };
      await redirectAfterSave(request, response, '/information/template');
    },
  );
}
