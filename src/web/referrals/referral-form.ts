import type { Principal } from '../../access/principal.js';
import type { Role } from '../../access/roles.js';
import { AGE_BANDS, DISABILITY, LEGAL_STATUSES, OpenCaseSchema, SEXES } from '../../../workflows/case-open.schema.js';
import { OPEN_ROLES, agencyKindMayOpen } from '../../../workflows/event-roles.js';
import { PARTNERS } from '../../../workflows/roles.js';
import { ROUTES, ROUTE_RULES, type Route } from '../../../workflows/statutory-routes.js';
import {
  type FieldSpec,
  type FormError,
  type FormValues,
  fieldHref,
  many,
  readDate,
  readText,
  requiredMessage,
  single,
} from '../forms/govuk-fields.js';
import type { DirectoryEntry } from '../directory.js';
import { AGE_BAND_LABELS, humanise, valueLabel } from '../labels.js';

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
  themes?: readonly string[];
}

/** The routes this role (and, for an agency, its organisation's kind) may open a case on. */
export function routesFor(role: Role, organisationKind?: string): Route[] {
  return ROUTES.filter((route) => {
    if (!(OPEN_ROLES[route] as readonly string[]).includes(role)) return false;
    return role !== 'agency' || agencyKindMayOpen(route, organisationKind);
  });
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
    {
      name: id('ageBand'),
      id: id('ageBand'),
      label: 'Age band',
      kind: 'select',
      requiredText: 'Select the child’s age band',
      options: AGE_BANDS.map((value) => ({ value, text: AGE_BAND_LABELS[value] ?? value })),
    },
    {
      name: id('ageYears'),
      id: id('ageYears'),
      label: 'Age in years',
      kind: 'number',
      optional: true,
      hint: 'If known. Give the age band or the age.',
    },
    {
      name: id('sex'),
      id: id('sex'),
      label: 'Sex',
      kind: 'radios',
      requiredText: 'Select the child’s sex',
      options: SEXES.map((value) => ({ value, text: humanise(value) })),
    },
    { name: id('ethnicity'), id: id('ethnicity'), label: 'Ethnicity', kind: 'text', optional: true, classes: 'govuk-!-width-one-half' },
    {
      name: id('disability'),
      id: id('disability'),
      label: 'Disability',
      kind: 'radios',
      optional: true,
      options: DISABILITY.map((value) => ({ value, text: humanise(value) })),
    },
    {
      name: id('legalStatus'),
      id: id('legalStatus'),
      label: 'Legal status',
      kind: 'checkboxes',
      optional: true,
      hint: 'Select all that apply.',
      options: LEGAL_STATUSES.map((value) => ({ value, text: valueLabel(value) })),
    },
  ];
}

