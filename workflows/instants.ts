/**
 * Instants (`at`, set by the server on every event) and the calendar day they fall on in England.
 * No clock reads: the instant always comes in from outside.
 */
import { z } from 'zod';
import type { CalendarDate } from '../src/calendar/index.js';

/** An ISO 8601 instant with `Z` or an offset, e.g. `2025-03-03T10:00:00Z`. */
export const InstantSchema = z.iso.datetime({ offset: true });

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England (Europe/London, so BST is respected) of an ISO instant.
 * @example londonDateOf('2025-06-30T23:30:00Z') //=> '2025-07-01' (00:30 BST)
 */
export function londonDateOf(at: string): CalendarDate {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`${JSON.stringify(at)} is not an ISO instant`);
  const parts = londonDay.formatToParts(ms);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
