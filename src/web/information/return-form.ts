import type { ReturnAnswer } from '../../information/information.model.js';
import { type FormError, type FormValues, readDate, single } from '../forms/govuk-fields.js';

/**
 * The agency return form, as data: what it reads from the posted fields and how it shows an
 * answer again. Chronology rows are `chronology-N-day|month|year` and `chronology-N-contact`; a
 * row left wholly empty is no entry. Pure.
 */

/** How many empty chronology rows the form offers below the saved ones. */
export const BLANK_CHRONOLOGY_ROWS = 2;
export const MAX_CHRONOLOGY_ROWS = 200;

export interface ChronologyRow {
  index: number;
  day: string;
  month: string;
  year: string;
  contact: string;
  error?: string;
}

/** The rows the form shows: the posted ones (after an error) or the saved ones, then blank ones. */
export function chronologyRows(source: { values?: FormValues; answer?: ReturnAnswer | null }, errors: FormError[] = []): ChronologyRow[] {
  const rows: ChronologyRow[] = [];
  if (source.values) {
    for (let index = 1; index <= MAX_CHRONOLOGY_ROWS; index += 1) {
      const key = `chronology-${index}`;
      if (!(`${key}-contact` in source.values) && !(`${key}-day` in source.values)) break;
      const error = errors.find((candidate) => candidate.field === key)?.text;
      rows.push({
        index,
        day: single(source.values[`${key}-day`]),
        month: single(source.values[`${key}-month`]),
        year: single(source.values[`${key}-year`]),
        contact: single(source.values[`${key}-contact`]),
        ...(error ? { error } : {}),
      });
    }
  } else {
    for (const [offset, entry] of (source.answer?.chronology ?? []).entries()) {
      const [year, month, day] = entry.on.split('-');
      rows.push({ index: offset + 1, day: String(Number(day)), month: String(Number(month)), year: year!, contact: entry.contact });
    }
  }
  const used = rows.filter((row) => row.day || row.month || row.year || row.contact.trim()).length;
  const wanted = Math.min(MAX_CHRONOLOGY_ROWS, Math.max(rows.length, used + BLANK_CHRONOLOGY_ROWS));
  for (let index = rows.length + 1; index <= wanted; index += 1) rows.push({ index, day: '', month: '', year: '', contact: '' });
  return rows;
}

/**
 * The answer the form posted, or the errors that stop it. Attachments are not on this form: the
 * documents already attached are kept as they are.
 */
export function readReturnForm(values: FormValues, documentIds: string[]): { answer?: ReturnAnswer; errors: FormError[] } {
  const errors: FormError[] = [];
  const chronology: ReturnAnswer['chronology'] = [];
  for (let index = 1; index <= MAX_CHRONOLOGY_ROWS; index += 1) {
    const key = `chronology-${index}`;
    if (!(`${key}-contact` in values) && !(`${key}-day` in values)) break;
    const contact = single(values[`${key}-contact`]).trim();
    const date = readDate({ name: key, label: `The date of contact ${index}` }, values);
    if (!contact && !date.value && !date.error) continue; // an empty row
    if (date.error) errors.push({ field: key, href: `#${key}-day`, text: date.error });
    else if (!date.value) errors.push({ field: key, href: `#${key}-day`, text: `Enter the date of contact ${index}` });
    else if (!contact) errors.push({ field: key, href: `#${key}-contact`, text: `Enter what happened at contact ${index}` });
    else chronology.push({ on: date.value, contact });
  }
  const text = (name: string) => single(values[name]).trim();
  if (errors.length > 0) return { errors };
  return { answer: { summary: text('summary'), chronology, analysis: text('analysis'), learning: text('learning'), documentIds }, errors };
}
