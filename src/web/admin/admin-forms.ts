import { PARTNERS, ROLES } from '../../access/roles.js';
import { CLOCK_OVERRIDE_POLICY, CLOCK_RULES, type ClockId } from '../../calendar/clock-rules.js';
import type { FieldIssue } from '../../errors/app-errors.js';
import { ORGANISATION_KINDS } from '../../partnerships/organisation.model.js';
import { MAX_CLOCK_LENGTH } from '../../partnerships/admin.schemas.js';
import type { OrganisationView, PartnershipView, UserView } from '../../partnerships/admin.views.js';
import type { FieldSpec, FormError, FormValues } from '../forms/govuk-fields.js';
import { fieldHref, single } from '../forms/govuk-fields.js';
import { PARTNER_LABELS, ROLE_LABELS, humanise } from '../labels.js';

/**
 * The administration forms (issue 12) as data: what each asks, how its answers become a request
 * for the administration service, and how the service's field errors land back on the fields.
 * Pure: no Express, no database.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const partnerOptions = () => PARTNERS.map((partner) => ({ value: partner, text: PARTNER_LABELS[partner] ?? humanise(partner) }));

export function organisationFields(editing: boolean): FieldSpec[] {
  const fields: FieldSpec[] = [
    { name: 'name', id: 'name', label: 'Name', kind: 'text', maxLength: 200, requiredText: 'Enter the organisation’s name' },
    {
      name: 'kind',
      id: 'kind',
      label: 'Kind of organisation',
      kind: 'select',
      options: ORGANISATION_KINDS.map((kind) => ({ value: kind, text: humanise(kind) })),
      requiredText: 'Select the kind of organisation',
    },
    {
      name: 'partner',
      id: 'partner',
      label: 'Statutory safeguarding partner',
      kind: 'select',
      optional: true,
      hint: 'Only for the organisation that is one of the three safeguarding partners.',
      options: partnerOptions(),
    },
  ];
  if (editing) {
    fields.push({
      name: 'active',
      id: 'active',
      label: 'Active',
      kind: 'yes-no',
      hint: 'A retired organisation stays on the records that name it but takes no new users.',
    });
  }
  return fields;
}

export function userFields(editing: boolean, organisations: { id: string; name: string }[]): FieldSpec[] {
  const fields: FieldSpec[] = [
    { name: 'name', id: 'name', label: 'Full name', kind: 'text', maxLength: 200, requiredText: 'Enter the person’s full name' },
    {
      name: 'email',
      id: 'email',
      label: 'Email address',
      kind: 'text',
      inputType: 'email',
      hint: 'They sign in with this address.',
      requiredText: 'Enter an email address',
    },
    {
      name: 'role',
      id: 'role',
      label: 'Role',
      kind: 'radios',
      options: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
      requiredText: 'Select a role',
    },
    {
      name: 'organisationId',
      id: 'organisationId',
      label: 'Organisation',
      kind: 'select',
      optional: true,
      hint: 'Needed for partner agency users and safeguarding partner leads.',
      options: organisations.map((organisation) => ({ value: organisation.id, text: organisation.name })),
    },
    {
      name: 'partner',
      id: 'partner',
      label: 'Partner they sign for',
      kind: 'select',
      optional: true,
      hint: 'Safeguarding partner leads only.',
      options: partnerOptions(),
    },
  ];
  if (editing)
    fields.push({
      name: 'disabled',
      id: 'disabled',
      label: 'Disable this account',
      kind: 'yes-no',
      hint: 'A disabled user is signed out at once. Users are never deleted.',
    });
  return fields;
}

/** The clocks a partnership may change the length of, with the bounds the clock table sets. */
export function adjustableClocks() {
  return CLOCK_RULES.filter((rule) => rule.status !== 'statutory' && CLOCK_OVERRIDE_POLICY[rule.id].length !== 'none').map((rule) => {
    const policy = CLOCK_OVERRIDE_POLICY[rule.id].length;
    const unit = rule.unit === 'working-days' ? 'working days' : rule.unit;
    const max = MAX_CLOCK_LENGTH[rule.unit];
    const bound =
      policy === 'at-most' ? `at most ${rule.length}` : policy === 'at-least' ? `from ${rule.length} to ${max}` : `from 1 to ${max}`;
    return { id: rule.id, title: rule.title, hint: `Default ${rule.length} ${unit}; ${bound}. Leave empty for the default.` };
  });
}

