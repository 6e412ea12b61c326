/**
 * When an action is due, whether it is overdue, and its status: small pure functions on calendar
 * dates (no clock reads; "today" always comes in as an argument, from todayInEngland).
 */
import { daysInMonth, formatCalendarDate, parseCalendarDate, type CalendarDate } from '../calendar/calendar-date.js';
import type { ActionStatus, ActionTarget, Frequency, Rag, Recurrence, SignOff } from './action.record.js';

const PERIOD_MONTHS: Record<Exclude<Frequency, 'ongoing'>, number> = { quarterly: 3, annually: 12 };

/**
 * Adds whole months; a day past the end of the target month becomes its last day.
 * @example addMonthsClamped('2025-01-31', 1) //=> '2025-02-28'; addMonthsClamped('2024-02-29', 12) //=> '2025-02-28'
 */
export function addMonthsClamped(date: CalendarDate, months: number): CalendarDate {
  if (!Number.isInteger(months)) throw new RangeError(`addMonthsClamped needs whole months, got ${months}`);
  const { year, month, day } = parseCalendarDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return formatCalendarDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/**
 * The k-th scheduled date of a recurrence, always counted from the start date (so clamping at a
 * short month never drifts: 31 Jan, 30 Apr, 31 Jul, 31 Oct).
 * @example scheduledOn({ frequency: 'quarterly', startOn: '2025-01-31' }, 2) //=> '2025-07-31'
 */
export function scheduledOn(recurrence: Recurrence, k: number): CalendarDate | null {
  if (recurrence.frequency === 'ongoing') return null;
  return addMonthsClamped(recurrence.startOn, k * PERIOD_MONTHS[recurrence.frequency]);
}

/**
 * The next due date of a recurring action. Its scheduled dates are S1, S2, … (one period apart,
 * counted from the start date S0). Each period (S(k-1), Sk] needs a progress note by Sk. With no
 * note since the start, the action is due at S1; when the latest note falls in period k, the
 * action is next due at S(k+1). `ongoing` actions have no due date.
 * @example recurringDueOn({ frequency: 'quarterly', startOn: '2025-01-31' }, '2025-04-29') //=> '2025-07-31'
 */
export function recurringDueOn(recurrence: Recurrence, lastNoteOn: CalendarDate | null): CalendarDate | null {
  if (recurrence.frequency === 'ongoing') return null;
  if (lastNoteOn === null || lastNoteOn <= recurrence.startOn) return scheduledOn(recurrence, 1);
  const months = PERIOD_MONTHS[recurrence.frequency];
  const start = parseCalendarDate(recurrence.startOn);
  const note = parseCalendarDate(lastNoteOn);
  const monthsApart = (note.year - start.year) * 12 + (note.month - start.month);
  // Start a period early (S(k) is then surely before the note) and walk forward.
  let k = Math.max(0, Math.floor(monthsApart / months) - 1);
  while (scheduledOn(recurrence, k)! < lastNoteOn) k += 1;
  return scheduledOn(recurrence, k + 1);
}

/**
 * The date an action is due: its target date, or the next due date of its recurrence.
 * @example dueOnOf({ targetOn: '2025-06-30', recurrence: null }, null) //=> '2025-06-30'
 */
export function dueOnOf(target: ActionTarget, lastNoteOn: CalendarDate | null): CalendarDate | null {
  if (target.recurrence) return recurringDueOn(target.recurrence, lastNoteOn);
  return target.targetOn;
}

/**
 * Overdue from the day after the due date, unless its RAG is complete (completion reported, or
 * signed off). On the due date itself it is not overdue.
 * @example isOverdue({ dueOn: '2025-06-30', rag: 'amber' }, '2025-07-01') //=> true
 */
export function isOverdue(action: { dueOn: CalendarDate | null; rag: Rag }, today: CalendarDate): boolean {
  return action.dueOn !== null && action.rag !== 'complete' && today > action.dueOn;
}

/** @example statusOf('complete', null) //=> 'awaiting-sign-off' */
export function statusOf(rag: Rag, signOff: SignOff | null): ActionStatus {
  if (signOff) return 'complete';
  return rag === 'complete' ? 'awaiting-sign-off' : 'open';
}

/** Two targets say the same thing. */
export function sameTarget(a: ActionTarget, b: ActionTarget): boolean {
  return (
    a.targetOn === b.targetOn &&
    (a.recurrence?.frequency ?? null) === (b.recurrence?.frequency ?? null) &&
    (a.recurrence?.startOn ?? null) === (b.recurrence?.startOn ?? null)
  );
}
