import { describe, expect, it } from 'vitest';
import { dateValue, escapeText, foldLine, utcDateTime, writeCalendar } from '../../../src/feeds/ical.writer.js';

describe('escapeText (RFC 5545 3.3.11)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['back\\slash', 'back\\\\slash'],
    ['line\nbreak', 'line\\nbreak'],
    ['crlf\r\nbreak', 'crlf\\nbreak'],
    ['cr\rbreak', 'cr\\nbreak'],
    // The backslash is escaped first, so an escaped comma is not escaped twice.
    ['\\,', '\\\\\\,'],
    ['tab\tkept, bell\u0007 dropped', 'tab\tkept\\, bell dropped'],
    ['NTH-2025-0001: Rapid review; sent, to Panel', 'NTH-2025-0001: Rapid review\\; sent\\, to Panel'],
  ])('%j → %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe('foldLine (75 octets, continuation starts with one space)', () => {
  it('leaves a line of 75 octets alone', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`;
    expect(Buffer.byteLength(line)).toBe(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds a 76-octet line after 75 octets', () => {
    expect(foldLine(`SUMMARY:${'x'.repeat(68)}`)).toBe(`SUMMARY:${'x'.repeat(67)}\r\n x`);
  });

  it('folds 160 octets as 75, then 74 after the space, then the rest', () => {
    const line = 'D'.repeat(160);
    expect(foldLine(line)).toBe(`${'D'.repeat(75)}\r\n ${'D'.repeat(74)}\r\n ${'D'.repeat(11)}`);
  });

  it('never splits a two-octet character: 8 + 33×2 = 74 octets fit, the 34th é would make 76', () => {
    const line = `SUMMARY:${'é'.repeat(40)}`;
    expect(foldLine(line)).toBe(`SUMMARY:${'é'.repeat(33)}\r\n ${'é'.repeat(7)}`);
  });

  it('never splits a three-octet character: 2 + 24×3 = 74 octets fit, the 25th € would make 77', () => {
    const line = `X:${'€'.repeat(30)}`;
    const folded = foldLine(line);
    expect(folded).toBe(`X:${'€'.repeat(24)}\r\n ${'€'.repeat(6)}`);
    for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
  });
});

describe('date values', () => {
  it('formats a DATE and a UTC DATE-TIME', () => {
    expect(dateValue('2025-03-10')).toBe('20250310');
    expect(utcDateTime(new Date('2025-03-05T09:08:07.654Z'))).toBe('20250305T090807Z');
  });
});

describe('writeCalendar', () => {
  it('writes a VCALENDAR with all-day VEVENTs, CRLF endings, escaped and folded', () => {
    const ics = writeCalendar({
      prodId: '-//Synthetic//Test//EN',
      name: 'North, deadlines',
      refreshInterval: 'PT1H',
      events: [
        {
          uid: 'case-ab12-sin-notification@safeguarding-review-engine',
          stamp: new Date('2025-03-05T09:30:00Z'),
          date: '2025-12-31',
          summary: 'NTH-2025-0001: Death of a looked-after child or care leaver notified to the Secretary of State and Ofsted',
          description: 'Case NTH-2025-0001\nDue: 2025-12-31',
          url: 'https://scp.example.org/api/cases/ab12',
          sequence: 1,
          categories: ['Deadline'],
        },
      ],
    });
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Synthetic//Test//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:North\\, deadlines',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
        'BEGIN:VEVENT',
        'UID:case-ab12-sin-notification@safeguarding-review-engine',
        'DTSTAMP:20250305T093000Z',
        'DTSTART;VALUE=DATE:20251231',
        // The end of an all-day event is exclusive: the next day, here in the next year.
        'DTEND;VALUE=DATE:20260101',
        // "SUMMARY:" (8) + 15 + 90 characters = 113 octets: 75 on the first line, the other 38 after a space.
        'SUMMARY:NTH-2025-0001: Death of a looked-after child or care leaver notifie',
        ' d to the Secretary of State and Ofsted',
        'DESCRIPTION:Case NTH-2025-0001\\nDue: 2025-12-31',
        'URL:https://scp.example.org/api/cases/ab12',
        'CATEGORIES:Deadline',
        'SEQUENCE:1',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('writes an empty calendar when there is nothing due', () => {
    const ics = writeCalendar({ prodId: '-//Synthetic//Test//EN', name: 'Empty', events: [] });
    expect(ics).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Synthetic//Test//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Empty\r\nEND:VCALENDAR\r\n',
    );
  });
});