/** The questions before and after the children. */
export function referralSpecs(context: ReferralFormContext): { before: FieldSpec[]; after: FieldSpec[] } {
  const { principal } = context;
  const kind = context.organisations.find((organisation) => organisation.id === principal.organisationId)?.kind;
  const routes = routesFor(principal.role, kind);
  const organisations = context.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name }));
  const referrer: FieldSpec =
    principal.role === 'agency' && principal.organisationId
      ? {
          name: 'referringOrganisationId',
          id: 'referringOrganisationId',
          label: 'Referring organisation',
          kind: 'fixed',
          fixedValue: principal.organisationId,
          fixedText:
            context.organisations.find((organisation) => organisation.id === principal.organisationId)?.name ?? principal.organisationId,
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
      {
        name: 'route',
        id: 'route',
        label: 'What kind of case is it?',
        kind: 'radios',
        requiredText: 'Select what kind of case it is',
        options: routes.map((route) => ({ value: route, text: ROUTE_RULES[route].title })),
      },
      referrer,
      {
        name: 'referralReason',
        id: 'referralReason',
        label: 'Why are you referring this case?',
        kind: 'textarea',
        optional: true,
        hint: 'What happened that makes you think the partnership should consider a review, and what you think could be learnt. No names.',
        maxLength: 2000,
      },
      {
        name: 'incidentOn',
        id: 'incidentOn',
        label: 'Date of the incident',
        kind: 'date',
        hint: 'The date of the death or serious harm, as best known. For example, 27 3 2025',
      },
      {
        name: 'laAwareOn',
        id: 'laAwareOn',
        label: 'Date the local authority became aware',
        kind: 'date',
        hint: 'The notification deadlines count from this date. For example, 27 3 2025',
      },
      {
        name: 'partnersAwareOn',
        id: 'partnersAwareOn',
        label: 'Date the safeguarding partners became aware',
        kind: 'date',
        optional: true,
        hint: 'The rapid review deadlines count from this date. Leave blank if it is the same day the local authority became aware.',
      },
      {
        name: 'laArea',
        id: 'laArea',
        label: 'Local authority area where the incident happened',
        kind: 'text',
        classes: 'govuk-!-width-two-thirds',
      },
      {
        name: 'residentLaArea',
        id: 'residentLaArea',
        label: 'Local authority area where the child normally lives',
        kind: 'text',
        optional: true,
        hint: 'Only if different.',
        classes: 'govuk-!-width-two-thirds',
      },
      // The notification criteria and the three partners' agreement (issue 13): for a notified case.
      ...CRITERIA_FIELDS,
      ...AGREEMENT_FIELDS,
    ],
    after: [
      {
        name: 'agencies',
        id: 'agencies',
        label: 'Agencies involved with the child or family',
        kind: 'checkboxes',
        optional: true,
        options: organisations,
      },
      {
        name: 'leadPartnership',
        id: 'leadPartnership',
        label: 'Partnership that leads',
        kind: 'text',
        optional: true,
        hint: 'Only for an out-of-area case.',
        classes: 'govuk-!-width-two-thirds',
      },
      ...themeSpecs(context.themes),
      {
        name: 'summary',
        id: 'summary',
        label: 'What happened',
        kind: 'textarea',
        optional: true,
        hint: 'A short factual summary of up to 1,000 characters. Do not include names.',
      },
    ],
  };
}

/** The answer to the managed themes that reveals the free-text "other" (no managed theme starts with "other"). */
export const OTHER_THEME = 'other';

/**
 * The themes question: the partnership's own list as checkboxes with "Other" revealing a text
 * field, so free text is only ever an "other"; without a list, free text separated by commas.
 */
function themeSpecs(themes: readonly string[] | undefined): FieldSpec[] {
  if (!themes || themes.length === 0) {
    return [
      {
        name: 'themes',
        id: 'themes',
        label: 'Themes',
        kind: 'text',
        optional: true,
        hint: 'Separate them with commas, for example: neglect, domestic abuse',
        classes: 'govuk-!-width-two-thirds',
      },
    ];
  }
  return [
    {
      name: 'themes',
      id: 'themes',
      label: 'Themes',
      kind: 'checkboxes',
      optional: true,
      hint: 'The partnership’s themes. Select all that apply.',
      options: [...themes.map((theme) => ({ value: theme, text: theme })), { value: OTHER_THEME, text: 'Other' }],
    },
    {
      name: 'otherTheme',
      id: 'otherTheme',
      label: 'Other theme',
      kind: 'text',
      optional: true,
      hint: 'Only if none of the themes above fits.',
      classes: 'govuk-!-width-two-thirds',
      maxLength: 90,
    },
  ];
}

/** The routes on which the local authority notifies when the case opens: only they ask the criteria and the agreement. */
export const NOTIFYING_ROUTES: readonly string[] = ['serious-incident', 'looked-after-death', 'care-leaver-death'];

/** Each partner as the question names them (with its verb: the police are plural). */
const AGREEING: Record<string, string> = {
  'local-authority': 'Does the local authority agree',
  police: 'Do the police agree',
  health: 'Does health (the Integrated Care Board) agree',
};
const PARTNER_NAME: Record<string, string> = {
  'local-authority': 'the local authority agrees',
  police: 'the police agree',
  health: 'health agrees',
};
const AGREES = [
  { value: 'yes', text: 'Yes, agrees' },
  { value: 'no', text: 'No, dissents' },
];

