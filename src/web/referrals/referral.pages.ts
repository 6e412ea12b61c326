import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { ROLES } from '../../access/roles.js';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import { type FieldSpec, type FormError, type FormValues, fieldHref, many, readDate, readText, single } from '../forms/govuk-fields.js';
import { readSimpleForm, renderSimpleForm } from '../forms/simple-form.js';
import { formatDate, formatInstant, routeLabel } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { ReferralDraftRepository } from './referral-draft.repository.js';
import { type ReferralFormContext, childCountOf, errorFor, parseReferralForm, referralSpecs } from './referral-form.js';
import {
  ANOTHER_CHILD,
  REVEALED_BY,
  type StepId,
  isStep,
  notificationStepErrors,
  renderStep,
  stepErrors,
  stepOfField,
  stepSpecs,
  stepTitle,
  stepsFor,
  storedNames,
} from './opening-steps.js';

const CASE_ID = /^[a-f0-9]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const OPENERS = allow('chair', 'business-unit', 'agency');

/** What the page is called for the user: agencies refer, the chair and business unit open. */
export function referralTitle(role: string): string {
  return role === 'agency' ? 'Refer a case' : 'Open a case';
}

/** One answer as the check page writes it. */
function answerText(spec: FieldSpec, values: FormValues): string {
  const optionText = (value: string) => spec.options?.find((option) => option.value === value)?.text ?? value;
  switch (spec.kind) {
    case 'date': {
      const read = readDate(spec, values);
      return read.value ? formatDate(read.value) : '';
    }
    case 'checkboxes':
      return many(values[spec.name])
        .map((value) => {
          // An answer that reveals a field is written with what was typed there ("Other: online gaming").
          const revealed = Object.entries(REVEALED_BY).find(([, by]) => by.field === spec.name && by.value === value);
          const typed = revealed ? readText(values, revealed[0]) : undefined;
          return typed ? `${optionText(value)}: ${typed}` : optionText(value);
        })
        .join(', ');
    case 'radios':
    case 'select':
      return readText(values, spec.name) ? optionText(single(values[spec.name])) : '';
    case 'fixed':
      return spec.fixedText ?? '';
    default:
      return readText(values, spec.name) ?? '';
  }
}

/**
 * Refer a case (agency users) or open one (chair, business unit) as question pages: the route
 * first, then only the questions that route needs, a page at a time, then "Check your answers".
 * The answers so far are the user's draft (referral-draft.repository.ts), saved at each page, so
 * the user can leave and come back; the confirmation lists the deadlines that started.
 */
