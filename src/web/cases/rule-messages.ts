import type { RuleViolationError } from '../../errors/app-errors.js';
import { clockTitle, fieldLabel, formatDate, valueLabel } from '../labels.js';

/**
 * A rule's refusal as a sentence for the person at the form. The workflow's messages are written
 * for API clients (`submittedOn 2026-12-03 is after the day it is recorded (2026-11-29)`); the
 * common date rules get their own wording here, and any other message has its field names, dates,
 * clock ids and partner codes put into words.
 */
export function ruleMessage(error: Pick<RuleViolationError, 'message' | 'rule'>): { text: string; field?: string } {
  const dated = /^(\w+) (\d{4}-\d{2}-\d{2}) is (after|before) .*\((\d{4}-\d{2}-\d{2})\)$/.exec(error.message);
  if (dated && (error.rule === 'date-in-future' || error.rule === 'date-before-incident')) {
    const [, field = '', on = '', , limit = ''] = dated;
    const label = fieldLabel(field);
    const text =
      error.rule === 'date-in-future'
        ? `${label} must be today or in the past: ${formatDate(on)} is after today, ${formatDate(limit)}`
        : `${label} must be on or after the date of the incident, ${formatDate(limit)}`;
    return { text, field };
  }
  return { text: sentence(readable(error.message)) };
}

/** Dates written out, and the codes a person would not know put into words. */
function readable(message: string): string {
  return message
    .replace(/\bthe ([a-z]+(?:-[a-z]+)+) clock\b/g, (_, id: string) => `the deadline “${clockTitle(id)}”`)
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => formatDate(date))
    .replace(/\b(local-authority|police|health)\b/g, (partner) => valueLabel(partner))
    .replace(/\b([a-z]+[A-Z][A-Za-z]*)\b/g, (name) => fieldLabel(name).toLowerCase());
}

/** Capitalised; no full stop, as GOV.UK error messages have none. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
