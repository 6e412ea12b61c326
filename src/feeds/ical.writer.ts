import { addDays, type CalendarDate } from '../calendar/calendar-date.js';

/**
 * A small iCalendar (RFC 5545) writer for deadline feeds: all-day VEVENTs only. Pure functions.
 * Lines end in CRLF, are folded at 75 octets (a continuation starts with one space and never
 * splits a UTF-8 character), and TEXT values escape backslash, semicolon, comma and newlines.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/**
 * Escapes a TEXT value (RFC 5545 3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`, any newline → `\n`.
 * Other control characters are dropped (they are not allowed in TEXT).
 * @example escapeText('a,b;c\\d\ne') //=> 'a\\,b\\;c\\\\d\\ne'
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point (RFC 5545 forbids them in TEXT)
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Folds one content line (RFC 5545 3.1): at most 75 octets per physical line, the break being
 * CRLF and a space; the space counts towards the next line's 75. Never splits a UTF-8 sequence.
 * @example foldLine('X'.repeat(80)) //=> 'X'×75 + '\r\n ' + 'X'×5
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** @example dateValue('2025-03-10') //=> '20250310' */
export function dateValue(date: CalendarDate): string {
  return date.replace(/-/g, '');
}

/** @example utcDateTime(new Date('2025-03-05T09:08:07.654Z')) //=> '20250305T090807Z' */
export function utcDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export interface AllDayEvent {
  /** Stable across feed requests, so a calendar updates the event instead of adding another. */
  uid: string;
  /** When the event's information last changed (UTC). */
  stamp: Date;
  date: CalendarDate;
  summary: string;
  description?: string;
  url?: string;
  /** Bumped when the date is revised, so clients take the new date. */
  sequence?: number;
  categories?: string[];
}

export interface CalendarDocument {
  prodId: string;
  name: string;
  events: readonly AllDayEvent[];
  /** How often clients should poll (an ISO 8601 duration such as PT1H). */
  refreshInterval?: string;
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

/** A URI value may hold neither control characters nor spaces. */
function uriValue(uri: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return uri.replace(/[\u0000-\u0020\u007f]/g, '');
}

/** The whole VCALENDAR, CRLF line endings, ending with a CRLF. */
export function writeCalendar(calendar: CalendarDocument): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    property('PRODID', calendar.prodId),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('X-WR-CALNAME', escapeText(calendar.name)),
  ];
  if (calendar.refreshInterval) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${calendar.refreshInterval}`, `X-PUBLISHED-TTL:${calendar.refreshInterval}`);
  }
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      property('UID', escapeText(event.uid)),
      `DTSTAMP:${utcDateTime(event.stamp)}`,
      `DTSTART;VALUE=DATE:${dateValue(event.date)}`,
      // DTEND of an all-day event is exclusive: the next day.
      `DTEND;VALUE=DATE:${dateValue(addDays(event.date, 1))}`,
      property('SUMMARY', escapeText(event.summary)),
    );
    if (event.description) lines.push(property('DESCRIPTION', escapeText(event.description)));
    if (event.url) lines.push(property('URL', uriValue(event.url)));
    if (event.categories && event.categories.length > 0) lines.push(property('CATEGORIES', event.categories.map(escapeText).join(',')));
    if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join(CRLF)}${CRLF}`;
}
