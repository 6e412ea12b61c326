import type { Principal } from '../../access/principal.js';
import type { Role } from '../../access/roles.js';
import { AGE_BANDS, DISABILITY, LEGAL_STATUSES, OpenCaseSchema, SEXES } from '../../../workflows/case-open.schema.js';
import { OPEN_ROLES } from '../../../workflows/event-roles.js';
import { ROUTES, ROUTE_RULES, type Route } from '../../../workflows/routes.js';
import {
  type FieldSpec,
  type FormError,
  type FormValues,
  type RenderedField,
  fieldHref,
  many,
  readDate,
  readText,
  renderField,
  requiredMessage,
  single,
} from '../forms/govuk-fields.js';
import type { DirectoryEntry } from '../directory.js';
import { AGE_BAND_LABELS, humanise, valueLabel } from '../labels.js';
import { PARTNERS } from '../../../workflows/roles.js';

/**
 * The referral (case opening) form: the fields of workflows/case-open.schema.ts as GOV.UK
 * questions, one fieldset per child. The child's name is deliberately not asked: DOMAIN.md says it
 * is never needed, so the form does not invite it.
 */

export const MAX_CHILDREN = 20;

export interface ReferralFormContext {
  principal: Principal;
  organisations: DirectoryEntry[];
  /** The partnership's managed themes, when it keeps a list (else themes are free text). */
  themes?: string[];
}


/** The routes this role may open a case on. */
export function routesFor(role: Role): Route[] {
  return ROUTES.filter((route) => (OPEN_ROLES[route] as readonly string[]).includes(role));
}

/** How many child fieldsets the form shows (from the hidden count, bounded). */
export function childCountOf(values: FormValues): number {
  const count = Number(single(values['childCount']) || '1');
  return Number.isInteger(count) ? Math.min(Math.max(count, 1), MAX_CHILDREN) : 1;
}

export function childSpecs(index: number): FieldSpec[] {
  const n = index + 1;
  const id = (name: string) => `child-${n}-${name}`;
  return [
    { name: id('ageBand'), id: id('ageBand'), label: 'Age band', kind: 'select', requiredText: 'Select the child’s age band', options: AGE_BANDS.map((value) => ({ value, text: AGE_BAND_LABELS[value] ?? value })) },
    { name: id('ageYears'), id: id('ageYears'), label: 'Age in years', kind: 'number', optional: true, hint: 'If known. Give the age band or the age.' },
    { name: id('sex'), id: id('sex'), label: 'Sex', kind: 'radios', requiredText: 'Select the child’s sex', options: SEXES.map((value) => ({ value, text: humanise(value) })) },
    { name: id('ethnicity'), id: id('ethnicity'), label: 'Ethnicity', kind: 'text', optional: true, classes: 'govuk-!-width-one-half' },
    { name: id('disability'), id: id('disability'), label: 'Disability', kind: 'radios', optional: true, options: DISABILITY.map((value) => ({ value, text: humanise(value) })) },
    { name: id('legalStatus'), id: id('legalStatus'), label: 'Legal status', kind: 'checkboxes', optional: true, hint: 'Select all that apply.', options: LEGAL_STATUSES.map((value) => ({ value, text: valueLabel(value) })) },
  ];
}

