import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { ROLES } from '../../access/roles.js';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RuleViolationError,
  ValidationError,
} from '../../errors/app-errors.js';
import { RouteSchema } from '../../../workflows/statutory-routes.js';
import { EVENT_TYPES, type EventType } from '../../../workflows/case-events.schema.js';
import { IdentifierSchema } from '../../../workflows/roles.js';
import { type EventFormContext, eventFieldSpecs, eventFormId, extendableClockIds, parseEventForm } from '../forms/event-forms.js';
import { type FormValues, fieldHref, single } from '../forms/govuk-fields.js';
import { EVENT_ACTIONS, formatDate, routeLabel, stateLabel, valueLabel } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { redirectAfterSave } from '../session/web-session.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import { casePage, type FailedForm } from './case-page.js';
import { caseActionPlan } from '../actions/case-action-plan.pages.js';
import { caseRecordsFor } from './case-records.pages.js';
import type { Principal } from '../../access/principal.js';
import { confirmationError } from './destructive-events.js';
import { ruleMessage } from './rule-messages.js';
import { caseStateOptions } from './case-states.js';
import { CLOCK_RULES } from '../../calendar/clock-rules.js';
import { CURRENT_MACHINE_VERSION, machineFor } from '../../../workflows/case-workflow.js';
import { EMAIL_LOG_HEADINGS, NOTICE_READERS, emailLogRows, noticeRows } from '../messages/notice.pages.js';

