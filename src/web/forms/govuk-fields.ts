/**
 * Form fields described once (what they ask) and turned into the parameters of the GOV.UK
 * Frontend Nunjucks macros (how they look), so a form is data that the `field.njk` partial renders
 * and a unit test can read. Values come back from the form as strings (or arrays of strings for
 * repeated names); a date is three inputs, `NAME-day`, `NAME-month`, `NAME-year`.
 */

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'radios' | 'checkboxes' | 'select' | 'yes-no' | 'fixed';

export interface FieldOption {
  value: string;
  text: string;
  hint?: string;
}

export interface FieldSpec {
  /** The input's name in the form body. */
  name: string;
  /** The element id (unique on the page); a date's inputs are `ID-day`, `ID-month`, `ID-year`. */
  id: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  optional?: boolean;
  options?: FieldOption[];
  maxLength?: number;
  /** For `fixed`: the value sent (as a hidden input) and what the user is shown instead of a control. */
  fixedValue?: string;
  fixedText?: string;
  /** Extra classes for the input (width). */
  classes?: string;
  inputType?: 'text' | 'url' | 'email';
  /** The error when a required field is left empty, where the generic one reads badly. */
  requiredText?: string;
}

export type FormValues = Record<string, string | string[] | undefined>;

export interface FormError {
  /** The field's name (or a name of our own, such as `form`). */
  field: string;
  /** Where the error summary links to. */
  href: string;
  text: string;
}

export interface RenderedField {
  macro: 'govukInput' | 'govukTextarea' | 'govukRadios' | 'govukCheckboxes' | 'govukSelect' | 'govukDateInput' | 'fixed';
  params: Record<string, unknown>;
  /** For radios: the fields revealed under an answer (by its value). */
  conditionals?: Record<string, RenderedField[]>;
}

