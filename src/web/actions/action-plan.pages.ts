import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../../access/authenticate.js';
import type { Principal } from '../../access/principal.js';
import { allow } from '../../access/policy.js';
import { READ_ROLES, UPDATE_ROLES, editsPlan, mayReportProgress, maySignOff } from '../../actions/action.access.js';
import { ACTION_STATUSES, RAGS, RECOMMENDATION_SOURCES } from '../../actions/action.record.js';
import { ActionEventSchema, PrioritySchema, RecordIdSchema } from '../../actions/action.schemas.js';
import type { ActionService } from '../../actions/action.service.js';
import type { RecommendationService } from '../../actions/recommendation.service.js';
import { NotFoundError, PreconditionFailedError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import { CSV_CONTENT_TYPE, csvAttachment } from '../../shared/csv.js';
import { todayInEngland } from '../../shared/system-clock.js';
import { IdentifierSchema } from '../../../workflows/roles.js';
import {
  type FieldSpec,
  type FormError,
  type FormValues,
  fieldHref,
  readDate,
  readText,
  renderField,
  requiredMessage,
  single,
} from '../forms/govuk-fields.js';
import { formatDate, formatInstant, humanise, ragTag, ROLE_LABELS } from '../labels.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import type { WebContext } from '../web.context.js';
import { redirectAfterSave } from '../session/web-session.js';

/**
 * Action plans: the partnership's learning actions as a filterable table with RAG tags, the
 * latest progress note and whether there is evidence of impact, a CSV export of the same filter,
 * and a page per action with every note and piece of evidence and the forms to add to them.
 */

const FiltersSchema = z.object({
  owner: IdentifierSchema.optional().catch(undefined),
  source: z.enum(RECOMMENDATION_SOURCES).optional().catch(undefined),
  priority: PrioritySchema.optional().catch(undefined),
  rag: z.enum(RAGS).optional().catch(undefined),
  status: z.enum(ACTION_STATUSES).optional().catch(undefined),
  overdue: z.enum(['true']).optional().catch(undefined),
  impact: z.enum(['with', 'without']).optional().catch(undefined),
  caseId: RecordIdSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
type Filters = z.infer<typeof FiltersSchema>;

const PAGE_SIZE = 50;
const ACTION_ID = /^[a-f0-9]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function filtersOf(request: Request): Filters {
  return FiltersSchema.parse(Object.fromEntries(Object.entries(request.query).filter(([, value]) => value !== '')));
}

function serviceQuery(filters: Filters, page: number, pageSize: number) {
  const { overdue, page: _page, ...rest } = filters;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { ...defined, ...(overdue ? { overdue: true } : {}), page, pageSize } as Parameters<ActionService['list']>[1];
}

function queryString(filters: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && key !== 'page') params.set(key, String(value));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function tag(rag: string): string {
  const { text, classes } = ragTag(rag);
  return `<strong class="govuk-tag ${classes}">${text}</strong>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An organisation's actions that are not complete, for My work. */
/** The organisation's actions not yet complete, as My work's rows, and how many are past their target date. */
export async function myOutstandingActions(actions: ActionService, principal: Principal, organisationId: string) {
  const result = await actions.list(principal, { owner: organisationId, page: 1, pageSize: 50 } as Parameters<ActionService['list']>[1]);
  const outstanding = result.items.filter((item) => item.status !== 'complete');
  const rows = outstanding.map((item) => [
    {
      html: `<a class="govuk-link" href="/action-plans/${item.id}">${escapeHtml(item.reference)}</a> ${escapeHtml(item.text.slice(0, 120))}`,
    },
    { text: item.dueOn ? `${formatDate(item.dueOn)}${item.overdue ? ' (overdue)' : ''}` : 'Ongoing' },
    { html: tag(item.rag) },
  ]);
  return { rows, overdue: outstanding.filter((item) => item.overdue).length };
}

const NOTE_SPEC: FieldSpec = {
  name: 'text',
  id: 'note-text',
  label: 'Progress note',
  kind: 'textarea',
  hint: 'What has been done since the last note. No names.',
};
const RAG_SPEC: FieldSpec = {
  name: 'rag',
  id: 'rag-rag',
  label: 'New RAG rating',
  kind: 'radios',
  options: RAGS.map((value) => ({
    value,
    text: ragTag(value).text,
    ...(value === 'complete' ? { hint: 'Proposes completion: the chair signs it off.' } : {}),
  })),
};
const RAG_REASON_SPEC: FieldSpec = { name: 'reason', id: 'rag-reason', label: 'Reason for the change', kind: 'textarea', optional: true };
const IMPACT_SPEC: FieldSpec = {
  name: 'text',
  id: 'impact-text',
  label: 'Evidence of impact',
  kind: 'textarea',
  hint: 'How we know practice has changed: an audit, feedback, figures. No names.',
};
const IMPACT_DATE_SPEC: FieldSpec = { name: 'evidencedOn', id: 'impact-evidencedOn', label: 'Date of the evidence', kind: 'date' };
const SIGN_OFF_SPEC: FieldSpec = { name: 'note', id: 'sign-off-note', label: 'Note', kind: 'textarea', optional: true };

const FORMS = {
  'action.progress-noted': { id: 'note', title: 'Add a progress note', specs: [NOTE_SPEC] },
  'action.rag-changed': { id: 'rag', title: 'Change the RAG rating', specs: [RAG_SPEC, RAG_REASON_SPEC] },
  'action.impact-evidenced': { id: 'impact', title: 'Add evidence of impact', specs: [IMPACT_SPEC, IMPACT_DATE_SPEC] },
  'action.signed-off': { id: 'sign-off', title: 'Sign off the action as complete', specs: [SIGN_OFF_SPEC] },
} as const;
type ActionFormType = keyof typeof FORMS;

/** Reads one action form into the event the service takes. */
export function parseActionForm(type: ActionFormType, values: FormValues): { event?: Record<string, unknown>; errors: FormError[] } {
  const form = FORMS[type];
  const errors: FormError[] = [];
  const event: Record<string, unknown> = { type };
  for (const spec of form.specs) {
    if (spec.kind === 'date') {
      const read = readDate(spec, values);
      if (read.error) errors.push({ field: spec.name, href: fieldHref(spec), text: read.error });
      else if (read.value) event[spec.name] = read.value;
    } else {
      const text = readText(values, spec.name);
      if (text !== undefined) event[spec.name] = text;
    }
  }
  const parsed = ActionEventSchema.safeParse(event);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const spec = form.specs.find((candidate) => candidate.name === issue.path[0]);
      if (!spec || errors.some((error) => error.field === spec.name)) continue;
      const missing = (issue as { input?: unknown }).input === undefined || issue.code === 'invalid_value';
      errors.push({
        field: spec.name,
        href: fieldHref(spec),
        text: missing
          ? requiredMessage(spec)
          : spec.kind === 'date'
            ? `${spec.label} must be a real date`
            : `${spec.label}: ${issue.message}`,
      });
    }
  }
  return errors.length > 0 ? { errors } : { event, errors };
}

/** The action plan list's columns; on a phone each row is a block with these as labels (stacked-table.ts). */
const LIST_HEADINGS = ['Reference', 'Action', 'Owner and lead', 'Target', 'RAG', 'Latest progress', 'Evidence of impact'] as const;

export function registerActionPlanPages(
  router: Router,
  context: WebContext,
  service: ActionService,
  recommendations?: RecommendationService,
): void {
  const { render, people } = context;
  const readers = allow(...READ_ROLES);

  router.get('/action-plans', ...context.audit('action.list'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const filters = filtersOf(request);
    const result = await service.list(principal, serviceQuery(filters, filters.page, PAGE_SIZE));
    const directory = await people.get(principal.partnershipId);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const option = (value: string, text: string, selected: boolean) => ({ value, text, selected });
    render(request, response, 'actions/list.njk', {
      title: 'Action plans',
      filters,
      total: result.total,
      csvHref: `/action-plans.csv${queryString(filters)}`,
      head: LIST_HEADINGS.map((heading) => ({ text: heading })),
      tableClasses: STACKED_TABLE_CLASSES,
      rows: stackedRows(
        LIST_HEADINGS,
        result.items.map((item) => [
          { html: `<a class="govuk-link" href="/action-plans/${item.id}">${escapeHtml(item.reference)}</a>` },
          { text: item.text },
          { text: `${directory.organisationName(item.ownerOrganisationId)} (${item.lead})` },
          { text: item.dueOn ? formatDate(item.dueOn) : item.recurrence ? humanise(item.recurrence.frequency) : '' },
          { html: `${tag(item.rag)}${item.overdue ? ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' : ''}` },
          { text: item.latestProgressNote ? `${formatDate(item.latestProgressNote.on)}: ${item.latestProgressNote.text}` : 'None yet' },
          { text: item.hasImpactEvidence ? 'Yes' : 'Not yet' },
        ]),
      ),
      ownerOptions:
        principal.role === 'agency'
          ? []
          : [
              option('', 'Any owner', false),
              ...directory.organisations.map((organisation) =>
                option(organisation.id, organisation.name, filters.owner === organisation.id),
              ),
            ],
      sourceOptions: [
        option('', 'Any source', false),
        ...RECOMMENDATION_SOURCES.map((value) => option(value, humanise(value), filters.source === value)),
      ],
      ragOptions: [option('', 'Any rating', false), ...RAGS.map((value) => option(value, ragTag(value).text, filters.rag === value))],
      statusOptions: [
        option('', 'Any status', false),
        ...ACTION_STATUSES.map((value) => option(value, humanise(value), filters.status === value)),
      ],
      impactOptions: [
        option('', 'With or without', false),
        option('with', 'With evidence of impact', filters.impact === 'with'),
        option('without', 'Without evidence of impact', filters.impact === 'without'),
      ],
      pagination:
        pages > 1
          ? {
              ...(filters.page > 1
                ? { previous: { href: `/action-plans${queryString(filters, { page: String(filters.page - 1) })}` } }
                : {}),
              ...(filters.page < pages
                ? { next: { href: `/action-plans${queryString(filters, { page: String(filters.page + 1) })}` } }
                : {}),
            }
          : undefined,
    });
  });

  router.get('/action-plans.csv', ...context.audit('action.list'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const { csv } = await service.exportCsv(principal, serviceQuery(filtersOf(request), 1, PAGE_SIZE), { readable: true });
    response.setHeader('Content-Type', CSV_CONTENT_TYPE);
    response.setHeader('Content-Disposition', csvAttachment(`actions-${todayInEngland(context.clock)}`));
    response.status(200).send(csv);
  });

  router.get('/action-plans/:id', ...context.audit('action.read', 'id'), readers, async (request, response) => {
    await showAction(request, response, actionIdOf(request));
  });

  router.post('/action-plans/:id/events', ...context.audit('action.event', 'id'), allow(...UPDATE_ROLES), async (request, response) => {
    const id = actionIdOf(request);
    const principal = requirePrincipal(request);
    const values = request.body as FormValues;
    const type = single(values['type']) as ActionFormType;
    if (!(type in FORMS)) throw new NotFoundError('No such form.');
    const parsed = parseActionForm(type, values);
    if (!parsed.event) return showAction(request, response, id, { type, values, errors: parsed.errors }, 400);
    const key = single(values['idempotencyKey']);
    try {
      await service.applyEvent(principal, id, parsed.event, {
        ifMatch: Number(single(values['version'])),
        ...(IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {}),
      });
      request.session.flash = { kind: 'success', title: 'Saved', text: `${FORMS[type].title}: done.` };
      await redirectAfterSave(request, response, `/action-plans/${id}`);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        request.session.flash = {
          kind: 'important',
          title: 'Someone else changed this action',
          text: 'Someone else changed this action while you were working on it, so your change was not saved. Check it below and try again.',
        };
        return showAction(request, response, id, undefined, 409);
      }
      if (error instanceof ValidationError || error instanceof RuleViolationError) {
        const text = error.message.charAt(0).toUpperCase() + error.message.slice(1);
        return showAction(
          request,
          response,
          id,
          { type, values, errors: [{ field: 'form', href: `#${FORMS[type].id}`, text }] },
          error.status,
        );
      }
      throw error;
    }
  });

  async function showAction(
    request: Request,
    response: Response,
    id: string,
    failed?: { type: ActionFormType; values: FormValues; errors: FormError[] },
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const view = await service.get(principal, id);
    const directory = await people.get(principal.partnershipId);
    const by = (actor: { userId: string; role: string }) =>
      `${directory.userName(actor.userId)} (${ROLE_LABELS[actor.role as keyof typeof ROLE_LABELS] ?? actor.role})`;
    const allowed: ActionFormType[] = [];
    if (view.status !== 'complete' && mayReportProgress(principal, view))
      allowed.push('action.progress-noted', 'action.rag-changed', 'action.impact-evidenced');
    else if (view.status === 'complete' && mayReportProgress(principal, view)) allowed.push('action.impact-evidenced');
    if (maySignOff(principal) && view.status === 'awaiting-sign-off') allowed.push('action.signed-off');
    const forms = allowed.map((type) => {
      const mine = failed?.type === type ? failed : undefined;
      const errorOf = new Map((mine?.errors ?? []).map((error) => [error.field, error.text]));
      return {
        type,
        id: FORMS[type].id,
        title: FORMS[type].title,
        formError: errorOf.get('form'),
        fields: FORMS[type].specs.map((spec) => renderField(spec, mine?.values ?? {}, errorOf.get(spec.name))),
        version: view.version,
        idempotencyKey: randomUUID(),
      };
    });
    const history = await service.history(principal, id);
    const recommendation = recommendations ? await recommendations.get(principal, view.recommendationId) : undefined;
    render(
      request,
      response,
      'actions/action.njk',
      {
        title: `Action ${view.reference}`,
        view,
        errors: failed?.errors ?? [],
        forms,
        ragTag: ragTag(view.rag),
        summaryRows: [
          {
            key: { text: 'Recommendation' },
            value: { text: recommendation ? `${view.recommendationReference}: ${recommendation.text}` : view.recommendationReference },
          },
          { key: { text: 'Source' }, value: { text: humanise(view.source) } },
          ...(view.priority ? [{ key: { text: 'Priority' }, value: { text: humanise(view.priority) } }] : []),
          ...('caseReference' in view && view.caseReference && view.caseId
            ? [
                {
                  key: { text: 'Case' },
                  value: { html: `<a class="govuk-link" href="/cases/${view.caseId}">${escapeHtml(view.caseReference)}</a>` },
                },
              ]
            : []),
          { key: { text: 'Owner' }, value: { text: directory.organisationName(view.ownerOrganisationId) } },
          { key: { text: 'Lead' }, value: { text: view.lead } },
          {
            key: { text: 'Target' },
            value: { text: view.dueOn ? formatDate(view.dueOn) : view.recurrence ? humanise(view.recurrence.frequency) : '' },
          },
          { key: { text: 'Status' }, value: { text: `${humanise(view.status)}${view.overdue ? ' (overdue)' : ''}` } },
        ],
        notes: view.progressNotes.map((note) => ({ on: formatDate(note.on), by: by(note.by), text: note.text })).reverse(),
        evidence: view.impactEvidence
          .map((item) => ({ on: formatDate(item.evidencedOn), by: by(item.by), text: item.text, at: formatInstant(item.at) }))
          .reverse(),
        revisions: view.targetRevisions.map((revision) => ({ on: formatDate(revision.on), by: by(revision.by), reason: revision.reason })),
        ragHistory: ragHistoryRows(history.items, by),
        changes: changeRows(history.items, by, directory.organisationName),
        changeHref: view.status !== 'complete' && mayReportProgress(principal, view) ? `/action-plans/${id}/change` : undefined,
        changeText: editsPlan(principal) ? 'Change the target or lead' : 'Change the lead',
        signOff: view.signOff ? { on: formatDate(view.signOff.on), by: by(view.signOff.by), note: view.signOff.note } : undefined,
      },
      status,
    );
  }
}

