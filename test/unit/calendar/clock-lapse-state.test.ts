/**
 * A clock's lapse, and which clocks the partnership is chased for. Dates by hand: agency returns
 * counted from Mon 3 March 2025, due Mon 17 March (10 working days); the Panel's reply expected
 * Fri 4 April 2025.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import {
  clockStatusOn,
  defaultHolidayCalendar as cal,
  extendClock,
  clockRule,
  isChasedClock,
  isSoftClock,
  lapseClock,
  type Clock,
} from '../../../src/calendar/index.js';

const agencyReturns: Clock = {
  clockId: 'agency-returns',
  startedOn: '2025-03-03',
  originalDueOn: '2025-03-17',
  dueOn: '2025-03-17',
  revisions: [],
};
const panelReply: Clock = {
  clockId: 'panel-response',
  startedOn: '2025-03-21',
  originalDueOn: '2025-04-04',
  dueOn: '2025-04-04',
  revisions: [],
};
const lcspr: Clock = {
  clockId: 'lcspr-publication',
  startedOn: '2025-04-14',
  originalDueOn: '2025-10-14',
  dueOn: '2025-10-14',
  revisions: [],
};

describe('lapseClock', () => {
  it('keeps the dates and records the day and the reason', () => {
    expect(lapseClock(agencyReturns, '2025-03-21', '  the rapid review was sent ')).toEqual({
      ...agencyReturns,
      lapsedOn: '2025-03-21',
      lapseReason: 'the rapid review was sent',
    });
  });

  it('refuses a met or already lapsed clock, and needs a reason', () => {
    expect(() => lapseClock({ ...agencyReturns, metOn: '2025-03-14' }, '2025-03-21', 'x')).toThrow(RuleViolationError);
    expect(() => lapseClock(lapseClock(agencyReturns, '2025-03-21', 'x'), '2025-03-22', 'y')).toThrow(RuleViolationError);
    expect(() => lapseClock(agencyReturns, '2025-03-21', ' ')).toThrow(RangeError);
  });

  it('a lapsed clock cannot be extended', () => {
    expect(() =>
      extendClock(
        lapseClock(lcspr, '2025-06-02', 'closed'),
        clockRule('lcspr-publication'),
        '2025-12-31',
        'chair',
        '2025-06-03T10:00:00Z',
        'trial',
      ),
    ).toThrow(RuleViolationError);
  });
});

describe('clockStatusOn with lapses and soft clocks', () => {
  it.each([
    ['an unmet agency return the day after its due date', agencyReturns, '2025-03-18', 'overdue'],
    ['the same clock lapsed', lapseClock(agencyReturns, '2025-03-21', 'sent'), '2025-03-18', 'lapsed'],
    ['a lapsed clock long after', lapseClock(agencyReturns, '2025-03-21', 'sent'), '2026-01-05', 'lapsed'],
    ['the Panel reply on its expected day', panelReply, '2025-04-04', 'pending'],
    ['the Panel reply the next working day', panelReply, '2025-04-07', 'awaited'],
    ['the Panel reply received late', { ...panelReply, metOn: '2025-04-09' }, '2025-04-10', 'breached'],
  ] as const)('%s is %s', (_what, clock, today, status) => {
    expect(clockStatusOn(clock, today, cal)).toBe(status);
  });
});

describe('isChasedClock', () => {
  it.each([
    ['unmet agency returns', agencyReturns, true],
    ['met agency returns', { ...agencyReturns, metOn: '2025-03-14' }, false],
    ['lapsed agency returns', lapseClock(agencyReturns, '2025-03-21', 'sent'), false],
    ['the Panel reply (soft)', panelReply, false],
    ['the report kept published (a minimum period)', { ...lcspr, clockId: 'report-kept-published' } as Clock, false],
  ] as const)('%s: %s', (_what, clock, chased) => {
    expect(isChasedClock(clock)).toBe(chased);
  });

  it('only the Panel reply is soft in the clock table', () => {
    expect(['panel-response', 'agency-returns', 'sin-notification', 'lcspr-publication'].filter(isSoftClock)).toEqual(['panel-response']);
  });
});