/** The first value of a form field (a repeated name gives an array). */
export function single(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/** Every value of a form field (checkboxes). */
export function many(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === '' ? [] : [value];
}

/** The anchor an error summary links to for a field: the first input it renders. */
export function fieldHref(spec: Pick<FieldSpec, 'id' | 'kind'>): string {
  return spec.kind === 'date' ? `#${spec.id}-day` : `#${spec.id}`;
}

function labelText(spec: FieldSpec): string {
  return spec.optional ? `${spec.label} (optional)` : spec.label;
}

function choices(spec: FieldSpec, checked: (value: string) => boolean) {
  return (spec.options ?? []).map((option, index) => ({
    value: option.value,
    text: option.text,
    ...(option.hint ? { hint: { text: option.hint } } : {}),
    // GOV.UK's radios and checkboxes give the first item the field's own id, so errors link to it.
    id: index === 0 ? spec.id : `${spec.id}-${index + 1}`,
    checked: checked(option.value),
  }));
}

/** The macro and its parameters for one field, with the value shown and its error, if any. */
export function renderField(spec: FieldSpec, values: FormValues, error?: string): RenderedField {
  const errorMessage = error ? { text: error } : undefined;
  const hint = spec.hint ? { text: spec.hint } : undefined;
  const legend = { text: labelText(spec), classes: 'govuk-fieldset__legend--s' };
  /** What a single labelled input and a textarea share. */
  const labelledField = () => ({
    id: spec.id,
    name: spec.name,
    label: { text: labelText(spec), classes: 'govuk-label--s' },
    hint,
    errorMessage,
    value: single(values[spec.name]),
  });
  switch (spec.kind) {
    case 'fixed':
      return {
        macro: 'fixed',
        params: { name: spec.name, value: spec.fixedValue ?? '', label: spec.label, text: spec.fixedText ?? spec.fixedValue ?? '' },
      };
    case 'text':
    case 'number':
      return {
        macro: 'govukInput',
        params: {
          ...labelledField(),
          classes: spec.classes ?? (spec.kind === 'number' ? 'govuk-input--width-3' : undefined),
          type: spec.inputType ?? 'text',
          ...(spec.kind === 'number' ? { inputmode: 'numeric', spellcheck: false } : {}),
          ...(spec.inputType === 'url' ? { spellcheck: false, autocomplete: 'url' } : {}),
        },
      };
    case 'textarea':
      return {
        macro: 'govukTextarea',
        params: {
          ...labelledField(),
          rows: 4,
        },
      };
    case 'date':
      return {
        macro: 'govukDateInput',
        params: {
          id: spec.id,
          namePrefix: spec.name,
          fieldset: { legend },
          hint: { text: spec.hint ?? 'For example, 27 3 2025' },
          errorMessage,
          items: (['day', 'month', 'year'] as const).map((part) => ({
            name: part,
            label: part.charAt(0).toUpperCase() + part.slice(1),
            classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${error ? ' govuk-input--error' : ''}`,
            value: single(values[`${spec.name}-${part}`]),
            inputmode: 'numeric',
          })),
        },
      };
    case 'yes-no':
      return {
        macro: 'govukRadios',
        params: {
          idPrefix: spec.id,
          name: spec.name,
          classes: 'govuk-radios--inline',
          fieldset: { legend },
          hint,
          errorMessage,
          items: choices(
            {
              ...spec,
              options: [
                { value: 'yes', text: 'Yes' },
                { value: 'no', text: 'No' },
              ],
            },
            (value) => single(values[spec.name]) === value,
          ),
        },
      };
    case 'radios':
      return {
        macro: 'govukRadios',
        params: {
          idPrefix: spec.id,
          name: spec.name,
          fieldset: { legend },
          hint,
          errorMessage,
          items: choices(spec, (value) => single(values[spec.name]) === value),
        },
      };
    case 'checkboxes':
      return {
        macro: 'govukCheckboxes',
        params: {
          idPrefix: spec.id,
          name: spec.name,
          fieldset: { legend },
          hint,
          errorMessage,
          items: choices(spec, (value) => many(values[spec.name]).includes(value)),
        },
      };
    case 'select':
      return {
        macro: 'govukSelect',
        params: {
          id: spec.id,
          name: spec.name,
          label: { text: labelText(spec), classes: 'govuk-label--s' },
          hint,
          errorMessage,
          items: [
            { value: '', text: spec.optional ? 'None' : 'Choose…' },
            ...(spec.options ?? []).map((option) => ({
              value: option.value,
              text: option.text,
              selected: single(values[spec.name]) === option.value,
            })),
          ],
        },
      };
  }
}

/** Lower-cases a label's first letter unless it starts a proper name (`Panel`) or an acronym. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) && !/^(Panel|Ofsted|Police|Health)\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function withArticle(label: string): string {
  const lowered = lowerFirst(label);
  return /^(the|a|an|is|might|what|who)\b/i.test(lowered) ? lowered : `the ${lowered}`;
}

/** The GOV.UK error message for a required field left empty. */
export function requiredMessage(spec: FieldSpec): string {
  if (spec.requiredText) return spec.requiredText;
  switch (spec.kind) {
    case 'yes-no':
      return `Select yes or no: ${lowerFirst(spec.label)}`;
    case 'radios':
    case 'select':
      return `Select ${withArticle(spec.label)}`;
    case 'checkboxes':
      return `Select at least one: ${lowerFirst(spec.label)}`;
    default:
      return `Enter ${withArticle(spec.label)}`;
  }
}

export type DateRead = { value?: string; error?: string };

/**
 * Reads a GOV.UK date input: all three parts empty is "not given"; anything else must be a whole
 * day, month and year, returned as `YYYY-MM-DD` (whether that day exists is the schema's check).
 */
export function readDate(spec: Pick<FieldSpec, 'name' | 'label'>, values: FormValues): DateRead {
  const parts = (['day', 'month', 'year'] as const).map((part) => single(values[`${spec.name}-${part}`]).trim());
  const [day, month, year] = parts as [string, string, string];
  if (!day && !month && !year) return {};
  const missing = (['day', 'month', 'year'] as const).filter((_, index) => !parts[index]);
  if (missing.length > 0) return { error: `${spec.label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: `${spec.label} must be a real date` };
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
}

/** Reads a text field: trimmed, and an empty one is "not given". */
export function readText(values: FormValues, name: string): string | undefined {
  const text = single(values[name]).trim();
  return text === '' ? undefined : text;
}
