import { describe, it, expect } from 'vitest';
import {
  CLOCK_RULES,
  ClockOverridesSchema,
  clockRule,
  clockRulesStartingFrom,
  computeDueOn,
  resolveClockRules,
  type ClockRule,
} from '../../../src/calendar/clock-rules.js';
import { defaultHolidayCalendar as cal, MissingHolidayDataError } from '../../../src/calendar/bank-holidays.js';
import { ValidationError } from '../../../src/errors/app-errors.js';

describe('CLOCK_RULES (the DOMAIN.md clock table)', () => {
  type Row = [
    ClockRule['id'],
    ClockRule['startsFrom'],
    number,
    ClockRule['unit'],
    ClockRule['direction'],
    ClockRule['status'],
    boolean,
    boolean,
  ];
  // id, startsFrom, length, unit, direction, status, soft, extendable
  const table: Row[] = [
    ['sin-notification', 'la-aware', 5, 'working-days', 'after', 'statutory', false, false],
    ['partners-informed', 'la-aware', 5, 'working-days', 'after', 'guidance', false, false],
    ['child-death-notification', 'la-aware', 5, 'working-days', 'after', 'guidance', false, false],
    ['rapid-review', 'partners-aware', 15, 'working-days', 'after', 'guidance', false, false],
    ['agency-returns', 'partners-aware', 10, 'working-days', 'after', 'local', false, false],
    ['rapid-review-meeting', 'partners-aware', 12, 'working-days', 'after', 'local', false, false],
    ['partner-sign-off', 'partners-aware', 14, 'working-days', 'after', 'local', false, false],
    ['panel-response', 'rapid-review-submitted', 10, 'working-days', 'after', 'local', true, false],
    ['lcspr-publication', 'commissioned', 6, 'months', 'after', 'guidance', false, true],
    ['publication-notice', 'planned-publication', 7, 'working-days', 'before', 'guidance', false, true],
    ['report-kept-published', 'published', 1, 'years', 'after', 'guidance', false, false],
  ];

  it('has one row per clock, in this order', () => {
    expect(CLOCK_RULES.map((r) => r.id)).toEqual(table.map((r) => r[0]));
  });

  it.each(table)(
    '%s: from %s, %i %s %s, %s, soft %s, extendable %s',
    (id, startsFrom, length, unit, direction, status, soft, extendable) => {
      expect(clockRule(id)).toMatchObject({ id, startsFrom, length, unit, direction, status, soft, extendable });
      expect(clockRule(id).title.length).toBeGreaterThan(0);
      expect(clockRule(id).source.length).toBeGreaterThan(0);
    },
  );

  it('is frozen', () => {
    expect(() => {
      (CLOCK_RULES[0] as ClockRule).length = 10;
    }).toThrow(TypeError);
    expect(() => (CLOCK_RULES as ClockRule[]).push(CLOCK_RULES[0]!)).toThrow(TypeError);
  });
});

describe('clockRulesStartingFrom', () => {
  it.each([
    ['la-aware', ['sin-notification', 'partners-informed', 'child-death-notification']],
    ['partners-aware', ['rapid-review', 'agency-returns', 'rapid-review-meeting', 'partner-sign-off']],
    ['rapid-review-submitted', ['panel-response']],
    ['commissioned', ['lcspr-publication']],
    ['planned-publication', ['publication-notice']],
    ['published', ['report-kept-published']],
  ] as const)('%s → %j', (anchor, ids) => {
    expect(clockRulesStartingFrom(anchor).map((r) => r.id)).toEqual(ids);
  });

  it('uses the resolved rules it is given', () => {
    const rules = resolveClockRules({ 'agency-returns': { startsFrom: 'la-aware' } });
    expect(clockRulesStartingFrom('la-aware', rules).map((r) => r.id)).toContain('agency-returns');
    expect(clockRulesStartingFrom('partners-aware', rules).map((r) => r.id)).not.toContain('agency-returns');
  });
});

describe('computeDueOn', () => {
  // Anchor Friday 19 December 2025 for every clock (worked by hand: 25, 26 Dec 2025 and
  // 1 Jan 2026 are holidays; working days after 19 Dec: 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7,
  // 8, 9, 12, 13, 14 Jan).
  it.each([
    ['sin-notification', '2025-12-30'],
    ['partners-informed', '2025-12-30'],
    ['child-death-notification', '2025-12-30'],
    ['rapid-review', '2026-01-14'],
    ['agency-returns', '2026-01-07'],
    ['rapid-review-meeting', '2026-01-09'],
    ['partner-sign-off', '2026-01-13'],
    ['panel-response', '2026-01-07'],
    ['lcspr-publication', '2026-06-19'],
    ['publication-notice', '2025-12-10'], // 18, 17, 16, 15, 12, 11, 10 Dec
    ['report-kept-published', '2026-12-19'],
  ] as const)('%s from 2025-12-19 is due %s', (id, due) => {
    expect(computeDueOn(clockRule(id), '2025-12-19', cal)).toBe(due);
  });

  it.each([
    ['sin-notification', '2024-02-29', '2024-03-07'],
    ['rapid-review', '2024-02-29', '2024-03-21'],
    ['lcspr-publication', '2023-08-31', '2024-02-29'],
    ['lcspr-publication', '2022-08-31', '2023-02-28'],
    ['lcspr-publication', '2024-02-29', '2024-08-29'],
    ['report-kept-published', '2024-02-29', '2025-02-28'],
    ['publication-notice', '2025-01-06', '2024-12-23'],
    ['publication-notice', '2024-03-04', '2024-02-22'], // 1 Mar, 29, 28, 27, 26, 23, 22 Feb
  ] as const)('%s from %s is due %s', (id, anchor, due) => {
    expect(computeDueOn(clockRule(id), anchor, cal)).toBe(due);
  });

  it('a working-day clock in a year without data is an error; a month clock needs no holiday data', () => {
    expect(() => computeDueOn(clockRule('sin-notification'), '2028-01-04', cal)).toThrow(MissingHolidayDataError);
    expect(() => computeDueOn(clockRule('rapid-review'), '2027-12-20', cal)).toThrow(MissingHolidayDataError);
    expect(computeDueOn(clockRule('lcspr-publication'), '2030-01-15', cal)).toBe('2030-07-15');
  });
});

