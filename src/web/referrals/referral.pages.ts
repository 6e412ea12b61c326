import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { ROLES } from '../../access/roles.js';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import { type FormError, type FormValues, fieldHref, single } from '../forms/govuk-fields.js';
import { formatInstant, routeLabel } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { ReferralDraftRepository } from './referral-draft.repository.js';
import { MAX_CHILDREN, childCountOf, errorFor, parseReferralForm, referralFormModel, referralSpecs } from './referral-form.js';

const CASE_ID = /^[a-f0-9]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const OPENERS = allow('chair', 'business-unit', 'agency');

/** What the page is called for the user: agencies refer, the chair and business unit open. */
export function referralTitle(role: string): string {
  return role === 'agency' ? 'Refer a case' : 'Open a case';
}

/**
 * Refer a case (agency users) or open one (chair, business unit): the form, save as draft, submit,
 * and the confirmation page with the case reference.
 */
export function registerReferralPages(router: Router, context: WebContext, drafts: ReferralDraftRepository): void {
  const { render, cases, people } = context;

  async function showForm(request: Request, response: Response, values: FormValues, errors: FormError[], status = 200, draftId?: string) {
    const principal = requirePrincipal(request);
    const directory = await people.get(principal.partnershipId);
    const themes = (await context.partnerships.get(principal.partnershipId))?.themes;
    const model = referralFormModel({ principal, organisations: directory.organisations, ...(themes ? { themes } : {}) }, values, errors);
    const saved = await drafts.list(principal, context.clock.now());
    render(
      request,
      response,
      'referrals/form.njk',
      {
        title: referralTitle(principal.role),
        form: model,
        errors,
        draftId: draftId ?? '',
        idempotencyKey: IDEMPOTENCY_KEY.test(single(values['idempotencyKey'])) ? single(values['idempotencyKey']) : randomUUID(),
        maxChildren: MAX_CHILDREN,
        drafts: saved.map((draft) => ({
          id: draft.id,
          current: draft.id === draftId,
          text: `${single(draft.values['route']) ? routeLabel(single(draft.values['route'])) : 'Route not chosen'}, saved ${formatInstant(draft.updatedAt)}`,
        })),
      },
      status,
    );
  }

  router.get('/cases/new', OPENERS, async (request, response) => {
    const draftId = typeof request.query['draft'] === 'string' ? request.query['draft'] : undefined;
    if (draftId) {
      const draft = await drafts.get(requirePrincipal(request), draftId);
      if (!draft) throw new NotFoundError('No such draft.');
      return showForm(request, response, draft.values, [], 200, draft.id);
    }
    await showForm(request, response, {}, []);
  });

  router.post('/cases/new', ...context.audit('case.open'), OPENERS, async (request, response) => {
    const principal = requirePrincipal(request);
    const values = request.body as FormValues;
    const action = single(values['action']);
    const draftId = single(values['draftId']) || undefined;

    if (action === 'add-child') {
      const count = childCountOf(values);
      return showForm(request, response, { ...values, childCount: String(Math.min(count + 1, MAX_CHILDREN)) }, [], 200, draftId);
    }
    if (action === 'remove-child') {
      const count = childCountOf(values);
      return showForm(request, response, { ...values, childCount: String(Math.max(count - 1, 1)) }, [], 200, draftId);
    }
    if (action === 'draft') {
      const id = await drafts.save(principal, draftId, values);
      request.session.flash = { kind: 'success', title: 'Draft saved', text: 'Your draft is saved. Only you can see it. Come back to it from this page.' };
      return redirectAfterSave(request, response, `/cases/new?draft=${id}`);
    }

    const directory = await people.get(principal.partnershipId);
    const themes = (await context.partnerships.get(principal.partnershipId))?.themes;
    const formContext = { principal, organisations: directory.organisations, ...(themes ? { themes } : {}) };
    const parsed = parseReferralForm(formContext, values);
    if (!parsed.input) return showForm(request, response, values, parsed.errors, 400, draftId);
    const key = single(values['idempotencyKey']);
    try {
      const result = await cases.open(principal, parsed.input, IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {});
      if (draftId) await drafts.remove(principal, draftId);
      response.redirect(303, `/cases/${result.case.id}/confirmation`);
    } catch (error) {
      const specs = referralSpecs(formContext);
      const all = [...specs.before, ...specs.after];
      if (error instanceof ValidationError) {
        const errors = error.errors.map((issue) => errorFor(issue.path.split('.'), issue.code, issue.message, all, false));
        return showForm(request, response, values, errors, 400, draftId);
      }
      if (error instanceof RuleViolationError) {
        const field = typeof error.extensions['field'] === 'string' ? error.extensions['field'] : undefined;
        const spec = all.find((candidate) => candidate.name === field);
        const text = error.rule === 'date-in-future' && spec ? `${spec.label} must be today or in the past` : error.message.charAt(0).toUpperCase() + error.message.slice(1);
        return showForm(request, response, values, [{ field: spec?.name ?? 'form', href: spec ? fieldHref(spec) : '#route', text }], 422, draftId);
      }
      if (error instanceof ForbiddenError) {
        return showForm(request, response, values, [{ field: 'route', href: '#route', text: 'You cannot open a case on this route. Choose another.' }], 403, draftId);
      }
      throw error;
    }
  });

  router.post('/cases/new/drafts/:draftId/delete', OPENERS, async (request, response) => {
    await drafts.remove(requirePrincipal(request), String(request.params['draftId']));
    request.session.flash = { kind: 'success', title: 'Draft deleted', text: 'The draft has been deleted.' };
    await redirectAfterSave(request, response, '/cases/new');
  });

  router.get('/cases/:id/confirmation', ...context.audit('case.read', 'id'), allow(...ROLES), async (request, response) => {
    const id = String(request.params['id']);
    if (!CASE_ID.test(id)) throw new NotFoundError('No such case.');
    const principal = requirePrincipal(request);
    const view = await cases.get(principal, id);
    render(request, response, 'referrals/confirmation.njk', {
      title: principal.role === 'agency' ? 'Referral submitted' : 'Case opened',
      view,
      agency: principal.role === 'agency',
    });
  });
}