type HistoryItem = Awaited<ReturnType<ActionService['history']>>['items'][number];
type By = (actor: { userId: string; role: string }) => string;

/** Each RAG change, newest first: when, who, from what to what, and why. */
function ragHistoryRows(items: HistoryItem[], by: By) {
  return items
    .filter((item) => item.type === 'action.rag-changed')
    .map((item) => ({
      at: formatInstant(item.at),
      by: by(item.actor),
      from: ragTag(String(item.fields['from'] ?? '')).text,
      to: ragTag(String(item.fields['rag'] ?? '')).text,
      reason: typeof item.fields['reason'] === 'string' ? item.fields['reason'] : 'No reason given',
    }))
    .reverse();
}

/** Changes of target, lead, owner or wording, newest first, each with its reason when one was given. */
function changeRows(items: HistoryItem[], by: By, organisationName: (id: string) => string) {
  const targetText = (target: unknown) => {
    const value = target as { targetOn?: string | null; recurrence?: { frequency: string } | null } | undefined;
    return value?.targetOn ? formatDate(value.targetOn) : value?.recurrence ? humanise(value.recurrence.frequency) : 'none';
  };
  return items
    .filter((item) => item.type === 'action.updated')
    .map((item) => {
      const changes = (item.fields['changes'] ?? {}) as Record<string, { from: unknown; to: unknown }>;
      const said = Object.entries(changes).map(([field, change]) => {
        if (field === 'target') return `Target from ${targetText(change.from)} to ${targetText(change.to)}`;
        if (field === 'ownerOrganisationId')
          return `Owner from ${organisationName(String(change.from))} to ${organisationName(String(change.to))}`;
        if (field === 'lead') return `Lead from ${String(change.from)} to ${String(change.to)}`;
        return 'Wording of the action';
      });
      return {
        at: formatInstant(item.at),
        by: by(item.actor),
        change: said.join('; '),
        reason: typeof item.fields['reason'] === 'string' ? item.fields['reason'] : 'No reason given',
      };
    })
    .reverse();
}

function actionIdOf(request: Request): string {
  const id = String(request.params['id'] ?? '');
  if (!ACTION_ID.test(id)) throw new NotFoundError('No such action.');
  return id;
}
