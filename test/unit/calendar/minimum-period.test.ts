import { describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { clockStatusOn, type Clock } from '../../../src/calendar/clock-state.js';
import { openDeadlinesOf } from '../../../src/cases/case-derived.js';

// "Kept published for at least a year" is a minimum period, not a deadline: reaching the date
// fulfils it. Published 2025-10-13, so kept until 2026-10-13 (worked out by hand).
const kept: Clock = {
  clockId: 'report-kept-published',
  startedOn: '2025-10-13',
  originalDueOn: '2026-10-13',
  dueOn: '2026-10-13',
  revisions: [],
};
const notice: Clock = {
  clockId: 'publication-notice',
  startedOn: '2025-10-13',
  originalDueOn: '2025-10-02',
  dueOn: '2025-10-02',
  revisions: [],
};

describe('a minimum-period clock', () => {
  it.each([
    ['2025-11-01', 'pending'],
    ['2026-10-09', 'pending'],
    ['2026-10-13', 'met'],
    ['2027-01-04', 'met'],
  ])('on %s is %s, never due soon or overdue', (today, status) => {
    expect(clockStatusOn(kept, today, defaultHolidayCalendar)).toBe(status);
  });

  it('is not an open deadline to chase, while a real deadline is', () => {
    const standing = {
      clocks: [kept, notice],
      stage: 'publication',
      final: false,
      context: { rapidReview: { meetings: [], decision: null, signOffs: [], submissions: [] } },
    };
    expect(openDeadlinesOf(standing)).toEqual([{ clockId: 'publication-notice', dueOn: '2025-10-02' }]);
  });
});