/** The notification criteria (Children Act 2004 s16C) as questions. */
export const CRITERIA_FIELDS: FieldSpec[] = [
  {
    name: 'criteria-harm',
    id: 'criteria-harm',
    label: 'Did the child die or were they seriously harmed?',
    kind: 'radios',
    optional: true,
    requiredText: 'Select whether the child died or was seriously harmed',
    options: [
      { value: 'death', text: 'The child died' },
      { value: 'serious-harm', text: 'The child was seriously harmed' },
    ],
  },
  {
    name: 'criteria-abuseOrNeglect',
    id: 'criteria-abuseOrNeglect',
    label: 'Is abuse or neglect known or suspected?',
    kind: 'radios',
    optional: true,
    requiredText: 'Select whether abuse or neglect is known, suspected or not suspected',
    options: [
      { value: 'known', text: 'Known' },
      { value: 'suspected', text: 'Suspected' },
      { value: 'not-suspected', text: 'Not suspected' },
    ],
  },
  {
    name: 'criteria-location',
    id: 'criteria-location',
    label: 'Where did the incident happen?',
    kind: 'radios',
    optional: true,
    requiredText: 'Select where the incident happened',
    options: [
      { value: 'in-area', text: 'In the local authority’s area' },
      { value: 'outside-england-normally-resident', text: 'Outside England, while the child normally lives here' },
    ],
  },
];

/** The three partners' agreement that the incident is notified, as questions (all or none: see agreementErrors). */
export const AGREEMENT_FIELDS: FieldSpec[] = [
  ...PARTNERS.map((partner): FieldSpec => ({
    name: `agreement-${partner}`,
    id: `agreement-${partner}`,
    label: `${AGREEING[partner]} the incident is notified?`,
    kind: 'radios',
    optional: true,
    requiredText: `Select whether ${PARTNER_NAME[partner]} the incident is notified`,
    options: AGREES,
  })),
  {
    name: 'agreementOn',
    id: 'agreementOn',
    label: 'Date the partners agreed',
    kind: 'date',
    optional: true,
    hint: 'For example, 27 3 2025',
  },
  {
    name: 'agreementDissent',
    id: 'agreementDissent',
    label: 'Why a partner dissents',
    kind: 'textarea',
    optional: true,
    hint: 'Only if a partner dissents. Do not include names.',
    maxLength: 2000,
  },
];

const NOTIFICATION_NAMES = new Set([...CRITERIA_FIELDS, ...AGREEMENT_FIELDS].map((spec) => spec.name));

/**
 * The partners' agreement is all or nothing: once any answer is given, each partner's answer and
 * the date are needed, and a dissent needs its reasons (the opening's schema says the same, in
 * its own words; these are the page's).
 */
export function agreementErrors(values: FormValues): FormError[] {
  const answers = PARTNERS.map((partner) => readText(values, `agreement-${partner}`));
  const date = AGREEMENT_FIELDS.find((spec) => spec.name === 'agreementOn')!;
  const read = readDate(date, values);
  const reasons = readText(values, 'agreementDissent');
  if (answers.every((answer) => answer === undefined) && read.value === undefined && read.error === undefined && reasons === undefined)
    return [];
  const errors: FormError[] = [];
  AGREEMENT_FIELDS.slice(0, PARTNERS.length).forEach((spec, index) => {
    if (answers[index] === undefined) errors.push({ field: spec.name, href: fieldHref(spec), text: requiredMessage(spec) });
  });
  if (read.error) errors.push({ field: date.name, href: fieldHref(date), text: read.error });
  else if (read.value === undefined) errors.push({ field: date.name, href: fieldHref(date), text: 'Enter the date the partners agreed' });
  const dissent = AGREEMENT_FIELDS.find((spec) => spec.name === 'agreementDissent')!;
  if (answers.includes('no') && reasons === undefined)
    errors.push({ field: dissent.name, href: fieldHref(dissent), text: 'Enter why a partner dissents' });
  return errors;
}