/** The questions before and after the children. */
export function referralSpecs(context: ReferralFormContext): { before: FieldSpec[]; after: FieldSpec[] } {
  const { principal } = context;
  const routes = routesFor(principal.role);
  const organisations = context.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name }));
  const referrer: FieldSpec =
    principal.role === 'agency' && principal.organisationId
      ? {
          name: 'referringOrganisationId',
          id: 'referringOrganisationId',
          label: 'Referring organisation',
          kind: 'fixed',
          fixedValue: principal.organisationId,
          fixedText: context.organisations.find((organisation) => organisation.id === principal.organisationId)?.name ?? principal.organisationId,
        }
      : {
          name: 'referringOrganisationId',
          id: 'referringOrganisationId',
          label: 'Referring organisation',
          kind: 'select',
          optional: true,
          hint: 'Needed for a referral or a youth justice incident.',
          options: organisations,
        };
  return {
    before: [
      { name: 'route', id: 'route', label: 'What kind of case is it?', kind: 'radios', requiredText: 'Select what kind of case it is', options: routes.map((route) => ({ value: route, text: ROUTE_RULES[route].title })) },
      referrer,
      { name: 'incidentOn', id: 'incidentOn', label: 'Date of the incident', kind: 'date', hint: 'The date of the death or serious harm, as best known. For example, 27 3 2025' },
      { name: 'laAwareOn', id: 'laAwareOn', label: 'Date the local authority became aware', kind: 'date', hint: 'The notification deadlines count from this date. For example, 27 3 2025' },
      {
        name: 'partnersAwareOn',
        id: 'partnersAwareOn',
        label: 'Date the safeguarding partners became aware',
        kind: 'date',
        optional: true,
        hint: 'The rapid review deadlines count from this date. Leave blank if it is the same day the local authority became aware.',
      },
      { name: 'laArea', id: 'laArea', label: 'Local authority area where the incident happened', kind: 'text', classes: 'govuk-!-width-two-thirds' },
      { name: 'residentLaArea', id: 'residentLaArea', label: 'Local authority area where the child normally lives', kind: 'text', optional: true, hint: 'Only if different.', classes: 'govuk-!-width-two-thirds' },
      // The notification criteria and the three partners' agreement (issue 13): for a notified case.
      ...NOTIFICATION_FIELDS,
    ],
    after: [
      { name: 'agencies', id: 'agencies', label: 'Agencies involved with the child or family', kind: 'checkboxes', optional: true, options: organisations },
      { name: 'leadPartnership', id: 'leadPartnership', label: 'Partnership that leads', kind: 'text', optional: true, hint: 'Only for an out-of-area case.', classes: 'govuk-!-width-two-thirds' },
      ...(context.themes && context.themes.length > 0
        ? [
            { name: 'themes', id: 'themes', label: 'Themes', kind: 'checkboxes', optional: true, hint: 'The partnership’s themes. Select all that apply.', options: context.themes.map((theme) => ({ value: theme, text: theme })) } satisfies FieldSpec,
            { name: 'otherTheme', id: 'otherTheme', label: 'Other theme', kind: 'text', optional: true, hint: 'Only if none of the themes above fits.', classes: 'govuk-!-width-two-thirds' } satisfies FieldSpec,
          ]
        : [{ name: 'themes', id: 'themes', label: 'Themes', kind: 'text', optional: true, hint: 'Separate them with commas, for example: neglect, domestic abuse', classes: 'govuk-!-width-two-thirds' } satisfies FieldSpec]),
      { name: 'summary', id: 'summary', label: 'What happened', kind: 'textarea', optional: true, hint: 'A short factual summary of up to 1,000 characters. Do not include names.' },
    ],
  };
}

/** Each partner as the question names them. */
const AGREEING: Record<string, string> = { 'local-authority': 'the local authority', police: 'the police', health: 'health (the Integrated Care Board)' };
const NOTIFIED_ONLY = 'Only for a serious incident, or the death of a looked-after child or care leaver.';
const YES_NO = [
  { value: 'yes', text: 'Yes, agrees' },
  { value: 'no', text: 'No, dissents' },
];

/** The notification criteria and the partners' agreement to notify, as form fields. */
const NOTIFICATION_FIELDS: FieldSpec[] = [
  { name: 'criteria-harm', id: 'criteria-harm', label: 'Death or serious harm', kind: 'radios', optional: true, hint: NOTIFIED_ONLY, options: [{ value: 'death', text: 'The child died' }, { value: 'serious-harm', text: 'The child was seriously harmed' }] },
  { name: 'criteria-abuseOrNeglect', id: 'criteria-abuseOrNeglect', label: 'Abuse or neglect', kind: 'radios', optional: true, hint: NOTIFIED_ONLY, options: [{ value: 'known', text: 'Known' }, { value: 'suspected', text: 'Suspected' }, { value: 'not-suspected', text: 'Not suspected' }] },
  {
    name: 'criteria-location',
    id: 'criteria-location',
    label: 'Where it happened',
    kind: 'radios',
    optional: true,
    hint: NOTIFIED_ONLY,
    options: [{ value: 'in-area', text: 'In the local authority’s area' }, { value: 'outside-england-normally-resident', text: 'Outside England, while the child normally lives here' }],
  },
  ...PARTNERS.map((partner): FieldSpec => ({ name: `agreement-${partner}`, id: `agreement-${partner}`, label: `Does ${AGREEING[partner]} agree the incident is notified?`, kind: 'radios', optional: true, hint: NOTIFIED_ONLY, options: YES_NO })),
  { name: 'agreementOn', id: 'agreementOn', label: 'Date the partners agreed', kind: 'date', optional: true, hint: 'With the answers above. For example, 27 3 2025' },
  { name: 'agreementDissent', id: 'agreementDissent', label: 'Why a partner dissents', kind: 'textarea', optional: true, hint: 'Only if a partner dissents. Do not include names.', maxLength: 2000 },
];

