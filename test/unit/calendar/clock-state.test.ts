import { describe, it, expect } from 'vitest';
import { clockStatusOn, extendClock, meetClock, startClock, workingDaysLeft, type Clock } from '../../../src/calendar/clock-state.js';
import { clockRule } from '../../../src/calendar/clock-rules.js';
import { defaultHolidayCalendar as cal, MissingHolidayDataError } from '../../../src/calendar/bank-holidays.js';
import { RuleViolationError } from '../../../src/errors/app-errors.js';

const sin = clockRule('sin-notification');
const lcspr = clockRule('lcspr-publication');

function clockDue(dueOn: string, extra: Partial<Clock> = {}): Clock {
  return { clockId: 'sin-notification', startedOn: '2025-01-01', originalDueOn: dueOn, dueOn, revisions: [], ...extra };
}

describe('startClock', () => {
  it('starts a SIN clock on Fri 20 Dec 2024, due Tue 31 Dec 2024', () => {
    expect(startClock(sin, '2024-12-20', cal)).toEqual({
      clockId: 'sin-notification',
      startedOn: '2024-12-20',
      originalDueOn: '2024-12-31',
      dueOn: '2024-12-31',
      revisions: [],
    });
  });

  it('starts a publication-notice clock before its anchor', () => {
    const c = startClock(clockRule('publication-notice'), '2025-01-06', cal);
    expect(c.dueOn).toBe('2024-12-23');
    expect(c.startedOn).toBe('2025-01-06');
  });
});

describe('clockStatusOn', () => {
  // Due Friday 10 January 2025 (no holidays nearby).
  it.each([
    ['2025-01-03', 'pending'], // Fri: 6, 7, 8, 9, 10 = 5 working days
    ['2025-01-04', 'pending'], // Sat: 5 working days
    ['2025-01-06', 'pending'], // Mon: 7, 8, 9, 10 = 4
    ['2025-01-07', 'due-soon'], // Tue: 8, 9, 10 = exactly 3
    ['2025-01-09', 'due-soon'], // Thu: 1
    ['2025-01-10', 'due-soon'], // the due date itself is not overdue
    ['2025-01-11', 'overdue'], // the next day (Sat)
    ['2025-01-13', 'overdue'],
  ] as const)('due 2025-01-10, on %s: %s', (today, status) => {
    expect(clockStatusOn(clockDue('2025-01-10'), today, cal)).toBe(status);
  });

  // Due Friday 3 January 2025: the window counts working days, so 25, 26 Dec and 1 Jan do not count.
  it.each([
    ['2024-12-24', 'pending'], // 27, 30, 31, 2, 3 = 5
    ['2024-12-27', 'pending'], // 30, 31, 2, 3 = 4 (7 calendar days)
    ['2024-12-30', 'due-soon'], // 31, 2, 3 = 3 (4 calendar days)
    ['2025-01-01', 'due-soon'],
    ['2025-01-03', 'due-soon'],
    ['2025-01-04', 'overdue'],
  ] as const)('due 2025-01-03, on %s: %s', (today, status) => {
    expect(clockStatusOn(clockDue('2025-01-03'), today, cal)).toBe(status);
  });

  it('takes a configurable window', () => {
    expect(clockStatusOn(clockDue('2025-01-03'), '2024-12-24', cal, 5)).toBe('due-soon');
    expect(clockStatusOn(clockDue('2025-01-03'), '2024-12-23', cal, 5)).toBe('pending'); // 24, 27, 30, 31, 2, 3 = 6
    expect(clockStatusOn(clockDue('2025-01-03'), '2025-01-02', cal, 0)).toBe('pending');
    expect(clockStatusOn(clockDue('2025-01-03'), '2025-01-03', cal, 0)).toBe('due-soon');
    expect(() => clockStatusOn(clockDue('2025-01-03'), '2025-01-03', cal, -1)).toThrow(RangeError);
  });

  it.each([
    ['2025-01-02', '2024-12-01', 'met'], // early
    ['2025-01-10', '2025-02-01', 'met'], // on the due date, looked at later
    ['2025-01-11', '2025-01-11', 'breached'], // a day late
    ['2025-01-13', '2024-12-01', 'breached'], // late, whatever day it is looked at
  ] as const)('met on %s (looked at on %s): %s', (metOn, today, status) => {
    expect(clockStatusOn(clockDue('2025-01-10', { metOn }), today, cal)).toBe(status);
  });

  it('a breach keeps its reason', () => {
    const late = meetClock(clockDue('2025-01-10'), '2025-01-14', 'awaiting police information');
    expect(clockStatusOn(late, '2025-01-20', cal)).toBe('breached');
    expect(late.lateReason).toBe('awaiting police information');
  });

  it('a before-direction clock (publication notice) uses the same semantics against its dueOn', () => {
    const notice = startClock(clockRule('publication-notice'), '2025-01-06', cal); // due Mon 23 Dec 2024
    expect(clockStatusOn(notice, '2024-12-17', cal)).toBe('pending'); // 18, 19, 20, 23 = 4
    expect(clockStatusOn(notice, '2024-12-18', cal)).toBe('due-soon'); // 19, 20, 23 = 3
    expect(clockStatusOn(notice, '2024-12-23', cal)).toBe('due-soon');
    expect(clockStatusOn(notice, '2024-12-24', cal)).toBe('overdue');
    expect(clockStatusOn(meetClock(notice, '2024-12-20'), '2025-01-06', cal)).toBe('met');
    expect(clockStatusOn(meetClock(notice, '2024-12-27'), '2025-01-06', cal)).toBe('breached');
  });

  it('a due date beyond the holiday data: pending when the known days already exceed the window, else an error', () => {
    const c = startClock(lcspr, '2027-09-01', cal);
    expect(c.dueOn).toBe('2028-03-01');
    expect(clockStatusOn(c, '2027-10-01', cal)).toBe('pending');
    expect(clockStatusOn(c, '2027-12-23', cal)).toBe('pending'); // 24, 29, 30, 31 Dec = 4 known, more than 3
    // 29, 30, 31 Dec = 3 known: not enough to decide without 2028 data
    expect(() => clockStatusOn(c, '2027-12-24', cal)).toThrow(MissingHolidayDataError);
    expect(() => clockStatusOn(c, '2027-12-24', cal)).toThrow(/for 2028/);
  });
});

