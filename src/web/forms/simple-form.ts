import {
  type FieldSpec,
  type FormError,
  type FormValues,
  fieldHref,
  many,
  readDate,
  readText,
  renderField,
  requiredMessage,
  single,
} from './govuk-fields.js';

/**
 * A short form read field by field: required fields present, dates whole, choices among the
 * offered options. What it returns is only what the user gave (strings, string arrays, dates as
 * `YYYY-MM-DD`); the service's own schema then decides whether it is valid.
 */
export function readSimpleForm(specs: readonly FieldSpec[], values: FormValues): { body: Record<string, unknown>; errors: FormError[] } {
  const body: Record<string, unknown> = {};
  const errors: FormError[] = [];
  for (const spec of specs) {
    const fail = (text: string) => errors.push({ field: spec.name, href: fieldHref(spec), text });
    if (spec.kind === 'fixed') {
      if (spec.fixedValue !== undefined) body[spec.name] = spec.fixedValue;
      continue;
    }
    if (spec.kind === 'date') {
      const read = readDate(spec, values);
      if (read.error) fail(read.error);
      else if (read.value) body[spec.name] = read.value;
      else if (!spec.optional) fail(requiredMessage(spec));
      continue;
    }
    if (spec.kind === 'checkboxes') {
      const offered = new Set((spec.options ?? []).map((option) => option.value));
      const chosen = many(values[spec.name]).filter((value) => offered.has(value));
      if (chosen.length > 0) body[spec.name] = chosen;
      else if (!spec.optional) fail(requiredMessage(spec));
      continue;
    }
    const text = readText(values, spec.name);
    if (text === undefined) {
      if (!spec.optional) fail(requiredMessage(spec));
      continue;
    }
    if (spec.kind === 'radios' || spec.kind === 'select' || spec.kind === 'yes-no') {
      const offered = spec.kind === 'yes-no' ? ['yes', 'no'] : (spec.options ?? []).map((option) => option.value);
      if (!offered.includes(text)) {
        fail(requiredMessage(spec));
        continue;
      }
    }
    if (spec.maxLength !== undefined && text.length > spec.maxLength) {
      fail(`${spec.label} must be ${spec.maxLength.toLocaleString('en-GB')} characters or fewer`);
      continue;
    }
    body[spec.name] = text;
  }
  return { body, errors };
}

/** The fields as the `field.njk` partial renders them, each with its value and error. */
export function renderSimpleForm(specs: readonly FieldSpec[], values: FormValues, errors: readonly FormError[]) {
  const errorOf = new Map(errors.map((error) => [error.field, error.text]));
  return specs.map((spec) => renderField(spec, values, errorOf.get(spec.name)));
}

/** A value the form sent back as the one hidden input it was given. */
export function hiddenValue(values: FormValues, name: string): string {
  return single(values[name]);
}