export function settingsFields(): FieldSpec[] {
  return [
    { name: 'name', id: 'name', label: 'Partnership name', kind: 'text', maxLength: 200, requiredText: 'Enter the partnership’s name' },
    {
      name: 'referencePrefix',
      id: 'referencePrefix',
      label: 'Case reference prefix',
      kind: 'text',
      classes: 'govuk-input--width-10',
      hint: 'New case references start with this, for example NTH-2025-0001. Capital letters and digits.',
      requiredText: 'Enter a reference prefix',
    },
    {
      name: 'reportingYearStartMonth',
      id: 'reportingYearStartMonth',
      label: 'Reporting year starts in',
      kind: 'select',
      options: MONTHS.map((month, index) => ({ value: String(index + 1), text: month })),
      requiredText: 'Select a month',
    },
    {
      name: 'dueSoonWorkingDays',
      id: 'dueSoonWorkingDays',
      label: 'Show deadlines as due soon this many working days ahead',
      kind: 'number',
      optional: true,
      hint: 'From 0 to 20. Leave empty for the service default.',
    },
    {
      name: 'themes',
      id: 'themes',
      label: 'Themes cases are recorded under',
      kind: 'textarea',
      optional: true,
      maxLength: 10_000,
      hint: 'One a line, for example neglect. New cases choose from these, or write “other: …”, so one theme is never counted under two names. Leave empty for free text.',
    },
    ...adjustableClocks().map((clock): FieldSpec => ({
      name: `clock-${clock.id}`,
      id: `clock-${clock.id}`,
      label: clock.title,
      kind: 'number',
      optional: true,
      hint: clock.hint,
    })),
  ];
}

export function organisationValues(organisation: OrganisationView): FormValues {
  return {
    name: organisation.name,
    kind: organisation.kind,
    partner: organisation.partner ?? '',
    active: organisation.active ? 'yes' : 'no',
  };
}

export function userValues(user: UserView): FormValues {
  return {
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId ?? '',
    partner: user.partner ?? '',
    disabled: user.disabled ? 'yes' : 'no',
  };
}

export function settingsValues(settings: PartnershipView): FormValues {
  const values: FormValues = {
    name: settings.name,
    referencePrefix: settings.referencePrefix,
    reportingYearStartMonth: String(settings.reportingYearStartMonth),
    dueSoonWorkingDays: settings.dueSoonWorkingDaysIsDefault ? '' : String(settings.dueSoonWorkingDays),
    themes: settings.themes.join('\n'),
  };
  for (const [id, override] of Object.entries(settings.clockOverrides)) {
    if (override.length !== undefined) values[`clock-${id}`] = String(override.length);
  }
  return values;
}

export interface ParsedForm {
  body?: Record<string, unknown>;
  errors: FormError[];
}

/** Required fields that are empty, as GOV.UK errors; the rest is the service's to check. */
function requiredErrors(fields: FieldSpec[], values: FormValues): FormError[] {
  return fields
    .filter((spec) => !spec.optional && spec.kind !== 'yes-no' && single(values[spec.name]).trim() === '')
    .map((spec) => ({ field: spec.name, href: fieldHref(spec), text: spec.requiredText ?? `Enter ${spec.label.toLowerCase()}` }));
}

/** `''` → absent (adding) or null (changing: removes the value). */
const emptyAs = (value: string, editing: boolean) => (value === '' ? (editing ? null : undefined) : value);

