/** Words for the yearly report's reviews (page and Word file alike). */
import { valueLabel } from '../labels.js';

const REVIEW_KINDS: Record<string, string> = {
  statutory: 'statutory review (rapid review after a notification, or LCSPR)',
  local: 'local review without a notification',
  national: 'national review',
};

/** @example reviewKindLabel('local') //=> 'local review without a notification' */
export function reviewKindLabel(kind: string): string {
  return REVIEW_KINDS[kind] ?? kind;
}

/** @example disseminationLabel('seven-minute-briefing') //=> '7-minute briefing' */
export function disseminationLabel(kind: string): string {
  return valueLabel(kind);
}