describe('meetClock', () => {
  it('returns a new clock and leaves the old one alone', () => {
    const c = clockDue('2025-01-10');
    const met = meetClock(c, '2025-01-09');
    expect(met).not.toBe(c);
    expect(met.metOn).toBe('2025-01-09');
    expect(c.metOn).toBeUndefined();
    expect('lateReason' in met).toBe(false);
  });

  it('keeps a late reason; a late meeting without one leaves the field absent', () => {
    expect(meetClock(clockDue('2025-01-10'), '2025-01-14', '  trial date moved  ').lateReason).toBe('trial date moved');
    const noReason = meetClock(clockDue('2025-01-10'), '2025-01-14');
    expect('lateReason' in noReason).toBe(false);
    expect(clockStatusOn(noReason, '2025-01-14', cal)).toBe('breached');
    expect('lateReason' in meetClock(clockDue('2025-01-10'), '2025-01-14', '   ')).toBe(false);
  });

  it('refuses to meet a clock twice, and a bad date', () => {
    const met = meetClock(clockDue('2025-01-10'), '2025-01-09');
    expect(() => meetClock(met, '2025-01-10')).toThrow(RuleViolationError);
    expect(() => meetClock(met, '2025-01-10')).toThrow(/already met on 2025-01-09/);
    expect(() => meetClock(clockDue('2025-01-10'), '2025-02-30')).toThrow(/not a calendar date/);
  });
});

