import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import type { Principal } from '../../access/principal.js';
import { allow } from '../../access/policy.js';
import { PLAN_ROLES, READ_ROLES, UPDATE_ROLES, editsPlan, seesCaseLinks } from '../../actions/action.access.js';
import { CASE_SOURCES, OPTIONAL_CASE_SOURCES } from '../../actions/action.record.js';
import type { ActionService } from '../../actions/action.service.js';
import type { RecommendationService } from '../../actions/recommendation.service.js';
import { ForbiddenError, NotFoundError, PreconditionFailedError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import { type FieldSpec, type FormError, type FormValues, fieldHref, single } from '../forms/govuk-fields.js';
import { readSimpleForm, renderSimpleForm } from '../forms/simple-form.js';
import { formatDate, humanise, ragTag } from '../labels.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';

/**
 * Action plans from the case page: a recommendation added to a case, actions added under it, and
 * an action's target or lead changed with the reason kept in its history. Each page is one short
 * GOV.UK question page; the services (src/actions) decide what is valid.
 */

const RECORD_ID = /^[a-f0-9]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Most recommendations and actions the case page lists (a case has a handful). */
const CASE_PAGE_LIMIT = 100;

export interface CaseActionPlan {
  mayPlan: boolean;
  recommendations: {
    id: string;
    reference: string;
    source: string;
    text: string;
    addActionHref: string | undefined;
    actions: {
      id: string;
      reference: string;
      text: string;
      owner: string;
      target: string;
      rag: { text: string; classes: string };
      overdue: boolean;
    }[];
  }[];
  addRecommendationHref: string | undefined;
}

/**
 * The case page's "Action plan" section: the case's recommendations with their text and the actions
 * under each, linked to the action pages. Undefined for a role that does not see action plans or
 * case links (a reviewer, an agency).
 */
export async function caseActionPlan(
  services: { actions: ActionService; recommendations: RecommendationService },
  principal: Principal,
  caseId: string,
  caseFinal: boolean,
  organisationName: (id: string) => string,
): Promise<CaseActionPlan | undefined> {
  if (!READ_ROLES.includes(principal.role) || !seesCaseLinks(principal)) return undefined;
  const [recommendations, actions] = await Promise.all([
    services.recommendations.list(principal, { caseId, page: 1, pageSize: CASE_PAGE_LIMIT }),
    services.actions.list(principal, { caseId, page: 1, pageSize: CASE_PAGE_LIMIT }),
  ]);
  const mayPlan = editsPlan(principal) && !caseFinal;
  return {
    mayPlan,
    addRecommendationHref: mayPlan ? `/cases/${caseId}/recommendations/new` : undefined,
    recommendations: recommendations.items.map((recommendation) => ({
      id: recommendation.id,
      reference: recommendation.reference,
      source: humanise(recommendation.source),
      text: recommendation.text,
      addActionHref: mayPlan ? `/recommendations/${recommendation.id}/actions/new` : undefined,
      actions: actions.items
        .filter((action) => action.recommendationId === recommendation.id)
        .map((action) => ({
          id: action.id,
          reference: action.reference,
          text: action.text,
          owner: `${organisationName(action.ownerOrganisationId)} (${action.lead})`,
          target: action.dueOn ? formatDate(action.dueOn) : action.recurrence ? humanise(action.recurrence.frequency) : '',
          rag: ragTag(action.rag),
          overdue: action.overdue,
        })),
    })),
  };
}

const RECOMMENDATION_SPECS: FieldSpec[] = [
  {
    name: 'source',
    id: 'source',
    label: 'Where the recommendation comes from',
    kind: 'radios',
    options: [...CASE_SOURCES, ...OPTIONAL_CASE_SOURCES].map((value) => ({ value, text: humanise(value) })),
  },
  {
    name: 'text',
    id: 'text',
    label: 'Recommendation',
    kind: 'textarea',
    hint: 'What the review found needs to change. No names.',
    maxLength: 4000,
  },
  {
    name: 'priority',
    id: 'priority',
    label: 'Partnership priority',
    kind: 'text',
    optional: true,
    hint: 'For example, neglect or domestic-abuse',
    classes: 'govuk-!-width-one-half',
  },
];

function actionSpecs(organisations: { id: string; name: string }[]): FieldSpec[] {
  return [
    { name: 'text', id: 'text', label: 'Action', kind: 'textarea', hint: 'What will be done. No names.', maxLength: 4000 },
    {
      name: 'ownerOrganisationId',
      id: 'ownerOrganisationId',
      label: 'Organisation that owns the action',
      kind: 'select',
      options: organisations.map((o) => ({ value: o.id, text: o.name })),
    },
    {
      name: 'lead',
      id: 'lead',
      label: 'Lead',
      kind: 'text',
      hint: 'The post that leads it, for example Head of safeguarding',
      classes: 'govuk-!-width-two-thirds',
      maxLength: 200,
    },
    { name: 'targetOn', id: 'targetOn', label: 'Target date', kind: 'date', hint: 'For example, 31 3 2026' },
    {
      name: 'rag',
      id: 'rag',
      label: 'RAG rating to start with',
      kind: 'radios',
      options: (['green', 'amber', 'red'] as const).map((value) => ({ value, text: ragTag(value).text })),
    },
  ];
}

const REASON_SPEC: FieldSpec = {
  name: 'reason',
  id: 'reason',
  label: 'Reason for the change',
  kind: 'textarea',
  hint: 'Kept in the action’s history.',
  maxLength: 2000,
};

/** A service's field errors placed beside the form's fields; anything else at the top of the form. */
function errorsFrom(error: ValidationError | RuleViolationError, specs: FieldSpec[]): FormError[] {
  const first = specs.find((spec) => spec.kind !== 'fixed') ?? specs[0]!;
  const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  if (error instanceof ValidationError && error.errors.length > 0) {
    return error.errors.map((issue) => {
      const name = issue.path.replace(/^body\.?/, '').split('.')[0] ?? '';
      const spec = specs.find((candidate) => candidate.name === name) ?? first;
      return { field: spec.name, href: fieldHref(spec), text: sentence(issue.message) };
    });
  }
  return [{ field: first.name, href: fieldHref(first), text: sentence(error.message) }];
}

export function registerCaseActionPlanPages(
  router: Router,
  context: WebContext,
  services: { actions: ActionService; recommendations: RecommendationService },
): void {
  const { render, people, cases } = context;
  const planners = allow(...PLAN_ROLES);

  function recordId(request: Request, param: string, what: string): string {
    const id = String(request.params[param] ?? '');
    if (!RECORD_ID.test(id)) throw new NotFoundError(`No such ${what}.`);
    return id;
  }

  // --- A recommendation on a case -------------------------------------------------------------

  async function showRecommendationForm(
    request: Request,
    response: Response,
    caseId: string,
    values: FormValues,
    errors: FormError[],
    status = 200,
  ) {
    const view = await cases.get(requirePrincipal(request), caseId);
    if (view.final) throw new RuleViolationError(`Case ${view.reference} is closed: it takes no new recommendations.`, 'case-closed');
    render(
      request,
      response,
      'forms/question-page.njk',
      {
        title: 'Add a recommendation',
        caption: `Case ${view.reference}`,
        backHref: `/cases/${caseId}#action-plan`,
        action: `/cases/${caseId}/recommendations/new`,
        hiddenInputs: [
          {
            name: 'idempotencyKey',
            value: IDEMPOTENCY_KEY.test(single(values['idempotencyKey'])) ? single(values['idempotencyKey']) : randomUUID(),
          },
        ],
        fields: renderSimpleForm(RECOMMENDATION_SPECS, values, errors),
        errors,
        submitText: 'Add the recommendation',
      },
      status,
    );
  }

  router.get('/cases/:id/recommendations/new', ...context.audit('case.read', 'id'), planners, async (request, response) => {
    await showRecommendationForm(request, response, recordId(request, 'id', 'case'), { source: 'rapid-review' }, []);
  });

  router.post('/cases/:id/recommendations/new', ...context.audit('recommendation.create'), planners, async (request, response) => {
    const caseId = recordId(request, 'id', 'case');
    const values = request.body as FormValues;
    const { body, errors } = readSimpleForm(RECOMMENDATION_SPECS, values);
    if (errors.length > 0) return showRecommendationForm(request, response, caseId, values, errors, 400);
    const key = single(values['idempotencyKey']);
    try {
      const result = await services.recommendations.create(
        requirePrincipal(request),
        { ...body, caseId },
        IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {},
      );
      request.session.flash = {
        kind: 'success',
        title: 'Recommendation added',
        text: `Recommendation ${result.recommendation.reference} is on the case. Add its actions next.`,
      };
      await redirectAfterSave(request, response, `/cases/${caseId}#action-plan`);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof RuleViolationError) {
        return showRecommendationForm(request, response, caseId, values, errorsFrom(error, RECOMMENDATION_SPECS), error.status);
      }
      throw error;
    }
  });

  // --- An action under a recommendation -------------------------------------------------------

  async function showActionForm(
    request: Request,
    response: Response,
    recommendationId: string,
    values: FormValues,
    errors: FormError[],
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const recommendation = await services.recommendations.get(principal, recommendationId);
    const directory = await people.get(principal.partnershipId);
    const back = 'caseId' in recommendation && recommendation.caseId ? `/cases/${recommendation.caseId}#action-plan` : '/action-plans';
    render(
      request,
      response,
      'forms/question-page.njk',
      {
        title: 'Add an action',
        caption: `Recommendation ${recommendation.reference}`,
        intro: [recommendation.text],
        backHref: back,
        action: `/recommendations/${recommendationId}/actions/new`,
        hiddenInputs: [
          {
            name: 'idempotencyKey',
            value: IDEMPOTENCY_KEY.test(single(values['idempotencyKey'])) ? single(values['idempotencyKey']) : randomUUID(),
          },
        ],
        fields: renderSimpleForm(actionSpecs(directory.organisations), values, errors),
        errors,
        submitText: 'Add the action',
      },
      status,
    );
  }

  router.get('/recommendations/:id/actions/new', ...context.audit('recommendation.read', 'id'), planners, async (request, response) => {
    await showActionForm(request, response, recordId(request, 'id', 'recommendation'), { rag: 'green' }, []);
  });

  router.post('/recommendations/:id/actions/new', ...context.audit('action.create'), planners, async (request, response) => {
    const recommendationId = recordId(request, 'id', 'recommendation');
    const principal = requirePrincipal(request);
    const values = request.body as FormValues;
    const specs = actionSpecs((await people.get(principal.partnershipId)).organisations);
    const { body, errors } = readSimpleForm(specs, values);
    if (errors.length > 0) return showActionForm(request, response, recommendationId, values, errors, 400);
    const key = single(values['idempotencyKey']);
    try {
      const result = await services.actions.create(
        principal,
        { ...body, recommendationId },
        IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {},
      );
      request.session.flash = { kind: 'success', title: 'Action added', text: `Action ${result.action.reference} is on the plan.` };
      const caseId = 'caseId' in result.action ? result.action.caseId : null;
      await redirectAfterSave(request, response, caseId ? `/cases/${caseId}#action-plan` : `/action-plans/${result.action.id}`);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof RuleViolationError) {
        return showActionForm(request, response, recommendationId, values, errorsFrom(error, specs), error.status);
      }
      throw error;
    }
  });

  // --- An action's target or lead, with a reason ----------------------------------------------

  function changeSpecs(principal: Principal): FieldSpec[] {
    const lead: FieldSpec = { name: 'lead', id: 'lead', label: 'Lead', kind: 'text', classes: 'govuk-!-width-two-thirds', maxLength: 200 };
    // An owning agency changes the lead only; the plan's editors change the target too.
    if (!editsPlan(principal)) return [lead, REASON_SPEC];
    return [
      lead,
      {
        name: 'targetOn',
        id: 'targetOn',
        label: 'Target date',
        kind: 'date',
        optional: true,
        hint: 'Leave as it is to keep the target. For example, 31 3 2026',
      },
      REASON_SPEC,
    ];
  }

  async function showChangeForm(
    request: Request,
    response: Response,
    id: string,
    values: FormValues | undefined,
    errors: FormError[],
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const view = await services.actions.get(principal, id);
    const [year, month, day] = (view.targetOn ?? '').split('-');
    const shown: FormValues = values ?? {
      lead: view.lead,
      ...(view.targetOn ? { 'targetOn-day': String(Number(day)), 'targetOn-month': String(Number(month)), 'targetOn-year': year } : {}),
    };
    render(
      request,
      response,
      'forms/question-page.njk',
      {
        title: editsPlan(principal) ? 'Change the target or lead' : 'Change the lead',
        caption: `Action ${view.reference}`,
        intro: [view.text],
        backHref: `/action-plans/${id}`,
        cancelHref: `/action-plans/${id}`,
        action: `/action-plans/${id}/change`,
        hiddenInputs: [
          { name: 'version', value: String(view.version) },
          {
            name: 'idempotencyKey',
            value: IDEMPOTENCY_KEY.test(single(shown['idempotencyKey'])) ? single(shown['idempotencyKey']) : randomUUID(),
          },
        ],
        fields: renderSimpleForm(changeSpecs(principal), shown, errors),
        errors,
        submitText: 'Save the change',
      },
      status,
    );
  }

  router.get('/action-plans/:id/change', ...context.audit('action.read', 'id'), allow(...UPDATE_ROLES), async (request, response) => {
    await showChangeForm(request, response, recordId(request, 'id', 'action'), undefined, []);
  });

  router.post('/action-plans/:id/change', ...context.audit('action.update', 'id'), allow(...UPDATE_ROLES), async (request, response) => {
    const id = recordId(request, 'id', 'action');
    const principal = requirePrincipal(request);
    const values = request.body as FormValues;
    const specs = changeSpecs(principal);
    const { body, errors } = readSimpleForm(specs, values);
    if (errors.length > 0) return showChangeForm(request, response, id, values, errors, 400);
    const current = await services.actions.get(principal, id);
    // Only what changed is sent: an unchanged target is no revision and needs no reason of its own.
    const patch: Record<string, unknown> = { reason: body['reason'] };
    if (body['lead'] !== current.lead) patch['lead'] = body['lead'];
    if (body['targetOn'] !== undefined && body['targetOn'] !== current.targetOn) patch['targetOn'] = body['targetOn'];
    if (patch['lead'] === undefined && patch['targetOn'] === undefined) {
      const lead = specs[0]!;
      return showChangeForm(
        request,
        response,
        id,
        values,
        [{ field: lead.name, href: fieldHref(lead), text: 'Change the lead or the target date, or cancel' }],
        400,
      );
    }
    const key = single(values['idempotencyKey']);
    try {
      await services.actions.update(principal, id, patch, {
        ifMatch: Number(single(values['version'])),
        ...(IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {}),
      });
      request.session.flash = { kind: 'success', title: 'Saved', text: 'The change and its reason are in the action’s history.' };
      await redirectAfterSave(request, response, `/action-plans/${id}`);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        request.session.flash = {
          kind: 'important',
          title: 'Someone else changed this action',
          text: 'Your change was not saved. Check the action and try again.',
        };
        return showChangeForm(request, response, id, undefined, [], 409);
      }
      if (error instanceof ValidationError || error instanceof RuleViolationError) {
        return showChangeForm(request, response, id, values, errorsFrom(error, specs), error.status);
      }
      if (error instanceof ForbiddenError) throw error;
      throw error;
    }
  });
}