/**
 * Reads the criteria and the agreement into the opening: each only when any of its answers is given
 * (the opening's schema then says what is missing).
 */
function readNotification(values: FormValues, input: Record<string, unknown>): void {
  const criteria = { harm: readText(values, 'criteria-harm'), abuseOrNeglect: readText(values, 'criteria-abuseOrNeglect'), location: readText(values, 'criteria-location') };
  if (Object.values(criteria).some((v) => v !== undefined)) input['notificationCriteria'] = criteria;
  const answers = PARTNERS.map((partner) => [partner, readText(values, `agreement-${partner}`)] as const);
  const agreedOn = readDate({ name: 'agreementOn', label: 'Date the partners agreed' }, values).value;
  if (answers.some(([, answer]) => answer !== undefined) || agreedOn !== undefined) {
    const dissent = readText(values, 'agreementDissent');
    input['partnersAgreement'] = {
      agreedOn,
      partners: answers.map(([partner, answer]) => ({ partner, agrees: answer === 'yes', ...(answer === 'no' && dissent ? { reasons: dissent } : {}) })),
    };
  }
}

export interface ReferralFormModel {
  before: RenderedField[];
  children: { number: number; fields: RenderedField[] }[];
  after: RenderedField[];
  childCount: number;
}

/** The form's fields as GOV.UK macro parameters, with values and errors. */
export function referralFormModel(context: ReferralFormContext, values: FormValues, errors: FormError[]): ReferralFormModel {
  const specs = referralSpecs(context);
  const errorOf = new Map(errors.map((error) => [error.field, error.text]));
  const render = (spec: FieldSpec) => renderField(spec, values, errorOf.get(spec.name));
  const childCount = childCountOf(values);
  return {
    before: specs.before.map(render),
    children: Array.from({ length: childCount }, (_, index) => ({ number: index + 1, fields: childSpecs(index).map(render) })),
    after: specs.after.map(render),
    childCount,
  };
}

export interface ParsedReferral {
  input?: Record<string, unknown>;
  errors: FormError[];
}