/**
 * Reads the criteria and the agreement into the opening, on a notifying route only (a route
 * changed afterwards leaves them behind): each only when any of its answers is given, so the
 * opening's schema then says what is missing.
 */
function readNotification(values: FormValues, input: Record<string, unknown>): void {
  if (!NOTIFYING_ROUTES.includes(single(values['route']))) return;
  const criteria = {
    harm: readText(values, 'criteria-harm'),
    abuseOrNeglect: readText(values, 'criteria-abuseOrNeglect'),
    location: readText(values, 'criteria-location'),
  };
  if (Object.values(criteria).some((value) => value !== undefined)) input['notificationCriteria'] = criteria;
  const answers = PARTNERS.map((partner) => [partner, readText(values, `agreement-${partner}`)] as const);
  const agreedOn = readDate({ name: 'agreementOn', label: 'Date the partners agreed' }, values).value;
  if (answers.some(([, answer]) => answer !== undefined) || agreedOn !== undefined) {
    const dissent = readText(values, 'agreementDissent');
    input['partnersAgreement'] = {
      agreedOn,
      partners: answers.map(([partner, answer]) => ({
        partner,
        agrees: answer === 'yes',
        ...(answer === 'no' && dissent ? { reasons: dissent } : {}),
      })),
    };
  }
}

/** The themes as the opening keeps them: chosen from the list (only its own), and "other: …" for anything else. */
function readThemes(context: ReferralFormContext, values: FormValues): string[] {
  if (!context.themes || context.themes.length === 0) {
    return (readText(values, 'themes') ?? '')
      .split(',')
      .map((theme) => theme.trim())
      .filter(Boolean);
  }
  const managed = new Set(context.themes);
  const chosen = many(values['themes']).filter((theme) => managed.has(theme));
  const other = readText(values, 'otherTheme');
  return other === undefined ? chosen : [...chosen, `other: ${other}`];
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
  const themes = readThemes(context, values);
  if (themes.length > 0) input['themes'] = themes;
  for (const spec of all) {
    if (NOTIFICATION_NAMES.has(spec.name) || spec.name === 'themes' || spec.name === 'otherTheme') continue;
    if (spec.kind === 'fixed') input[spec.name] = spec.fixedValue;
    else if (spec.kind === 'date') {
      const read = readDate(spec, values);
      if (read.error) errors.push({ field: spec.name, href: fieldHref(spec), text: read.error });
      else if (read.value) input[spec.name] = read.value;
    } else if (spec.kind === 'checkboxes') {
      const chosen = many(values[spec.name]);
      if (chosen.length > 0) input[spec.name] = chosen;
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
        if (!/^\d{1,2}$/.test(text))
          errors.push({ field: spec.name, href: fieldHref(spec), text: 'Age in years must be a whole number, like 7' });
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
  if (path[0] === 'partnersAgreement') {
    path = [
      path[1] === 'agreedOn'
        ? 'agreementOn'
        : path[1] === 'partners' && path[3] === 'reasons'
          ? 'agreementDissent'
          : `agreement-${PARTNERS[Number(path[2] ?? 0)] ?? 'local-authority'}`,
    ];
  }
  if (path[0] === 'themes') path = ['themes'];
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
  return /^(route|referringOrganisationId|referralReason|laArea|residentLaArea|agencies|leadPartnership|themes|otherTheme|summary|childCount|criteria-(harm|abuseOrNeglect|location)|agreement-(local-authority|police|health)|agreementDissent|(incidentOn|laAwareOn|partnersAwareOn|agreementOn)-(day|month|year)|child-([1-9]|1\d|20)-(ageBand|ageYears|sex|ethnicity|disability|legalStatus))$/.test(
    name,
  );
}