const CASE_ID = /^[a-f0-9]{32}$/;
/** What a reference search may hold (letters, digits, hyphens), as the API's. */
const REFERENCE_SEARCH = /^[A-Za-z0-9-]{1,40}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The cases list's filters, from the query string; a value that does not parse is ignored, not an error page. */
const ListFiltersSchema = z.object({
  route: RouteSchema.optional().catch(undefined),
  state: z
    .string()
    .regex(/^[A-Za-z.]{1,100}$/)
    .optional()
    .catch(undefined),
  overdue: z.enum(['true']).optional().catch(undefined),
  dueWithin: z.coerce.number().int().min(0).max(260).optional().catch(undefined),
  agency: IdentifierSchema.optional().catch(undefined),
  // Open cases unless asked otherwise: closed ones are history, not work.
  status: z.enum(['open', 'closed', 'all']).catch('open').default('open'),
  reference: z.string().trim().regex(REFERENCE_SEARCH).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const PAGE_SIZE = 25;

const LIST_HEADINGS = ['Reference', 'Route', 'Stage', 'Opened', 'Next deadline', 'Status'] as const;

const STATUS_OPTIONS = [
  { value: 'open', text: 'Open cases' },
  { value: 'closed', text: 'Closed cases' },
  { value: 'all', text: 'All cases' },
] as const;

/** The next deadline as the list shows it: its date written out and which deadline it is; blank when none (or hidden from the role). */
function nextDeadlineCell(next: { title: string; dueOn: string } | null | undefined) {
  if (!next) return { text: '', attributes: { 'data-sort-value': '' } };
  return {
    html: `${formatDate(next.dueOn)}<br><span class="govuk-body-s govuk-!-margin-bottom-0">${escapeHtml(next.title)}</span>`,
    attributes: { 'data-sort-value': next.dueOn },
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Roles that send case events (the API's own list for POST /api/cases/:id/events). */
const EVENT_SENDERS = allow('chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'admin');

export function registerCasePages(router: Router, context: WebContext): void {
  const { render, cases, people, partnerships } = context;
  const stateOptions = caseStateOptions(machineFor({ calendar: context.calendar, clockRules: CLOCK_RULES }, CURRENT_MACHINE_VERSION));

  router.get('/cases', ...context.audit('case.list'), allow(...ROLES), async (request, response) => {
    const principal = requirePrincipal(request);
    const filters = ListFiltersSchema.parse(Object.fromEntries(Object.entries(request.query).filter(([, value]) => value !== '')));
    const result = await cases.list(principal, {
      ...(filters.route ? { route: filters.route } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.overdue ? { overdue: true } : {}),
      ...(filters.dueWithin !== undefined ? { dueWithin: filters.dueWithin } : {}),
      ...(filters.agency && principal.role !== 'agency' ? { agency: filters.agency } : {}),
      status: filters.status,
      ...(filters.reference ? { reference: filters.reference } : {}),
      page: filters.page,
      pageSize: PAGE_SIZE,
    });
    const directory = await people.get(principal.partnershipId);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const query = (page: number) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value !== undefined && key !== 'page') params.set(key, String(value));
      params.set('page', String(page));
      return `/cases?${params.toString()}`;
    };
    render(request, response, 'cases/list.njk', {
      title: 'Cases',
      filters,
      total: result.total,
      head: LIST_HEADINGS.map((heading) => ({ text: heading })),
      tableClasses: STACKED_TABLE_CLASSES,
      rows: stackedRows(
        LIST_HEADINGS,
        result.items.map((item) => [
          { html: `<a class="govuk-link" href="/cases/${item.id}">${item.reference}</a>` },
          { text: routeLabel(item.route) },
          { text: stateLabel(item.state) },
          { text: formatDate(item.openedOn), attributes: { 'data-sort-value': item.openedOn } },
          nextDeadlineCell(item.nextDeadline),
          {
            html: item.overdue
              ? '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
              : item.final
                ? '<strong class="govuk-tag govuk-tag--grey">Closed</strong>'
                : '',
          },
        ]),
      ),
      statusOptions: STATUS_OPTIONS.map((option) => ({ ...option, checked: filters.status === option.value })),
      routeOptions: [
        { value: '', text: 'Any route' },
        ...RouteSchema.options.map((value) => ({ value, text: routeLabel(value), selected: filters.route === value })),
      ],
      stateOptions: [
        { value: '', text: 'Any stage' },
        ...stateOptions.map((option) => ({ ...option, selected: filters.state === option.value })),
      ],
      agencyOptions:
        principal.role === 'agency'
          ? []
          : [
              { value: '', text: 'Any agency' },
              ...directory.organisations.map((organisation) => ({
                value: organisation.id,
                text: organisation.name,
                selected: filters.agency === organisation.id,
              })),
            ],
      pagination:
        pages > 1
          ? {
              ...(filters.page > 1 ? { previous: { href: query(filters.page - 1) } } : {}),
              ...(filters.page < pages ? { next: { href: query(filters.page + 1) } } : {}),
              items: Array.from({ length: Math.min(pages, 10) }, (_, index) => ({
                number: index + 1,
                href: query(index + 1),
                current: index + 1 === filters.page,
              })),
            }
          : undefined,
    });
  });

  router.get('/cases/:id', ...context.audit('case.read', 'id'), allow(...ROLES), async (request, response) => {
    await showCase(request, response, caseIdOf(request));
  });

  router.post('/cases/:id/events', ...context.audit('case.event', 'id'), EVENT_SENDERS, async (request, response) => {
    const id = caseIdOf(request);
    const principal = requirePrincipal(request);
    const body = request.body as FormValues;
    const type = single(body['type']) as EventType;
    if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new NotFoundError('No such event.');
    const version = Number(single(body['version']));
    const idempotencyKey = single(body['idempotencyKey']);
    if (!Number.isInteger(version) || version < 1) throw new PreconditionRequiredError('The form has no case version. Reload the page.');

    // The form's fields depend on the case (who still owes a return, which clocks are open).
    const current = await cases.get(principal, id);
    const directory = await people.get(principal.partnershipId);
    const formContext: EventFormContext = {
      principal,
      organisations: directory.organisations,
      reviewers: directory.users.filter((user) => user.role === 'reviewer'),
      pendingAgencies: 'record' in current ? current.record.agencyRequests.filter((r) => r.returnedOn === null).map((r) => r.agency) : [],
      extendableClocks: extendableClockIds(current.deadlines),
      ...((await decisionMeetingChoices(principal, id)) ?? {}),
    };
    const parsed = parseEventForm(type, body, formContext);
    const unconfirmed = confirmationError(type, body, eventFormId(type));
    if (!parsed.event || unconfirmed) {
      return showCase(
        request,
        response,
        id,
        { type, values: body, errors: [...parsed.errors, ...(unconfirmed ? [unconfirmed] : [])] },
        400,
      );
    }
    try {
      const result = await cases.applyEvent(principal, id, parsed.event, {
        ifMatch: version,
        ...(IDEMPOTENCY_KEY.test(idempotencyKey) ? { idempotencyKey } : {}),
      });
      request.session.flash = {
        kind: 'success',
        title: 'Saved',
        text: `${EVENT_ACTIONS[type]}: done. The case is now at stage “${stateLabel(result.case.state)}”.`,
      };
      await redirectAfterSave(request, response, `/cases/${id}`);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        const fresh = await cases.get(principal, id);
        request.session.flash = {
          kind: 'important',
          title: 'Someone else changed this case',
          text: `Someone else changed this case while you were working on it, so your change was not saved. It is now at stage “${stateLabel(fresh.state)}”. Check the timeline, then try again if it still needs doing.`,
        };
        return showCase(request, response, id, undefined, 409);
      }
      if (error instanceof InvalidTransitionError) {
        request.session.flash = {
          kind: 'important',
          title: 'This case has moved on',
          text: `The case is now at stage “${stateLabel(error.currentState)}”, which does not accept this. Check the timeline.`,
        };
        return showCase(request, response, id, undefined, 409);
      }
      if (error instanceof ValidationError) {
        const specs = eventFieldSpecs(type, formContext);
        const errors = error.errors.map((issue) => {
          const name = issue.path.replace(/^body\./, '').split('.')[0] ?? '';
          const spec = specs.find((candidate) => candidate.name === name);
          return spec
            ? { field: name, href: fieldHref(spec), text: issue.message.charAt(0).toUpperCase() + issue.message.slice(1) }
            : { field: 'form', href: `#${eventFormId(type)}`, text: error.message };
        });
        return showCase(request, response, id, { type, values: body, errors }, 400);
      }
      if (error instanceof RuleViolationError) {
        // Beside the field the rule names, when the form has it; otherwise at the top of the form.
        const { text, field } = ruleMessage(error);
        const spec = field ? eventFieldSpecs(type, formContext).find((candidate) => candidate.name === field) : undefined;
        const placed = spec ? { field: spec.name, href: fieldHref(spec) } : { field: 'form', href: `#${eventFormId(type)}` };
        return showCase(request, response, id, { type, values: body, errors: [{ ...placed, text }] }, 422);
      }
      if (error instanceof ForbiddenError) throw error;
      throw error;
    }
  });

  /** The case's rapid review meetings, offered on the decision form (src/meetings). */
  async function decisionMeetingChoices(
    principal: Principal,
    id: string,
  ): Promise<{ meetings: { id: string; text: string }[] } | undefined> {
    if (!context.meetings || !['chair', 'business-unit'].includes(principal.role)) return undefined;
    const list = await context.meetings.listForCase(principal, id);
    const meetings = list.items
      .filter((meeting) => meeting.kind === 'rapid-review')
      .map((meeting) => ({ id: meeting.id, text: `Rapid review meeting, ${formatDate(meeting.heldOn)}` }));
    return { meetings };
  }

  async function showCase(request: Request, response: Response, id: string, failed?: FailedForm, status = 200): Promise<void> {
    const principal = requirePrincipal(request);
    const view = await cases.get(principal, id);
    const history = await cases.history(principal, id);
    const directory = await people.get(principal.partnershipId);
    const settings = await partnerships.get(principal.partnershipId);
    if (!settings) throw new ForbiddenError('Your partnership is not set up in this service.');
    // An agency's own requests on this case, each linked to its questions and return form (src/web/information).
    const requestLinks =
      context.information && principal.role === 'agency'
        ? (await context.information.myRequests(principal)).items
            .filter((item) => item.caseId === id)
            .map((item) => ({
              href: `/information/requests/${item.id}`,
              requestedOn: formatDate(item.requestedOn),
              submitted: item.status === 'submitted',
            }))
        : [];
    // Notices made by people through the Panel's portal (src/messages): what is to do, and what was done when.
    const messages =
      context.messages && NOTICE_READERS.includes(principal.role) ? (await context.messages.listForCase(principal, id)).items : [];
    const notices = noticeRows(messages, principal.role === 'business-unit');
    const emailLog = emailLogRows(messages, directory);
    const records = await caseRecordsFor(context, context, principal, id);
    const meetings = await decisionMeetingChoices(principal, id);
    const model = casePage({
      view,
      history: history.items,
      principal,
      people: directory,
      workflow: settings.workflow,
      ...(failed ? { failed } : {}),
      ...(meetings ?? {}),
    });
    const actionPlan = context.actions
      ? await caseActionPlan(context.actions, principal, id, view.final, directory.organisationName)
      : undefined;
    render(
      request,
      response,
      'cases/case.njk',
      {
        ...model,
        actionPlan,
        records,
        errors: failed?.errors ?? [],
        notices,
        emailLog,
        emailLogHead: EMAIL_LOG_HEADINGS.map((text) => ({ text })),
        requestLinks,
        valueLabel,
      },
      status,
    );
  }
}

function caseIdOf(request: Request): string {
  const id = String(request.params['id'] ?? '');
  // Any id that is not a case id answers exactly as a case that is not there.
  if (!CASE_ID.test(id)) throw new NotFoundError('No such case.');
  return id;
}
