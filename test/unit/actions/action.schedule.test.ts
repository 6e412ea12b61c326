import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  dueOnOf,
  isOverdue,
  recurringDueOn,
  sameTarget,
  scheduledOn,
  statusOf,
} from '../../../src/actions/action.schedule.js';

describe('addMonthsClamped', () => {
  it.each([
    ['2025-01-15', 3, '2025-04-15'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-03-31', -1, '2025-02-28'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonthsClamped(date, months)).toBe(expected);
  });

  it('refuses part months', () => {
    expect(() => addMonthsClamped('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('scheduled dates count from the start, so month-end clamping never drifts', () => {
  it('quarterly from 31 January: 30 April, 31 July, 31 October, 31 January', () => {
    const recurrence = { frequency: 'quarterly' as const, startOn: '2025-01-31' };
    expect([1, 2, 3, 4].map((k) => scheduledOn(recurrence, k))).toEqual(['2025-04-30', '2025-07-31', '2025-10-31', '2026-01-31']);
  });

  it('ongoing has no scheduled dates', () => {
    expect(scheduledOn({ frequency: 'ongoing', startOn: '2025-01-31' }, 1)).toBeNull();
  });
});

describe('recurringDueOn: each period needs a progress note; the due date moves on a period after the latest', () => {
  const quarterly = { frequency: 'quarterly' as const, startOn: '2025-01-31' };
  it.each([
    ['no note yet', null, '2025-04-30'],
    ['a note before the start counts for nothing', '2025-01-10', '2025-04-30'],
    ['a note on the start day', '2025-01-31', '2025-04-30'],
    ['a note early in the first quarter', '2025-02-01', '2025-07-31'],
    ['a note the day before the first due date', '2025-04-29', '2025-07-31'],
    ['a note on the first due date', '2025-04-30', '2025-07-31'],
    ['a late note, the day after the first due date (falls in the second quarter)', '2025-05-01', '2025-10-31'],
    ['a note more than a year on, in the period ending 31 July 2026', '2026-05-15', '2026-10-31'],
  ])('%s (%s): due %s', (_label, lastNoteOn, expected) => {
    expect(recurringDueOn(quarterly, lastNoteOn)).toBe(expected);
  });

  it('annually from 29 February 2024', () => {
    const annually = { frequency: 'annually' as const, startOn: '2024-02-29' };
    expect(recurringDueOn(annually, null)).toBe('2025-02-28');
    expect(recurringDueOn(annually, '2025-02-28')).toBe('2026-02-28');
    expect(recurringDueOn(annually, '2025-03-01')).toBe('2027-02-28');
    expect(recurringDueOn(annually, '2027-03-01')).toBe('2029-02-28');
    expect(recurringDueOn(annually, '2027-02-27')).toBe('2028-02-29');
  });

  it('ongoing actions are never due', () => {
    expect(recurringDueOn({ frequency: 'ongoing', startOn: '2025-01-01' }, '2025-06-01')).toBeNull();
  });
});

describe('dueOnOf', () => {
  it('a dated action is due on its target date whatever the notes', () => {
    expect(dueOnOf({ targetOn: '2025-06-30', recurrence: null }, '2025-07-10')).toBe('2025-06-30');
  });
  it('a recurring action is due on its next scheduled date', () => {
    expect(dueOnOf({ targetOn: null, recurrence: { frequency: 'quarterly', startOn: '2025-01-15' } }, null)).toBe('2025-04-15');
  });
});

describe('isOverdue: the day after the due date, unless completion is reported', () => {
  it.each([
    ['the day before', '2025-06-29', 'amber', false],
    ['on the due date', '2025-06-30', 'red', false],
    ['the day after', '2025-07-01', 'green', true],
    ['a year after', '2026-06-30', 'amber', true],
    ['the day after, completion reported', '2025-07-01', 'complete', false],
  ] as const)('%s (%s, %s): %s', (_label, today, rag, expected) => {
    expect(isOverdue({ dueOn: '2025-06-30', rag }, today)).toBe(expected);
  });

  it('an action with no due date (ongoing) is never overdue', () => {
    expect(isOverdue({ dueOn: null, rag: 'red' }, '2099-01-01')).toBe(false);
  });
});

describe('statusOf', () => {
  const signOff = { on: '2025-07-01', at: '2025-07-01T09:00:00.000Z', by: { userId: 'c', role: 'chair' }, note: null };
  it.each([
    ['red', null, 'open'],
    ['amber', null, 'open'],
    ['green', null, 'open'],
    ['complete', null, 'awaiting-sign-off'],
    ['complete', signOff, 'complete'],
  ] as const)('%s with sign-off %j is %s', (rag, signed, expected) => {
    expect(statusOf(rag, signed)).toBe(expected);
  });
});

describe('sameTarget', () => {
  it('compares dates and recurrences', () => {
    const quarterly = { targetOn: null, recurrence: { frequency: 'quarterly' as const, startOn: '2025-01-01' } };
    expect(sameTarget({ targetOn: '2025-01-01', recurrence: null }, { targetOn: '2025-01-01', recurrence: null })).toBe(true);
    expect(sameTarget({ targetOn: '2025-01-01', recurrence: null }, { targetOn: '2025-01-02', recurrence: null })).toBe(false);
    expect(sameTarget(quarterly, { targetOn: null, recurrence: { frequency: 'quarterly', startOn: '2025-01-01' } })).toBe(true);
    expect(sameTarget(quarterly, { targetOn: null, recurrence: { frequency: 'annually', startOn: '2025-01-01' } })).toBe(false);
    expect(sameTarget(quarterly, { targetOn: '2025-01-01', recurrence: null })).toBe(false);
  });
});