export function parseOrganisationForm(values: FormValues, editing: boolean): ParsedForm {
  const errors = requiredErrors(organisationFields(editing), values);
  if (errors.length > 0) return { errors };
  const body: Record<string, unknown> = {
    name: single(values['name']).trim(),
    kind: single(values['kind']),
    partner: emptyAs(single(values['partner']), editing),
  };
  if (editing) body['active'] = single(values['active']) !== 'no';
  return { body: dropUndefined(body), errors };
}

export function parseUserForm(values: FormValues, editing: boolean): ParsedForm {
  const errors = requiredErrors(userFields(editing, []), values);
  if (errors.length > 0) return { errors };
  const body: Record<string, unknown> = {
    name: single(values['name']).trim(),
    email: single(values['email']).trim(),
    role: single(values['role']),
    organisationId: emptyAs(single(values['organisationId']), editing),
    partner: emptyAs(single(values['partner']), editing),
  };
  if (editing) body['disabled'] = single(values['disabled']) === 'yes';
  return { body: dropUndefined(body), errors };
}

const WHOLE = /^\d{1,4}$/;

/**
 * The settings form's answers as a change. The form sets clock lengths only: where the
 * partnership also moved a clock's start (`startsFrom`), that is kept from `current`.
 */
export function parseSettingsForm(values: FormValues, current: Record<string, { length?: number; startsFrom?: string }> = {}): ParsedForm {
  const fields = settingsFields();
  const errors = requiredErrors(fields, values);
  const number = (name: string, label: string): number | null | undefined => {
    const text = single(values[name]).trim();
    if (text === '') return null;
    if (!WHOLE.test(text)) {
      errors.push({ field: name, href: `#${name}`, text: `${label} must be a whole number, like 5` });
      return undefined;
    }
    return Number(text);
  };
  const clockOverrides: Record<string, { length?: number; startsFrom?: string }> = {};
  for (const [id, override] of Object.entries(current))
    if (override.startsFrom !== undefined) clockOverrides[id] = { startsFrom: override.startsFrom };
  for (const clock of adjustableClocks()) {
    const length = number(`clock-${clock.id}`, clock.title);
    if (typeof length === 'number') clockOverrides[clock.id] = { ...clockOverrides[clock.id], length };
  }
  const dueSoonWorkingDays = number('dueSoonWorkingDays', 'The due-soon window');
  if (errors.length > 0) return { errors };
  return {
    body: {
      name: single(values['name']).trim(),
      referencePrefix: single(values['referencePrefix']).trim(),
      reportingYearStartMonth: Number(single(values['reportingYearStartMonth'])),
      dueSoonWorkingDays,
      // One theme a line; none: back to free text.
      themes: themesOf(single(values['themes'])),
      clockOverrides,
    },
    errors,
  };
}

function themesOf(text: string): string[] | null {
  const themes = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return themes.length > 0 ? themes : null;
}

function dropUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * The service's field errors (`body.email`, `body.clockOverrides.rapid-review.length`) on the
 * form's fields; an error of no field goes on the first one.
 */
export function formErrorsFrom(issues: FieldIssue[], fields: FieldSpec[], fallback: string): FormError[] {
  const byName = new Map(fields.map((spec) => [spec.name, spec]));
  const errors: FormError[] = [];
  for (const issue of issues) {
    const parts = issue.path.split('.').slice(1);
    const name = parts[0] === 'clockOverrides' && parts[1] ? `clock-${parts[1] as ClockId}` : (parts[0] ?? '');
    const spec = byName.get(name) ?? fields[0]!;
    // The clock table names clocks by id (`rapid-review`); the page says what the field says.
    const message =
      name.startsWith('clock-') && byName.has(name) ? issue.message.split(name.slice('clock-'.length)).join(spec.label) : issue.message;
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    if (!errors.some((e) => e.field === spec.name)) errors.push({ field: spec.name, href: fieldHref(spec), text });
  }
  return errors.length > 0 ? errors : [{ field: fields[0]!.name, href: fieldHref(fields[0]!), text: fallback }];
}
