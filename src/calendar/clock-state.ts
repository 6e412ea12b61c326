/**
 * A running clock and its state on a given day. Pure and immutable: every change returns a new
 * object; nothing reads the system clock (the caller passes `today` and `at`).
 */
import { RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { compareCalendarDates, parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { MissingHolidayDataError, type HolidayCalendar } from './bank-holidays.js';
import { computeDueOn, isMinimumPeriodClock, isSoftClock, type ClockId, type ClockRule } from './clock-rules.js';
import { workingDaysBetween } from './working-days.js';

/** One revision of a clock's due date: the new date, who set it, when and why. */
export interface ClockRevision {
  dueOn: CalendarDate;
  by: string;
  at: string /* ISO instant */;
  reasons: string;
}

export interface Clock {
  clockId: ClockId;
  startedOn: CalendarDate;
  originalDueOn: CalendarDate;
  dueOn: CalendarDate;
  revisions: ClockRevision[];
  metOn?: CalendarDate;
  lateReason?: string;
  pausedFrom?: CalendarDate;
  pauses?: { from: CalendarDate; to?: CalendarDate; process: string }[];
  /** The day the clock's stage ended without its event (machine version 3 on): it can no longer be met or missed. */
  lapsedOn?: CalendarDate;
  /** Why it lapsed (which step ended its stage); kept with `lapsedOn`. */
  lapseReason?: string;
}

/**
 * `lapsed`: the stage ended without the event. `awaited`: a soft clock (the Panel's reply) whose
 * expected date has passed: shown, but it is not the partnership's deadline, so never `overdue`.
 */
export type ClockStatus = 'pending' | 'due-soon' | 'overdue' | 'met' | 'breached' | 'lapsed' | 'awaited';

/** Default warning window, in working days. */
export const DEFAULT_WARN_WORKING_DAYS = 3;

/**
 * Starts a clock from its anchor event's date.
 * @example startClock(clockRule('sin-notification'), '2024-12-20', cal).dueOn //=> '2024-12-31'
 */
export function startClock(rule: ClockRule, anchorOn: CalendarDate, cal: HolidayCalendar): Clock {
  const dueOn = computeDueOn(rule, anchorOn, cal);
  return { clockId: rule.id, startedOn: anchorOn, originalDueOn: dueOn, dueOn, revisions: [] };
}

/**
 * A clock's state on `today`: `met` (event on or before the due date), `breached` (event after
 * it), `overdue` (no event and the due date has passed), `due-soon` (no event, due today or within
 * `warnWorkingDays` working days), otherwise `pending`.
 * @example clockStatusOn({ ...clock, dueOn: '2025-01-10' }, '2025-01-07', cal) //=> 'due-soon'
 */
export function clockStatusOn(
  clock: Pick<Clock, 'clockId' | 'dueOn' | 'metOn' | 'lapsedOn'>,
  today: CalendarDate,
  cal: HolidayCalendar,
  warnWorkingDays: number = DEFAULT_WARN_WORKING_DAYS,
): ClockStatus {
  if (!Number.isSafeInteger(warnWorkingDays) || warnWorkingDays < 0) {
    throw new RangeError(`warnWorkingDays must be a whole number >= 0, got ${warnWorkingDays}`);
  }
  if (clock.metOn !== undefined) return compareCalendarDates(clock.metOn, clock.dueOn) <= 0 ? 'met' : 'breached';
  if (clock.lapsedOn !== undefined) return 'lapsed';
  const cmp = compareCalendarDates(today, clock.dueOn);
  // A minimum period is fulfilled once its date is reached; before that it simply runs.
  if (isMinimumPeriodClock(clock.clockId)) return cmp >= 0 ? 'met' : 'pending';
  // Someone else's expected reply is waited for, never chased as the partnership's own deadline.
  if (isSoftClock(clock.clockId)) return cmp > 0 ? 'awaited' : 'pending';
  if (cmp > 0) return 'overdue';
  if (cmp === 0) return 'due-soon';
  return workingDaysUpTo(today, clock.dueOn, cal, warnWorkingDays) <= warnWorkingDays ? 'due-soon' : 'pending';
}

/**
 * Working days in (today, dueOn], today <= dueOn. When dueOn lies beyond the holiday data but the
 * covered part alone already holds more than `enough` working days, the exact count cannot matter,
 * so that lower bound is returned; otherwise the missing-data error stands.
 */
function workingDaysUpTo(today: CalendarDate, dueOn: CalendarDate, cal: HolidayCalendar, enough: number): number {
  const dueYear = parseCalendarDate(dueOn).year;
  if (dueYear > cal.lastYear && parseCalendarDate(today).year <= cal.lastYear) {
    const covered = workingDaysBetween(today, `${cal.lastYear}-12-31`, cal);
    if (covered > enough) return covered;
    throw new MissingHolidayDataError(cal.lastYear + 1, undefined, { firstYear: cal.firstYear, lastYear: cal.lastYear });
  }
  return workingDaysBetween(today, dueOn, cal);
}

/**
 * Records the clock's event on `on`. Returns a new clock; a late event may carry a reason (kept as
 * `lateReason`; absent when none is given). A clock already met cannot be met again.
 * @example meetClock(clock, '2025-01-13', 'agency return delayed').lateReason //=> 'agency return delayed'
 */
export function meetClock(clock: Clock, on: CalendarDate, lateReason?: string): Clock {
  parseCalendarDate(on);
  if (clock.metOn !== undefined) {
    throw new RuleViolationError(`The ${clock.clockId} clock was already met on ${clock.metOn}`, 'clock-already-met', {
      clockId: clock.clockId,
    });
  }
  const reason = lateReason?.trim();
  const { lateReason: _drop, ...rest } = clock;
  void _drop;
  return reason ? { ...rest, metOn: on, lateReason: reason } : { ...rest, metOn: on };
}

/**
 * Lapses a clock whose stage ended without its event: the clock keeps its dates and records the
 * day and the reason, and is from then on neither met nor overdue. Throws RuleViolationError
 * `clock-already-met` / `clock-already-lapsed`; a reason is required.
 * @example lapseClock(agencyReturns, '2025-03-20', 'the rapid review was sent to the Panel').lapsedOn //=> '2025-03-20'
 */
export function lapseClock(clock: Clock, on: CalendarDate, reason: string): Clock {
  parseCalendarDate(on);
  if (clock.metOn !== undefined) {
    throw new RuleViolationError(`The ${clock.clockId} clock was already met on ${clock.metOn}`, 'clock-already-met', {
      clockId: clock.clockId,
    });
  }
  if (clock.lapsedOn !== undefined) {
    throw new RuleViolationError(`The ${clock.clockId} clock already lapsed on ${clock.lapsedOn}`, 'clock-already-lapsed', {
      clockId: clock.clockId,
    });
  }
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw new RangeError(`lapsing the ${clock.clockId} clock needs a reason`);
  return { ...clock, lapsedOn: on, lapseReason: why };
}

/**
 * Whether the partnership is chased for this clock: its event has not happened, its stage has not
 * ended (not lapsed), and it is neither a minimum period (the report kept published) nor a soft
 * expectation of someone else (the Panel's reply). The dashboard, My work, the sweeper, the
 * reminders and the feeds all count only these.
 * @example isChasedClock({ clockId: 'panel-response', dueOn: '2025-04-01', revisions: [] }) //=> false
 */
export function isChasedClock(clock: Pick<Clock, 'clockId' | 'metOn' | 'lapsedOn'>): boolean {
  return clock.metOn === undefined && clock.lapsedOn === undefined && !isMinimumPeriodClock(clock.clockId) && !isSoftClock(clock.clockId);
}

/**
 * Moves an extendable clock's due date later, keeping `originalDueOn` and appending a revision
 * with who, when and why. Throws RuleViolationError `clock-not-extendable` for a clock whose rule
 * does not allow it (statutory and fixed clocks are never moved).
 * @example extendClock(clock, lcspr, '2025-09-30', 'chair', '2025-03-01T10:00:00Z', 'criminal trial').revisions.length //=> 1
 */
export function extendClock(clock: Clock, rule: ClockRule, newDueOn: CalendarDate, by: string, at: string, reasons: string): Clock {
  if (rule.id !== clock.clockId) {
    throw new RangeError(`extendClock was given the ${rule.id} rule for a ${clock.clockId} clock`);
  }
  if (!rule.extendable) {
    throw new RuleViolationError(
      `The ${rule.id} clock (${rule.status}) cannot be extended; its due date stays ${clock.dueOn}`,
      'clock-not-extendable',
      { clockId: rule.id },
    );
  }
  if (clock.metOn !== undefined) {
    throw new RuleViolationError(`The ${clock.clockId} clock was already met on ${clock.metOn}`, 'clock-already-met', {
      clockId: clock.clockId,
    });
  }
  if (clock.lapsedOn !== undefined) {
    throw new RuleViolationError(`The ${clock.clockId} clock lapsed on ${clock.lapsedOn}`, 'clock-already-lapsed', {
      clockId: clock.clockId,
    });
  }
  parseCalendarDate(newDueOn);
  if (compareCalendarDates(newDueOn, clock.dueOn) <= 0) {
    throw new RuleViolationError(
      `An extension must move the ${clock.clockId} due date later than ${clock.dueOn}, not to ${newDueOn}`,
      'extension-not-later',
      { clockId: clock.clockId },
    );
  }
  const trimmedReasons = typeof reasons === 'string' ? reasons.trim() : '';
  if (!trimmedReasons) {
    throw new RuleViolationError(`Extending the ${clock.clockId} clock needs the reasons for the delay`, 'extension-reasons-required', {
      clockId: clock.clockId,
    });
  }
  const who = typeof by === 'string' ? by.trim() : '';
  if (!who) throw new ValidationError('An extension must say who made it', [{ path: 'by', code: 'required', message: 'required' }]);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}T/.test(at)) {
    throw new ValidationError(`${JSON.stringify(at)} is not an ISO instant`, [
      { path: 'at', code: 'invalid_datetime', message: 'must be an ISO 8601 instant' },
    ]);
  }
  return {
    ...clock,
    dueOn: newDueOn,
    revisions: [...clock.revisions, { dueOn: newDueOn, by: who, at, reasons: trimmedReasons }],
  };
}

/**
 * Working days from `today` to the due date (`today` excluded, the due date included): 0 on the
 * due date, negative once overdue.
 * @example workingDaysLeft({ ...clock, dueOn: '2024-12-31' }, '2024-12-24', cal) //=> 3
 */
export function workingDaysLeft(clock: Pick<Clock, 'dueOn'>, today: CalendarDate, cal: HolidayCalendar): number {
  return workingDaysBetween(today, clock.dueOn, cal);
}