describe('extendClock', () => {
  // LCSPR commissioned Fri 15 March 2024: due 15 September 2024.
  const started = startClock(lcspr, '2024-03-15', cal);

  it('keeps the original date and every revision with who, when and why', () => {
    expect(started.dueOn).toBe('2024-09-15');
    const once = extendClock(started, lcspr, '2024-12-16', 'sprg-chair', '2024-09-01T09:00:00Z', 'criminal trial listed for November');
    const twice = extendClock(once, lcspr, '2025-03-14', 'sprg-chair', '2024-12-02T14:30:00Z', 'trial adjourned to February');
    expect(twice.originalDueOn).toBe('2024-09-15');
    expect(twice.dueOn).toBe('2025-03-14');
    expect(twice.revisions).toEqual([
      { dueOn: '2024-12-16', by: 'sprg-chair', at: '2024-09-01T09:00:00Z', reasons: 'criminal trial listed for November' },
      { dueOn: '2025-03-14', by: 'sprg-chair', at: '2024-12-02T14:30:00Z', reasons: 'trial adjourned to February' },
    ]);
    // immutability
    expect(started.revisions).toEqual([]);
    expect(started.dueOn).toBe('2024-09-15');
    expect(once.revisions).toHaveLength(1);
    // status follows the revised date
    expect(clockStatusOn(started, '2024-10-01', cal)).toBe('overdue');
    expect(clockStatusOn(once, '2024-10-01', cal)).toBe('pending');
    expect(clockStatusOn(once, '2024-12-17', cal)).toBe('overdue');
    expect(clockStatusOn(meetClock(twice, '2025-03-14'), '2025-03-20', cal)).toBe('met');
  });

  it('extends a publication notice (an extendable before-clock)', () => {
    const notice = startClock(clockRule('publication-notice'), '2025-01-06', cal);
    const moved = extendClock(
      notice,
      clockRule('publication-notice'),
      '2025-02-20',
      'business-unit',
      '2024-12-10T10:00:00Z',
      'publication deferred until the trial ends',
    );
    expect(moved.originalDueOn).toBe('2024-12-23');
    expect(moved.dueOn).toBe('2025-02-20');
  });

  it.each(['sin-notification', 'rapid-review', 'partners-informed', 'panel-response', 'report-kept-published'] as const)(
    'refuses to extend %s (clock-not-extendable)',
    (id) => {
      const rule = clockRule(id);
      const c = startClock(rule, '2024-12-20', cal);
      let caught: unknown;
      try {
        extendClock(c, rule, '2025-06-30', 'chair', '2025-01-02T10:00:00Z', 'reasons');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(RuleViolationError);
      expect((caught as RuleViolationError).rule).toBe('clock-not-extendable');
      expect((caught as RuleViolationError).status).toBe(422);
    },
  );

  it.each([
    ['empty reasons', '2024-12-16', 'chair', '2024-09-01T09:00:00Z', '', 'extension-reasons-required'],
    ['blank reasons', '2024-12-16', 'chair', '2024-09-01T09:00:00Z', '   ', 'extension-reasons-required'],
    ['a date that is not later', '2024-09-15', 'chair', '2024-09-01T09:00:00Z', 'trial', 'extension-not-later'],
    ['an earlier date', '2024-09-01', 'chair', '2024-09-01T09:00:00Z', 'trial', 'extension-not-later'],
  ])('refuses %s', (_what, newDueOn, by, at, reasons, rule) => {
    expect(() => extendClock(started, lcspr, newDueOn, by, at, reasons)).toThrow(expect.objectContaining({ rule }));
  });

  it('refuses a missing author, a bad instant, a met clock and the wrong rule', () => {
    expect(() => extendClock(started, lcspr, '2024-12-16', ' ', '2024-09-01T09:00:00Z', 'trial')).toThrow(/who/);
    expect(() => extendClock(started, lcspr, '2024-12-16', 'chair', '1 September', 'trial')).toThrow(/ISO instant/);
    expect(() => extendClock(meetClock(started, '2024-09-10'), lcspr, '2024-12-16', 'chair', '2024-09-01T09:00:00Z', 'trial')).toThrow(
      expect.objectContaining({ rule: 'clock-already-met' }),
    );
    expect(() => extendClock(started, clockRule('publication-notice'), '2024-12-16', 'chair', '2024-09-01T09:00:00Z', 'trial')).toThrow(
      RangeError,
    );
  });
});

describe('workingDaysLeft', () => {
  it.each([
    ['2024-12-20', 5], // 23, 24, 27, 30, 31
    ['2024-12-24', 3], // 27, 30, 31
    ['2024-12-31', 0], // the due date
    ['2025-01-01', 0], // a holiday after the due date: no working day has passed yet
    ['2025-01-02', -1],
    ['2025-01-06', -3], // 2, 3, 6 Jan
  ] as const)('due 2024-12-31, on %s: %i', (today, left) => {
    expect(workingDaysLeft(clockDue('2024-12-31'), today, cal)).toBe(left);
  });
});
