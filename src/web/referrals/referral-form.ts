import type { Principal } from '../../access/principal.js';
import type { Role } from '../../access/roles.js';
import { AGE_BANDS, DISABILITY, LEGAL_STATUSES, OpenCaseSchema, SEXES } from '../../../workflows/case-open.schema.js';
import { OPEN_ROLES } from '../../../workflows/event-roles.js';
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
}


/** Routes an agency may refer on only when it is of a kind that meets such cases. */
const AGENCY_KINDS_FOR: Partial<Record<Route, readonly string[]>> = {
  // A youth justice serious incident is the youth justice service's to notify (DOMAIN.md, route 4).
  'youth-justice-incident': ['youth-justice'],
};

/** The routes this role (and, for an agency, its organisation's kind) may open a case on. */
export function routesFor(role: Role, organisationKind?: string): Route[] {
  return ROUTES.filter((route) => {
    if (!(OPEN_ROLES[route] as readonly string[]).includes(role)) return false;
    const kinds = AGENCY_KINDS_FOR[route];
    return role !== 'agency' || !kinds || (organisationKind !== undefined && kinds.includes(organisationKind));
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
      {
        name: 'referralReason',
        id: 'referralReason',
        label: 'Why are you referring this case?',
        kind: 'textarea',
        optional: true,
        hint: 'What happened that makes you think the partnership should consider a review, and what you think could be learnt. No names.',
        maxLength: 2000,
      },
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
    ],
    after: [
      { name: 'agencies', id: 'agencies', label: 'Agencies involved with the child or family', kind: 'checkboxes', optional: true, options: organisations },
      { name: 'leadPartnership', id: 'leadPartnership', label: 'Partnership that leads', kind: 'text', optional: true, hint: 'Only for an out-of-area case.', classes: 'govuk-!-width-two-thirds' },
      { name: 'themes', id: 'themes', label: 'Themes', kind: 'text', optional: true, hint: 'Separate them with commas, for example: neglect, domestic abuse', classes: 'govuk-!-width-two-thirds' },
      { name: 'summary', id: 'summary', label: 'What happened', kind: 'textarea', optional: true, hint: 'A short factual summary of up to 1,000 characters. Do not include names.' },
    ],
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
  for (const spec of all) {
    if (spec.kind === 'fixed') input[spec.name] = spec.fixedValue;
    else if (spec.kind === 'date') {
      const read = readDate(spec, values);
      if (read.error) errors.push({ field: spec.name, href: fieldHref(spec), text: read.error });
      else if (read.value) input[spec.name] = read.value;
    } else if (spec.kind === 'checkboxes') {
      const chosen = many(values[spec.name]);
      if (chosen.length > 0) input[spec.name] = chosen;
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
  return /^(route|referringOrganisationId|referralReason|laArea|residentLaArea|agencies|leadPartnership|themes|summary|childCount|(incidentOn|laAwareOn|partnersAwareOn)-(day|month|year)|child-([1-9]|1\d|20)-(ageBand|ageYears|sex|ethnicity|disability|legalStatus))$/.test(
    name,
  );
}
