import type { Route } from '../../../workflows/statutory-routes.js';
import { type FieldSpec, type FormValues, single } from '../forms/govuk-fields.js';
import { MAX_CHILDREN, type ReferralFormContext, childCountOf, childSpecs, referralSpecs } from './referral-form.js';

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
  return /^(route|referrer|reason|dates|areas|agencies|about|check|child-([1-9]|1\d|20))$/.test(step);
}

/** The question that ends each child's page: add another child (the GOV.UK "add another" pattern). */
export const ANOTHER_CHILD: FieldSpec = { name: 'anotherChild', id: 'anotherChild', label: 'Is there another child?', kind: 'yes-no', hint: 'Another child harmed in the same incident.' };

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
        ? { ...spec, hint: route === 'looked-after-death' ? 'Select all that apply. A looked-after death concerns a looked-after child.' : 'Select all that apply. A care-leaver death concerns a care leaver.' }
        : spec,
    );
    // Only the last child's page offers another; at most MAX_CHILDREN.
    return n === childCountOf(values) && n < MAX_CHILDREN ? [...fields, ANOTHER_CHILD] : fields;
  }
  switch (step) {
    case 'route':
      return pick('route');
    case 'referrer':
      return pick('referringOrganisationId').map((spec) => ({ ...spec, optional: false, hint: undefined, label: 'Referring organisation' }));
    case 'reason':
      return pick('referralReason').map((spec) => ({ ...spec, optional: false, label: 'Reason for the referral', requiredText: 'Enter why the case is being referred' }));
    case 'dates':
      return pick('incidentOn', 'laAwareOn', 'partnersAwareOn');
    case 'areas':
      return route === 'out-of-area'
        ? [...pick('laArea', 'residentLaArea'), ...pick('leadPartnership').map((spec) => ({ ...spec, optional: false, hint: 'The partnership that leads this case.' }))]
        : pick('laArea', 'residentLaArea');
    case 'agencies':
      return pick('agencies').map((spec) => ({ ...spec, hint: 'Select all that apply. Information requests to them start from this list.' }));
    case 'about':
      return pick('themes', 'summary');
    default:
      return [];
  }
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