describe('ClockOverridesSchema and resolveClockRules', () => {
  it.each([
    [{}],
    [{ 'agency-returns': { length: 8 } }],
    [{ 'rapid-review-meeting': { length: 11 }, 'partner-sign-off': { length: 13 } }],
    [{ 'panel-response': { length: 20 } }],
    [{ 'rapid-review': { length: 10 } }],
    [{ 'rapid-review': { startsFrom: 'la-aware' } }],
    [{ 'rapid-review': { startsFrom: 'partners-aware' } }],
    [{ 'partners-informed': { length: 3 } }],
    [{ 'lcspr-publication': { length: 5 } }],
    [{ 'publication-notice': { length: 10 } }],
    [{ 'report-kept-published': { length: 2 } }],
    [{ 'panel-response': { startsFrom: 'rapid-review-submitted' } }],
  ])('accepts %j', (overrides) => {
    expect(ClockOverridesSchema.safeParse(overrides).success).toBe(true);
  });

  it.each([
    ['a statutory clock (length)', { 'sin-notification': { length: 10 } }, /statutory/],
    ['a statutory clock (start)', { 'sin-notification': { startsFrom: 'partners-aware' } }, /statutory/],
    ['a statutory clock (empty)', { 'sin-notification': {} }, /statutory/],
    ['lengthening a guidance clock', { 'rapid-review': { length: 20 } }, /may shorten it but not lengthen it/],
    ['lengthening the LCSPR', { 'lcspr-publication': { length: 9 } }, /not lengthen/],
    ['shortening the publication notice', { 'publication-notice': { length: 5 } }, /not lower it/],
    ['shortening the year published', { 'report-kept-published': { length: 0 } }, /must be a positive whole number/],
    ['a zero length', { 'agency-returns': { length: 0 } }, /must be a positive whole number/],
    ['a negative length', { 'agency-returns': { length: -1 } }, /must be a positive whole number/],
    ['a fractional length', { 'agency-returns': { length: 2.5 } }, /must be a whole number/],
    ['a string length', { 'agency-returns': { length: '8' } }, /must be a number/],
    ['an unknown clock', { 'made-up-clock': { length: 8 } }, /made-up-clock|Unrecognized|Invalid key/i],
    ['an unknown field', { 'agency-returns': { length: 8, unit: 'months' } }, /unit/],
    ['an unknown anchor', { 'agency-returns': { startsFrom: 'sin-submitted' } }, /Invalid option|expected one of/i],
    ['moving a fixed start', { 'panel-response': { startsFrom: 'la-aware' } }, /cannot be changed/],
    [
      'a start the clock does not allow',
      { 'agency-returns': { startsFrom: 'published' } },
      /may start only from partners-aware or la-aware/,
    ],
  ])('rejects %s', (_what, overrides, message) => {
    const result = ClockOverridesSchema.safeParse(overrides);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(' | ')).toMatch(message);
  });

  it('resolveClockRules throws a ValidationError naming the clock', () => {
    let caught: unknown;
    try {
      resolveClockRules({ 'sin-notification': { length: 10 } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const err = caught as ValidationError;
    expect(err.status).toBe(400);
    expect(err.errors).toEqual([
      expect.objectContaining({ path: 'sin-notification', message: expect.stringMatching(/statutory clock .* cannot be overridden/) }),
    ]);
  });

  it('without overrides returns the table itself', () => {
    expect(resolveClockRules()).toBe(CLOCK_RULES);
    expect(resolveClockRules({})).toEqual(CLOCK_RULES);
  });

  it('applies overrides to copies and leaves the table alone', () => {
    const rules = resolveClockRules({ 'agency-returns': { length: 8 }, 'rapid-review': { startsFrom: 'la-aware' } });
    expect(clockRule('agency-returns', rules).length).toBe(8);
    expect(clockRule('rapid-review', rules).startsFrom).toBe('la-aware');
    expect(clockRule('agency-returns').length).toBe(10);
    expect(clockRule('rapid-review').startsFrom).toBe('partners-aware');
    expect(clockRule('sin-notification', rules)).toBe(clockRule('sin-notification'));
    // Fri 2024-12-20 + 8 working days: 23, 24, 27, 30, 31 Dec, 2, 3, 6 Jan
    expect(computeDueOn(clockRule('agency-returns', rules), '2024-12-20', cal)).toBe('2025-01-06');
  });
});
