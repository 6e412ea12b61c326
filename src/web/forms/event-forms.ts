import type { z } from 'zod';
import { CalendarDateSchema } from '../../calendar/calendar-date.js';
import { CLOCK_RULES } from '../../calendar/clock-rules.js';
import type { Principal } from '../../access/principal.js';
import { EVENT_SCHEMAS, type EventType } from '../../../workflows/case-events.schema.js';
import { FIELD_HINTS, PARTNER_LABELS, REQUIRED_MESSAGES, fieldLabel, valueLabel } from '../labels.js';
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
} from './govuk-fields.js';

/**
 * A form for each case event, built from the event's own zod schema (workflows/case-events.schema.ts):
 * the schema's shape says which fields there are and of what type, so a new field in the schema
 * appears on the page without a template change. Identifiers are offered as choices (the
 * partnership's organisations, its reviewers); a partner lead's partner and an agency user's own
 * organisation are fixed, because the rules allow no other.
 */

export interface EventFormContext {
  principal: Principal;
  organisations: { id: string; name: string }[];
  reviewers: { id: string; name: string }[];
  /** Organisations asked for information that have not returned it yet. */
  pendingAgencies: string[];
  /** Open clocks whose due date may be revised. */
  extendableClocks: string[];
  /** The case's rapid review meetings (src/meetings), for the decision's `meetingId`; none: the field is left out. */
  meetings?: { id: string; text: string }[];
}

type AnySchema = z.ZodType & { def: { type: string }; unwrap?: () => AnySchema };

interface ShapeField {
  name: string;
  schema: AnySchema;
  optional: boolean;
}

function shapeOf(type: EventType): ShapeField[] {
  const client = EVENT_SCHEMAS[type].client as unknown as { shape: Record<string, AnySchema> };
  return Object.entries(client.shape)
    .filter(([name]) => name !== 'type')
    .map(([name, schema]) => {
      const optional = schema.def.type === 'optional';
      return { name, schema: optional ? schema.unwrap!() : schema, optional };
    });
}

/** The form id of an event: `rapid-review.decided` → `rapid-review-decided`. */
export function eventFormId(type: string): string {
  return type.replace(/[^a-z0-9]+/gi, '-');
}

function organisationName(context: EventFormContext, id: string): string {
  return context.organisations.find((organisation) => organisation.id === id)?.name ?? id;
}

/** The fields of an event's form, in the schema's order. */
export function eventFieldSpecs(type: EventType, context: EventFormContext): FieldSpec[] {
  const formId = eventFormId(type);
  const fields = shapeOf(type).filter(({ name }) => name !== 'meetingId' || (context.meetings?.length ?? 0) > 0);
  return fields.map(({ name, schema, optional }): FieldSpec => {
    const base = {
      name,
      id: `${formId}-${name}`,
      label: fieldLabel(name),
      optional,
      ...(FIELD_HINTS[name] ? { hint: FIELD_HINTS[name] } : {}),
      ...(REQUIRED_MESSAGES[name] ? { requiredText: REQUIRED_MESSAGES[name] } : {}),
    };
    const kind = schema.def.type;
    if (schema === (CalendarDateSchema as unknown)) return { ...base, kind: 'date' };
    if (name === 'partner' && context.principal.partner) {
      return {
        ...base,
        kind: 'fixed',
        fixedValue: context.principal.partner,
        fixedText: PARTNER_LABELS[context.principal.partner] ?? context.principal.partner,
      };
    }
    if (name === 'agency') {
      if (context.principal.role === 'agency' && context.principal.organisationId) {
        const own = context.principal.organisationId;
        return { ...base, kind: 'fixed', fixedValue: own, fixedText: organisationName(context, own) };
      }
      return {
        ...base,
        kind: 'radios',
        options: context.pendingAgencies.map((id) => ({ value: id, text: organisationName(context, id) })),
      };
    }
    if (name === 'agencies') {
      return {
        ...base,
        kind: 'checkboxes',
        options: context.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name })),
      };
    }
    if (name === 'organisationId') {
      return {
        ...base,
        kind: 'radios',
        options: context.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name })),
      };
    }
    if (kind === 'number') return { ...base, kind: 'number', classes: 'govuk-input--width-5' };
    if (name === 'reviewerId') {
      return { ...base, kind: 'radios', options: context.reviewers.map((reviewer) => ({ value: reviewer.id, text: reviewer.name })) };
    }
    if (name === 'meetingId') {
      return { ...base, kind: 'radios', options: (context.meetings ?? []).map((meeting) => ({ value: meeting.id, text: meeting.text })) };
    }
    if (name === 'clockId') {
      return { ...base, kind: 'radios', options: context.extendableClocks.map((id) => ({ value: id, text: valueLabel(id) })) };
    }
    if (kind === 'boolean') return { ...base, kind: 'yes-no' };
    if (kind === 'enum') {
      const options = (schema as unknown as { options: string[] }).options.map((value) => ({ value, text: valueLabel(value) }));
      return { ...base, kind: 'radios', options };
    }
    if (kind === 'array') {
      const element = (schema as unknown as { element: AnySchema }).element;
      const options =
        element.def.type === 'enum'
          ? (element as unknown as { options: string[] }).options.map((value) => ({ value, text: valueLabel(value) }))
          : [];
      return { ...base, kind: 'checkboxes', options };
    }
    const text = schema as unknown as { maxLength?: number | null; format?: string | null };
    if (text.format === 'url') return { ...base, kind: 'text', inputType: 'url', maxLength: text.maxLength ?? 2000 };
    if ((text.maxLength ?? 0) > 200) return { ...base, kind: 'textarea', maxLength: text.maxLength ?? undefined };
    return { ...base, kind: 'text', maxLength: text.maxLength ?? undefined, classes: 'govuk-!-width-two-thirds' };
  });
}

