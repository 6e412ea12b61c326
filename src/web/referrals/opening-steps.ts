import type { Route } from '../../../workflows/statutory-routes.js';
import {
  type FieldSpec,
  type FormError,
  type FormValues,
  type RenderedField,
  fieldHref,
  many,
  readText,
  renderField,
  single,
} from '../forms/govuk-fields.js';
import { readSimpleForm } from '../forms/simple-form.js';
import {
  MAX_CHILDREN,
  NOTIFYING_ROUTES,
  OTHER_THEME,
  type ReferralFormContext,
  agreementErrors,
  childCountOf,
  childSpecs,
  referralSpecs,
} from './referral-form.js';

/**
 * Opening a case as GOV.UK question pages: the route first, then one question (or a small group)
 * per page, only those the chosen route needs, then "Check your answers". Pure: which pages a route
 * has, what each asks, and which page a field lives on (so an error on the check page links back).
 */

export type StepId = string;

const REFERRED: readonly string[] = ['referral', 'youth-justice-incident'];

/** The pages of an opening, in order, for the answers so far (the route and how many children). */
export function stepsFor(context: ReferralFormContext, values: FormValues): StepId[] {
  const route = single(values['route']) as Route | '';
  const steps: StepId[] = ['route'];
  if (REFERRED.includes(route) && context.principal.role !== 'agency') steps.push('referrer');
  if (REFERRED.includes(route)) steps.push('reason');
  steps.push('dates', 'areas');
  // A notified case records why it is notified and the three partners' agreement to notify it.
  if (NOTIFYING_ROUTES.includes(route)) steps.push('criteria', 'agreement');
  for (let n = 1; n <= childCountOf(values); n++) steps.push(`child-${n}`);
  steps.push('agencies', 'about', 'check');
  return steps;
}

export const STEP_TITLES: Record<string, string> = {
  route: 'What kind of case is it?',
  referrer: 'Which organisation is referring the case?',
  reason: 'Why is the case being referred?',
  dates: 'When did it happen, and when did you become aware?',
  areas: 'Where did it happen?',
  criteria: 'Does the incident meet the criteria for notifying the Panel?',
  agreement: 'Have the safeguarding partners agreed to notify the incident?',
  agencies: 'Which agencies were involved with the child or family?',
  about: 'What happened',
  check: 'Check your answers before opening the case',
};

export function stepTitle(step: StepId, agency: boolean): string {
  const child = /^child-(\d+)$/.exec(step);
  if (child) return Number(child[1]) === 1 ? 'About the child' : `About child ${child[1]}`;
  if (step === 'check' && agency) return 'Check your answers before sending the referral';
  return STEP_TITLES[step] ?? step;
}

/** Whether a page's address names a page this opening has (a child page beyond the count does not). */
export function isStep(step: string): boolean {
  return /^(route|referrer|reason|dates|areas|criteria|agreement|agencies|about|check|child-([1-9]|1\d|20))$/.test(step);
}

/** The question that ends each child's page: add another child (the GOV.UK "add another" pattern). */
export const ANOTHER_CHILD: FieldSpec = {
  name: 'anotherChild',
  id: 'anotherChild',
  label: 'Is there another child?',
  kind: 'yes-no',
  hint: 'Another child harmed in the same incident.',
};

/** What a page asks; required here means required for this route (the schema's own rules follow at the end). */
export function stepSpecs(step: StepId, context: ReferralFormContext, values: FormValues): FieldSpec[] {
  const specs = referralSpecs(context);
  const all = [...specs.before, ...specs.after];
  const pick = (...names: string[]) => names.map((name) => all.find((spec) => spec.name === name)!).filter(Boolean);
  const route = single(values['route']);
  const child = /^child-(\d+)$/.exec(step);
  if (child) {
    const n = Number(child[1]);
    const fields = childSpecs(n - 1).map((spec) =>
      spec.name.endsWith('-legalStatus') && (route === 'looked-after-death' || route === 'care-leaver-death')
        ? {
            ...spec,
            hint:
              route === 'looked-after-death'
                ? 'Select all that apply. A looked-after death concerns a looked-after child.'
                : 'Select all that apply. A care-leaver death concerns a care leaver.',
          }
        : spec,
    );
    // Only the last child's page offers another; at most MAX_CHILDREN.
    return n === childCountOf(values) && n < MAX_CHILDREN ? [...fields, ANOTHER_CHILD] : fields;
  }
  switch (step) {
    case 'route':
      return pick('route');
    case 'referrer':
      return pick('referringOrganisationId').map((spec) => ({
        ...spec,
        optional: false,
        hint: undefined,
        label: 'Referring organisation',
      }));
    case 'reason':
      return pick('referralReason').map((spec) => ({
        ...spec,
        optional: false,
        label: 'Reason for the referral',
        requiredText: 'Enter why the case is being referred',
      }));
    case 'dates':
      return pick('incidentOn', 'laAwareOn', 'partnersAwareOn');
    case 'areas':
      return route === 'out-of-area'
        ? [
            ...pick('laArea', 'residentLaArea'),
            ...pick('leadPartnership').map((spec) => ({ ...spec, optional: false, hint: 'The partnership that leads this case.' })),
          ]
        : pick('laArea', 'residentLaArea');
    case 'criteria':
      // Required here: a case is notified because these are met (the API leaves them optional for older records).
      return pick('criteria-harm', 'criteria-abuseOrNeglect', 'criteria-location').map((spec) => ({ ...spec, optional: false }));
    case 'agreement':
      return pick('agreement-local-authority', 'agreement-police', 'agreement-health', 'agreementOn', 'agreementDissent').map(
        (spec, index) =>
          index === 0
            ? { ...spec, hint: 'Leave this page blank if the partners have not decided yet. Once one answer is given, all are needed.' }
            : spec,
      );
    case 'agencies':
      return pick('agencies').map((spec) => ({
        ...spec,
        hint: 'Select all that apply. Information requests to them start from this list.',
      }));
    case 'about':
      return pick('themes', 'otherTheme', 'summary');
    default:
      return [];
  }
}