export function registerReferralPages(router: Router, context: WebContext, drafts: ReferralDraftRepository): void {
  const { render, cases, people } = context;

  async function formContext(request: Request): Promise<ReferralFormContext> {
    const principal = requirePrincipal(request);
    const directory = await people.get(principal.partnershipId);
    const themes = (await context.partnerships.get(principal.partnershipId))?.themes;
    return { principal, organisations: directory.organisations, ...(themes && themes.length > 0 ? { themes } : {}) };
  }

  function addressOf(draftId: string, step: StepId, fromCheck = false): string {
    return `/cases/new/${draftId}/${step}${fromCheck && step !== 'check' ? '?from=check' : ''}`;
  }

  /** The route question: the first page, before there is a draft. */
  async function showStart(request: Request, response: Response, values: FormValues, errors: FormError[], status = 200) {
    const principal = requirePrincipal(request);
    const fc = await formContext(request);
    const saved = await drafts.list(principal, context.clock.now());
    render(
      request,
      response,
      'referrals/start.njk',
      {
        title: referralTitle(principal.role),
        action: '/cases/new',
        fields: renderSimpleForm(stepSpecs('route', fc, values), values, errors),
        errors,
        drafts: saved.map((draft) => ({
          href: addressOf(draft.id, 'check'),
          text: `${single(draft.values['route']) ? routeLabel(single(draft.values['route'])) : 'Route not chosen'}, saved ${formatInstant(draft.updatedAt)}`,
          id: draft.id,
        })),
      },
      status,
    );
  }

  async function draftOf(request: Request) {
    const draft = await drafts.get(requirePrincipal(request), String(request.params['draftId']));
    if (!draft) throw new NotFoundError('No such draft.');
    return draft;
  }

  function stepOf(request: Request, fc: ReferralFormContext, values: FormValues): StepId {
    const step = String(request.params['step']);
    if (!isStep(step) || !stepsFor(fc, values).includes(step)) throw new NotFoundError('No such question.');
    return step;
  }

  async function showStep(
    request: Request,
    response: Response,
    draftId: string,
    step: StepId,
    values: FormValues,
    errors: FormError[],
    status = 200,
  ) {
    const principal = requirePrincipal(request);
    const fc = await formContext(request);
    const steps = stepsFor(fc, values);
    const fromCheck = request.query['from'] === 'check' || single((request.body as FormValues | undefined)?.['from']) === 'check';
    const index = steps.indexOf(step);
    const child = /^child-(\d+)$/.exec(step);
    render(
      request,
      response,
      'referrals/question.njk',
      {
        title: stepTitle(step, principal.role === 'agency'),
        caption: referralTitle(principal.role),
        backHref: fromCheck ? addressOf(draftId, 'check') : index > 0 ? addressOf(draftId, steps[index - 1]!) : '/cases/new',
        action: addressOf(draftId, step),
        fromCheck,
        fields: renderStep(stepSpecs(step, fc, values), values, errors),
        errors,
        removeChild: child && Number(child[1]) > 1 && Number(child[1]) === childCountOf(values) ? `Remove child ${child[1]}` : undefined,
        draftId,
      },
      status,
    );
  }

  async function showCheck(request: Request, response: Response, draftId: string, values: FormValues, errors: FormError[], status = 200) {
    const principal = requirePrincipal(request);
    const fc = await formContext(request);
    // One summary list of every answer, each with a link back to its page; an agency's own name is given, not changed.
    const referrer = referralSpecs(fc).before.find((spec) => spec.name === 'referringOrganisationId');
    const fixedRows = referrer?.kind === 'fixed' ? [{ key: { text: referrer.label }, value: { text: referrer.fixedText ?? '' } }] : [];
    const rows = stepsFor(fc, values)
      .filter((step) => step !== 'check')
      .flatMap((step) =>
        stepSpecs(step, fc, values)
          // A revealed answer is written with the answer that reveals it ("Other: …").
          .filter((spec) => spec.name !== ANOTHER_CHILD.name && !REVEALED_BY[spec.name])
          .map((spec) => {
            const child = /^child-(\d+)-/.exec(spec.name);
            const label = child && childCountOf(values) > 1 ? `Child ${child[1]}: ${spec.label.toLowerCase()}` : spec.label;
            return {
              key: { text: label },
              value: { text: answerText(spec, values) || 'Not given' },
              actions: { items: [{ href: addressOf(draftId, step, true), text: 'Change', visuallyHiddenText: label.toLowerCase() }] },
            };
          }),
      );
    const sections = [{ rows: [...fixedRows, ...rows] }];
    render(
      request,
      response,
      'referrals/check.njk',
      {
        title: stepTitle('check', principal.role === 'agency'),
        caption: referralTitle(principal.role),
        backHref: addressOf(draftId, 'about'),
        sections,
        errors,
        draftId,
        submitText: principal.role === 'agency' ? 'Send the referral' : 'Open the case',
        idempotencyKey: IDEMPOTENCY_KEY.test(single(values['idempotencyKey'])) ? single(values['idempotencyKey']) : randomUUID(),
      },
      status,
    );
  }

  router.get('/cases/new', OPENERS, async (request, response) => {
    // An older address for a draft: its answers, to check.
    const draftId = typeof request.query['draft'] === 'string' ? request.query['draft'] : undefined;
    if (draftId) {
      const draft = await drafts.get(requirePrincipal(request), draftId);
      if (!draft) throw new NotFoundError('No such draft.');
      return response.redirect(303, addressOf(draft.id, 'check'));
    }
    await showStart(request, response, {}, []);
  });

  router.post('/cases/new', OPENERS, async (request, response) => {
    const principal = requirePrincipal(request);
    const fc = await formContext(request);
    const values = request.body as FormValues;
    const { body, errors } = readSimpleForm(stepSpecs('route', fc, values), values);
    if (errors.length > 0) return showStart(request, response, values, errors, 400);
    const answers: FormValues = { route: String(body['route']), childCount: '1' };
    // An agency refers for its own organisation: that answer is given, not asked.
    if (principal.role === 'agency' && principal.organisationId) answers['referringOrganisationId'] = principal.organisationId;
    const id = await drafts.save(principal, undefined, answers);
    await redirectAfterSave(request, response, addressOf(id, stepsFor(fc, answers)[1]!));
  });

  router.get('/cases/new/:draftId/:step', OPENERS, async (request, response) => {
    const draft = await draftOf(request);
    const fc = await formContext(request);
    const step = stepOf(request, fc, draft.values);
    if (step === 'check') return showCheck(request, response, draft.id, draft.values, []);
    await showStep(request, response, draft.id, step, draft.values, []);
  });

  router.post('/cases/new/:draftId/check', ...context.audit('case.open'), OPENERS, async (request, response) => {
    const principal = requirePrincipal(request);
    const draft = await draftOf(request);
    const fc = await formContext(request);
    const values = draft.values;
    const linked = (error: FormError): FormError => {
      const step = stepOfField(error.field, fc, values);
      return { ...error, href: `${addressOf(draft.id, step, true)}${error.href.startsWith('#') ? error.href : ''}` };
    };
    const parsed = parseReferralForm(fc, values);
    const pageErrors = notificationStepErrors(fc, values);
    const errors = [...pageErrors, ...parsed.errors.filter((error) => !pageErrors.some((page) => page.field === error.field))];
    if (!parsed.input || errors.length > 0) return showCheck(request, response, draft.id, values, errors.map(linked), 400);
    const key = single((request.body as FormValues)['idempotencyKey']);
    try {
      const result = await cases.open(principal, parsed.input, IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {});
      await drafts.remove(principal, draft.id);
      response.redirect(303, `/cases/${result.case.id}/confirmation`);
    } catch (error) {
      const specs = referralSpecs(fc);
      const all = [...specs.before, ...specs.after];
      if (error instanceof ValidationError) {
        const errors = error.errors.map((issue) => errorFor(issue.path.split('.'), issue.code, issue.message, all, false));
        return showCheck(request, response, draft.id, values, errors.map(linked), 400);
      }
      if (error instanceof RuleViolationError) {
        const field = typeof error.extensions['field'] === 'string' ? error.extensions['field'] : undefined;
        const spec = all.find((candidate) => candidate.name === field);
        const text =
          error.rule === 'date-in-future' && spec
            ? `${spec.label} must be today or in the past`
            : error.message.charAt(0).toUpperCase() + error.message.slice(1);
        return showCheck(
          request,
          response,
          draft.id,
          values,
          [linked({ field: spec?.name ?? 'route', href: spec ? fieldHref(spec) : '#route', text })],
          422,
        );
      }
      if (error instanceof ForbiddenError) {
        return showCheck(
          request,
          response,
          draft.id,
          values,
          [linked({ field: 'route', href: '#route', text: 'You cannot open a case on this route. Choose another.' })],
          403,
        );
      }
      throw error;
    }
  });

  router.post('/cases/new/:draftId/:step', OPENERS, async (request, response) => {
    const principal = requirePrincipal(request);
    const draft = await draftOf(request);
    const fc = await formContext(request);
    const step = stepOf(request, fc, draft.values);
    const posted = request.body as FormValues;
    const fromCheck = single(posted['from']) === 'check';
    const child = /^child-(\d+)$/.exec(step);
    const n = child ? Number(child[1]) : 0;

    if (child && single(posted['action']) === 'remove-child' && n > 1 && n === childCountOf(draft.values)) {
      const kept = Object.fromEntries(Object.entries(draft.values).filter(([name]) => !name.startsWith(`child-${n}-`)));
      await drafts.save(principal, draft.id, { ...kept, childCount: String(n - 1) });
      return redirectAfterSave(request, response, addressOf(draft.id, 'check'));
    }

    // This page's answers replace what the draft held for them; everything else is kept.
    const specs = stepSpecs(step, fc, { ...draft.values, ...(step === 'route' ? { route: posted['route'] } : {}) });
    const asked = child ? specs.map((spec) => (spec.name.endsWith('-ageBand') ? { ...spec, optional: true } : spec)) : specs;
    const { errors } = readSimpleForm(asked, posted);
    for (const error of stepErrors(step, { ...draft.values, ...posted, route: draft.values['route'] }))
      if (!errors.some((existing) => existing.field === error.field)) errors.push(error);
    if (child) {
      const ageBand = readText(posted, `child-${n}-ageBand`);
      const ageYears = readText(posted, `child-${n}-ageYears`);
      const ageSpec = specs[0]!;
      if (ageBand === undefined && ageYears === undefined)
        errors.unshift({ field: ageSpec.name, href: fieldHref(ageSpec), text: 'Select an age band or give the age in years' });
      if (ageYears !== undefined && !/^\d{1,2}$/.test(ageYears)) {
        const spec = specs[1]!;
        errors.push({ field: spec.name, href: fieldHref(spec), text: 'Age in years must be a whole number, like 7' });
      }
    }
    if (errors.length > 0) return showStep(request, response, draft.id, step, { ...draft.values, ...posted }, errors, 400);

    const names = storedNames(specs.filter((spec) => spec.kind !== 'fixed' && spec.name !== ANOTHER_CHILD.name));
    const values: FormValues = Object.fromEntries(Object.entries(draft.values).filter(([name]) => !names.includes(name)));
    for (const name of names) if (posted[name] !== undefined && posted[name] !== '') values[name] = posted[name];
    // A revealed answer counts only with the answer that reveals it (GOV.UK hides it otherwise).
    for (const [name, by] of Object.entries(REVEALED_BY)) if (!many(values[by.field]).includes(by.value)) delete values[name];
    let next: StepId;
    if (child && single(posted[ANOTHER_CHILD.name]) === 'yes') {
      values['childCount'] = String(n + 1);
      next = `child-${n + 1}`;
    } else {
      const steps = stepsFor(fc, values);
      next = fromCheck ? 'check' : (steps[steps.indexOf(step) + 1] ?? 'check');
      // A route that now needs a question it did not (a referrer, a reason) asks it next.
      if (step === 'route' && fromCheck) {
        next =
          steps.find(
            (candidate) =>
              candidate === 'referrer' ||
              candidate === 'reason' ||
              (candidate === 'criteria' && readText(values, 'criteria-harm') === undefined),
          ) ?? 'check';
      }
    }
    await drafts.save(principal, draft.id, values);
    await redirectAfterSave(request, response, addressOf(draft.id, next, fromCheck && next !== 'check'));
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
    const started = [...view.deadlines].filter((deadline) => deadline.metOn === null).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    render(request, response, 'referrals/confirmation.njk', {
      title: principal.role === 'agency' ? 'Referral sent' : 'Case opened',
      view,
      agency: principal.role === 'agency',
      deadlines: started.map((deadline) => ({ key: { text: deadline.title }, value: { text: formatDate(deadline.dueOn) } })),
    });
  });
}