/**
 * Fields asked only for one answer of another: shown under that answer (GOV.UK conditional
 * reveal) and, without JavaScript, read only when that answer is chosen, so a value typed under
 * another outcome is ignored rather than refused.
 */
const REVEALED_BY: Partial<Record<EventType, Record<string, { field: string; value: string }>>> = {
  'referral.screened': {
    learningType: { field: 'outcome', value: 'alternative-learning' },
    process: { field: 'outcome', value: 'refer-elsewhere' },
  },
};

function revealedBy(type: EventType, name: string): { field: string; value: string } | undefined {
  return REVEALED_BY[type]?.[name];
}

/** An event's fields as rendered, each conditional field nested under the answer that asks it. */
export function renderEventFields(
  type: EventType,
  context: EventFormContext,
  values: FormValues,
  errorOf: ReadonlyMap<string, string>,
): RenderedField[] {
  const specs = eventFieldSpecs(type, context);
  return specs
    .filter((spec) => !revealedBy(type, spec.name))
    .map((spec) => {
      const rendered = renderField(spec, values, errorOf.get(spec.name));
      const nested = specs.filter((candidate) => revealedBy(type, candidate.name)?.field === spec.name);
      if (nested.length === 0) return rendered;
      const conditionals: Record<string, RenderedField[]> = {};
      for (const child of nested) {
        const value = revealedBy(type, child.name)!.value;
        (conditionals[value] ??= []).push(renderField(child, values, errorOf.get(child.name)));
      }
      return { ...rendered, conditionals };
    });
}

/** A zod issue in words a user can act on. */
function issueMessage(spec: FieldSpec, issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return requiredMessage(spec);
  if (issue.code === 'too_small' && spec.kind === 'checkboxes') return requiredMessage(spec);
  if (issue.code === 'too_big' && (issue as { origin?: string }).origin === 'string') {
    return `${spec.label} must be ${(issue as { maximum: number | bigint }).maximum} characters or fewer`;
  }
  if (spec.kind === 'date') return `${spec.label} must be a real date`;
  if (issue.code === 'invalid_format' && spec.inputType === 'url') return 'Enter a web address starting https:// or http://';
  if (issue.code === 'invalid_value') return requiredMessage(spec);
  const text = issue.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ParsedEventForm {
  /** `{ type, ...fields }`, as a client sends it, when the form is valid. */
  event?: Record<string, unknown>;
  errors: FormError[];
}

/**
 * Reads an event's form into the event a client would send, and checks it with the same schema
 * the service uses, so the user sees each problem next to its field.
 */
export function parseEventForm(type: EventType, values: FormValues, context: EventFormContext): ParsedEventForm {
  const specs = eventFieldSpecs(type, context);
  const errors: FormError[] = [];
  const event: Record<string, unknown> = { type };
  for (const spec of specs) {
    const reveal = revealedBy(type, spec.name);
    if (reveal && single(values[reveal.field]) !== reveal.value) continue;
    switch (spec.kind) {
      case 'fixed':
        event[spec.name] = spec.fixedValue;
        break;
      case 'date': {
        const read = readDate(spec, values);
        if (read.error) errors.push({ field: spec.name, href: fieldHref(spec), text: read.error });
        else if (read.value !== undefined) event[spec.name] = read.value;
        break;
      }
      case 'yes-no': {
        const answer = single(values[spec.name]);
        if (answer === 'yes' || answer === 'no') event[spec.name] = answer === 'yes';
        break;
      }
      case 'checkboxes':
        event[spec.name] = many(values[spec.name]);
        break;
      case 'number': {
        const text = readText(values, spec.name);
        if (text === undefined) break;
        if (/^\d{1,7}$/.test(text)) event[spec.name] = Number(text);
        else errors.push({ field: spec.name, href: fieldHref(spec), text: `${spec.label} must be a whole number, like 25` });
        break;
      }
      default: {
        const text = readText(values, spec.name);
        if (text !== undefined) event[spec.name] = text;
      }
    }
  }
  const parsed = EVENT_SCHEMAS[type].client.safeParse(event);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (errors.some((error) => error.field === name)) continue;
      const spec = specs.find((candidate) => candidate.name === name);
      if (!spec) {
        errors.push({ field: 'form', href: `#${eventFormId(type)}`, text: issue.message });
        continue;
      }
      // A conditional field left empty under its answer: asked for, in the words of a required field.
      const text = revealedBy(type, name) && event[name] === undefined ? requiredMessage(spec) : issueMessage(spec, issue);
      errors.push({ field: name, href: fieldHref(spec), text });
    }
  }
  // Report in the order the fields appear, as the error summary should.
  const order = new Map(specs.map((spec, index) => [spec.name, index]));
  errors.sort((a, b) => (order.get(a.field) ?? -1) - (order.get(b.field) ?? -1));
  return errors.length > 0 ? { errors } : { event, errors };
}

/**
 * Clocks a user may revise: open (neither met nor lapsed) and extendable. The publication notice
 * is not offered: it moves only with a new publication decision (machine version 3).
 */
export function extendableClockIds(deadlines: { clockId: string; metOn: string | null; lapsedOn?: string | null }[]): string[] {
  const extendable = new Set(
    CLOCK_RULES.filter((rule) => rule.extendable && rule.id !== 'publication-notice').map((rule) => rule.id as string),
  );
  return deadlines
    .filter((deadline) => deadline.metOn === null && !deadline.lapsedOn && extendable.has(deadline.clockId))
    .map((deadline) => deadline.clockId);
}