/** Reads the form into a case opening and checks it with the opening's own schema. */
export function parseReferralForm(context: ReferralFormContext, values: FormValues): ParsedReferral {
  const specs = referralSpecs(context);
  const all = [...specs.before, ...specs.after];
  const errors: FormError[] = [];
  const input: Record<string, unknown> = {};
  readNotification(values, input);
  for (const spec of all) {
    if (NOTIFICATION_FIELDS.includes(spec)) continue;
    if (spec.kind === 'fixed') input[spec.name] = spec.fixedValue;
    else if (spec.kind === 'date') {
      const read = readDate(spec, values);
      if (read.error) errors.push({ field: spec.name, href: fieldHref(spec), text: read.error });
      else if (read.value) input[spec.name] = read.value;
    } else if (spec.kind === 'checkboxes') {
      const chosen = many(values[spec.name]);
      if (chosen.length > 0) input[spec.name] = [...((input[spec.name] as string[] | undefined) ?? []), ...chosen];
    } else if (spec.name === 'otherTheme') {
      // Free text only as "other" when the partnership manages its themes.
      const other = readText(values, 'otherTheme');
      if (other !== undefined) input['themes'] = [...((input['themes'] as string[] | undefined) ?? []), `other: ${other}`];
    } else if (spec.name === 'themes') {
      const themes = (readText(values, 'themes') ?? '').split(',').map((theme) => theme.trim()).filter(Boolean);
      if (themes.length > 0) input['themes'] = themes;
    } else {
      const text = readText(values, spec.name);
      if (text !== undefined) input[spec.name] = text;
    }
  }
  const children: Record<string, unknown>[] = [];
  const childCount = childCountOf(values);
  for (let index = 0; index < childCount; index++) {
    const child: Record<string, unknown> = { legalStatus: many(values[`child-${index + 1}-legalStatus`]) };
    for (const spec of childSpecs(index)) {
      const key = spec.name.replace(/^child-\d+-/, '');
      if (key === 'legalStatus') continue;
      const text = readText(values, spec.name);
      if (text === undefined) continue;
      if (key === 'ageYears') {
        const age = Number(text);
        if (!/^\d{1,2}$/.test(text)) errors.push({ field: spec.name, href: fieldHref(spec), text: 'Age in years must be a whole number, like 7' });
        else child[key] = age;
      } else child[key] = text;
    }
    children.push(child);
  }
  input['children'] = children;

  const parsed = OpenCaseSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const error = errorFor(issue.path.map(String), issue.code, issue.message, all, (issue as { input?: unknown }).input === undefined);
      if (!errors.some((existing) => existing.field === error.field)) errors.push(error);
    }
  }
  return errors.length > 0 ? { errors } : { input, errors };
}

/** An issue from the opening's schema (or the service) as an error on the field it names. */
export function errorFor(path: string[], code: string, message: string, specs: FieldSpec[], missing: boolean): FormError {
  if (path[0] === 'children' && path[1] !== undefined) {
    const index = Number(path[1]);
    const key = path[2] ?? 'ageBand';
    const spec = childSpecs(index).find((candidate) => candidate.name === `child-${index + 1}-${key}`) ?? childSpecs(index)[0]!;
    const text =
      key === 'ageBand' && message.includes('ageBand or ageYears')
        ? `Child ${index + 1}: select an age band or give the age in years`
        : `Child ${index + 1}: ${missing || code === 'invalid_value' ? requiredMessage(spec).replace(/^./, (c) => c.toLowerCase()) : message}`;
    return { field: spec.name, href: fieldHref(spec), text };
  }
  // The criteria and the agreement are nested in the opening; their fields carry a prefix.
  if (path[0] === 'notificationCriteria') path = [`criteria-${path[1] ?? 'harm'}`];
  if (path[0] === 'partnersAgreement') path = [path[1] === 'agreedOn' ? 'agreementOn' : path[1] === 'partners' && path[3] === 'reasons' ? 'agreementDissent' : `agreement-${PARTNERS[Number(path[2] ?? 0)] ?? 'local-authority'}`];
  const spec = specs.find((candidate) => candidate.name === path[0]);
  if (!spec) return { field: 'form', href: '#route', text: message.charAt(0).toUpperCase() + message.slice(1) };
  if (missing || code === 'invalid_value') return { field: spec.name, href: fieldHref(spec), text: requiredMessage(spec) };
  if (spec.kind === 'date' && (code === 'invalid_format' || code === 'custom') && /real calendar date|YYYY-MM-DD/.test(message)) {
    return { field: spec.name, href: fieldHref(spec), text: `${spec.label} must be a real date` };
  }
  if (code === 'too_big') return { field: spec.name, href: fieldHref(spec), text: `${spec.label} is too long` };
  return { field: spec.name, href: fieldHref(spec), text: message.charAt(0).toUpperCase() + message.slice(1) };
}

/** The names a draft may keep: the form's own fields, nothing else. */
export function isReferralFieldName(name: string): boolean {
  return /^(route|referringOrganisationId|laArea|residentLaArea|agencies|leadPartnership|themes|otherTheme|summary|childCount|criteria-(harm|abuseOrNeglect|location)|agreement-(local-authority|police|health)|agreementDissent|(incidentOn|laAwareOn|partnersAwareOn|agreementOn)-(day|month|year)|child-([1-9]|1\d|20)-(ageBand|ageYears|sex|ethnicity|disability|legalStatus))$/.test(
    name,
  );
}