/** Where the free-text "other" theme is revealed: under the "Other" answer of the managed themes. */
export const REVEALED_BY: Record<string, { field: string; value: string }> = { otherTheme: { field: 'themes', value: OTHER_THEME } };

/** A page's fields as the `field.njk` partial renders them, a revealed field nested under the answer that reveals it. */
export function renderStep(specs: readonly FieldSpec[], values: FormValues, errors: readonly FormError[]): RenderedField[] {
  const errorOf = new Map(errors.map((error) => [error.field, error.text]));
  return specs
    .filter((spec) => !REVEALED_BY[spec.name] || !specs.some((candidate) => candidate.name === REVEALED_BY[spec.name]!.field))
    .map((spec) => {
      const rendered = renderField(spec, values, errorOf.get(spec.name));
      const nested = specs.filter((candidate) => REVEALED_BY[candidate.name]?.field === spec.name);
      if (nested.length === 0) return rendered;
      const conditionals: Record<string, RenderedField[]> = {};
      for (const child of nested)
        (conditionals[REVEALED_BY[child.name]!.value] ??= []).push(renderField(child, values, errorOf.get(child.name)));
      return { ...rendered, conditionals };
    });
}

/**
 * A page's checks beyond each field's own (required, offered, whole dates): those that read
 * several answers together, worded for the page.
 */
export function stepErrors(step: StepId, values: FormValues): FormError[] {
  if (step === 'agreement') return agreementErrors(values);
  if (
    step === 'criteria' &&
    single(values['route']) === 'serious-incident' &&
    readText(values, 'criteria-abuseOrNeglect') === 'not-suspected'
  ) {
    // The same rule as newOpeningIssues (workflows/case-open.schema.ts), said on the page where it is answered.
    return [
      {
        field: 'criteria-abuseOrNeglect',
        href: '#criteria-abuseOrNeglect',
        text: 'A serious incident is notified only when abuse or neglect is known or suspected. If it is not, go back and choose a referral',
      },
    ];
  }
  if (step === 'about' && many(values['themes']).includes(OTHER_THEME) && readText(values, 'otherTheme') === undefined) {
    return [{ field: 'otherTheme', href: fieldHref({ id: 'otherTheme', kind: 'text' }), text: 'Enter the other theme' }];
  }
  return [];
}

/**
 * The notification pages' errors, checked again when the case is sent: the criteria are required
 * on a notifying route, and a page reached past (an address typed, a route changed) is not skipped.
 */
export function notificationStepErrors(context: ReferralFormContext, values: FormValues): FormError[] {
  return stepsFor(context, values)
    .filter((step) => step === 'criteria' || step === 'agreement')
    .flatMap((step) => [...readSimpleForm(stepSpecs(step, context, values), values).errors, ...stepErrors(step, values)]);
}

/** The page a field is asked on (for the check page's error links). */
export function stepOfField(field: string, context: ReferralFormContext, values: FormValues): StepId {
  const child = /^child-(\d+)-/.exec(field);
  if (child) return `child-${child[1]}`;
  for (const step of stepsFor(context, values)) {
    if (stepSpecs(step, context, values).some((spec) => spec.name === field)) return step;
  }
  return 'route';
}

/**
 * The names a page's answers are stored under, so that answering it again replaces them (an
 * unticked checkbox sends nothing, so its old value must be cleared, not kept).
 */
export function storedNames(specs: readonly FieldSpec[]): string[] {
  return specs.flatMap((spec) => (spec.kind === 'date' ? ['day', 'month', 'year'].map((part) => `${spec.name}-${part}`) : [spec.name]));
}
