import { describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/index.js';
import { IMPORT_COLUMNS } from '../../../src/imports/case-import.columns.js';
import { normaliseCell, parseCaseCsv } from '../../../src/imports/case-import.csv.js';
import { planCase } from '../../../src/imports/case-import.plan.js';

const header = IMPORT_COLUMNS.join(',');
const blank = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, ''])) as Record<(typeof IMPORT_COLUMNS)[number], string>;
const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');

describe('parseCaseCsv', () => {
  it('reads Excel CSV with a BOM and CRLF, numbering rows by their line in the file', () => {
    const parsed = parseCaseCsv(
      Buffer.from('\uFEFFreference,route,incidentOn,laAwareOn,ageBands,laArea\r\nA-1,referral,2025-01-01,2025-01-02,1-4,X\r\n'),
    );
    expect(parsed).toMatchObject({
      ok: true,
      rows: [{ line: 2, cells: { reference: 'A-1', route: 'referral', ageBands: '1-4', notifiedOn: '' } }],
    });
  });

  it('gives a row after a quoted line break the line it starts on', () => {
    const parsed = parseCaseCsv(
      csv(
        'reference,route,incidentOn,laAwareOn,ageBands,laArea',
        'A-1,referral,2025-01-01,2025-01-02,1-4,"two',
        'lines"',
        'A-2,referral,2025-01-01,2025-01-02,1-4,X',
      ),
    );
    expect(parsed.ok && parsed.rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it('names a missing required column, an unknown one and a repeated one on line 1', () => {
    const parsed = parseCaseCsv(csv('reference,route,route,colour', 'A,b,c,d'));
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { line: 1, column: 'route', message: 'this column appears twice' },
        { line: 1, column: 'colour', message: 'not a column of the template' },
        { line: 1, column: 'incidentOn', message: 'the header has no such column; it is required' },
        { line: 1, column: 'laAwareOn', message: 'the header has no such column; it is required' },
        { line: 1, column: 'ageBands', message: 'the header has no such column; it is required' },
        { line: 1, column: 'laArea', message: 'the header has no such column; it is required' },
      ],
    });
  });

  it('refuses bytes that are not UTF-8, and a row of the wrong length, by line', () => {
    expect(parseCaseCsv(Buffer.from([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, problems: [{ line: 1, column: null }] });
    expect(parseCaseCsv(csv(header, 'A,b'))).toMatchObject({ ok: false, problems: [{ line: 2, column: null }] });
  });
});

describe('normaliseCell', () => {
  it.each([
    ['notifiedOn', ' 5/6/2023 ', '2023-06-05'],
    ['notifiedOn', '05/06/2023', '2023-06-05'],
    ['notifiedOn', '2023-06-05', '2023-06-05'],
    ['notifiedOn', '2023/06/05', '2023/06/05'],
    ['rapidReviewLocalReview', 'Yes', 'yes'],
    ['rapidReviewLocalReview', 'NO', 'no'],
    ['reference', ' 5/6/2023 ', '5/6/2023'],
  ] as const)('%s %j reads as %j', (column, raw, expected) => {
    expect(normaliseCell(column, raw)).toBe(expected);
  });
});

describe('planCase', () => {
  const row = (cells: Partial<typeof blank>) => ({
    line: 7,
    cells: {
      ...blank,
      reference: 'OLD-1',
      route: 'serious-incident',
      incidentOn: '2025-01-03',
      laAwareOn: '2025-01-06',
      ageBands: '1-4',
      laArea: 'X',
      ...cells,
    },
  });

  it('lists every problem of a row by column', () => {
    const result = planCase(
      row({ route: 'sin', notifiedOn: '2025-13-01', rapidReviewDecidedOn: '2025-01-10', ageBands: 'toddler' }),
      '2025-06-16',
      defaultHolidayCalendar,
    );
    expect('problems' in result && result.problems.map((p) => `${p.line}:${p.column}`)).toEqual([
      '7:route',
      '7:notifiedOn',
      '7:ageBands',
      '7:rapidReviewLocalReview',
      '7:reasons',
    ]);
  });

  it('refuses a date after the day of the import', () => {
    const result = planCase(row({ notifiedOn: '2025-06-17' }), '2025-06-16', defaultHolidayCalendar);
    expect(result).toEqual({ problems: [{ line: 7, column: 'notifiedOn', message: 'is after today (2025-06-16)' }] });
  });

  it('sends a rapid review decision with the three sign-offs it implies, dated on the decision', () => {
    const result = planCase(
      row({
        notifiedOn: '2025-01-10',
        rapidReviewMeetingOn: '2025-01-15',
        rapidReviewDecidedOn: '2025-01-16',
        rapidReviewLocalReview: 'no',
        reasons: 'r',
      }),
      '2025-06-16',
      defaultHolidayCalendar,
    );
    if (!('plan' in result)) throw new Error('expected a plan');
    expect(result.plan.steps.map((s) => [s.event.type, s.on, s.inferred, s.partner ?? null])).toEqual([
      ['sin.submitted', '2025-01-10', false, null],
      ['rapid-review.meeting-held', '2025-01-15', false, null],
      ['rapid-review.decided', '2025-01-16', false, null],
      ['rapid-review.signed-off', '2025-01-16', true, 'local-authority'],
      ['rapid-review.signed-off', '2025-01-16', true, 'police'],
      ['rapid-review.signed-off', '2025-01-16', true, 'health'],
    ]);
  });

  it('sends the notice of a published review 7 working days before publication', () => {
    // 2025-02-12 (Wed) less 7 working days: 2025-02-03 (Mon).
    const result = planCase(
      row({ localReviewCommissionedOn: '2024-10-14', publishedOn: '2025-02-12', publishedAddress: 'https://example.org/r' }),
      '2025-06-16',
      defaultHolidayCalendar,
    );
    if (!('plan' in result)) throw new Error('expected a plan');
    expect(result.plan.steps.find((s) => s.event.type === 'publication.notice-sent')?.on).toBe('2025-02-03');
  });
});
