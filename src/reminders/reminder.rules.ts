import { createHash } from 'node:crypto';
import type { Role } from '../access/roles.js';
import { MissingHolidayDataError, type HolidayCalendar } from '../calendar/bank-holidays.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { CLOCK_RULES } from '../calendar/clock-rules.js';
import { type Clock, clockStatusOn, isChasedClock } from '../calendar/clock-state.js';
import { ACTION_TARGET_CLOCK, type OverdueAction, type ReminderCandidate, type ReminderThreshold } from './reminder.types.js';

/**
 * The pure rules of reminders: which threshold a clock has reached, the exactly-once key, whom to
 * tell, how long to wait before retrying. No I/O, no clock reads.
 */

const RULES = new Map(CLOCK_RULES.map((rule) => [rule.id as string, rule]));

/** The title of a clock id (the id itself for an unknown clock). */
export function clockTitle(clockId: string): string {
  if (clockId === ACTION_TARGET_CLOCK) return 'Learning action target date';
  return RULES.get(clockId)?.title ?? clockId;
}

/** True for a clock the law sets (Children Act 2004 s16C): its overdue reminder also goes to the chair. */
export function isStatutoryClock(clockId: string): boolean {
  return RULES.get(clockId)?.status === 'statutory';
}

/**
 * The reminder threshold a clock has reached on `today`, or null: met clocks and paused clocks
 * (a local review paused for a criminal trial) send nothing. A due date beyond the holiday data
 * is still overdue once passed, but "due soon" cannot be worked out for it, so it is not guessed.
 * @example clockThresholdOn({ ...clock, dueOn: '2025-03-10' }, '2025-03-05', cal, 3) //=> 'due-soon'
 */
export function clockThresholdOn(
  clock: ReminderClock,
  today: CalendarDate,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
): ReminderThreshold | null {
  // Met, lapsed, soft (the Panel's reply) and minimum-period clocks are nobody's reminder.
  if (!isChasedClock(clock) || clock.pausedFrom !== undefined) return null;
  try {
    const status = clockStatusOn(clock, today, calendar, warnWorkingDays);
    return status === 'due-soon' || status === 'overdue' ? status : null;
  } catch (error) {
    if (!(error instanceof MissingHolidayDataError)) throw error;
    return today > clock.dueOn ? 'overdue' : null;
  }
}

/** What the reminder rules read of a clock. */
export type ReminderClock = Pick<Clock, 'clockId' | 'dueOn' | 'metOn' | 'pausedFrom' | 'lapsedOn'>;

/** The fields of a case the planner reads (from its summary: the unmet clocks are enough). */
export interface CaseClockSource {
  _id: string;
  partnershipId: string;
  reference: string;
  final: boolean;
  clocks: readonly ReminderClock[];
}

/** Every reminder a case is due on `today`: at most one per open clock. A closed case has none. */
export function caseClockCandidates(
  record: CaseClockSource,
  today: CalendarDate,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
): ReminderCandidate[] {
  if (record.final) return [];
  const candidates: ReminderCandidate[] = [];
  for (const clock of record.clocks) {
    const threshold = clockThresholdOn(clock, today, calendar, warnWorkingDays);
    if (!threshold) continue;
    candidates.push({
      kind: 'case-clock',
      partnershipId: record.partnershipId,
      subjectId: record._id,
      caseId: record._id,
      reference: record.reference,
      clockId: clock.clockId,
      title: clockTitle(clock.clockId),
      dueOn: clock.dueOn,
      threshold,
      statutory: isStatutoryClock(clock.clockId),
      ownerOrganisationId: null,
    });
  }
  return candidates;
}

/** The overdue reminder of an action, or null while it is not overdue (overdue from the day after its target date). */
export function actionCandidate(action: OverdueAction, today: CalendarDate): ReminderCandidate | null {
  if (!(action.targetOn < today)) return null;
  return {
    kind: 'action',
    partnershipId: action.partnershipId,
    subjectId: action.actionId,
    caseId: action.caseId ?? null,
    reference: action.reference,
    clockId: ACTION_TARGET_CLOCK,
    title: clockTitle(ACTION_TARGET_CLOCK),
    dueOn: action.targetOn,
    threshold: 'overdue',
    statutory: false,
    ownerOrganisationId: action.ownerOrganisationId,
  };
}

/**
 * The exactly-once key, used as the outbox `_id`: one reminder per subject, clock, due date and
 * threshold. A revised due date is a new key (a new reminder); the same one never is.
 * @example reminderKey({ kind: 'case-clock', subjectId: 'ab12', clockId: 'sin-notification', dueOn: '2025-03-10', threshold: 'overdue' })
 * //=> 'case:ab12:sin-notification:2025-03-10:overdue'
 */
export function reminderKey(candidate: Pick<ReminderCandidate, 'kind' | 'subjectId' | 'clockId' | 'dueOn' | 'threshold'>): string {
  const prefix = candidate.kind === 'case-clock' ? 'case' : 'action';
  return `${prefix}:${candidate.subjectId}:${candidate.clockId}:${candidate.dueOn}:${candidate.threshold}`;
}

/** The user fields recipient selection reads. */
export interface RecipientUser {
  email: string;
  role: Role;
  organisationId?: string;
  disabled: boolean;
}

/**
 * Who is told: the partnership's business unit always; the chair too when a statutory clock is
 * overdue; for an action, the owner organisation's agency users. Enabled users only, each address
 * once, in a stable order.
 */
export function selectRecipients(
  reminder: Pick<ReminderCandidate, 'kind' | 'threshold' | 'statutory' | 'ownerOrganisationId'>,
  users: readonly RecipientUser[],
): string[] {
  const wanted = users.filter((user) => {
    if (user.disabled) return false;
    if (user.role === 'business-unit') return true;
    if (user.role === 'chair') return reminder.kind === 'case-clock' && reminder.statutory && reminder.threshold === 'overdue';
    if (user.role === 'agency')
      return reminder.kind === 'action' && !!reminder.ownerOrganisationId && user.organisationId === reminder.ownerOrganisationId;
    return false;
  });
  return [...new Set(wanted.map((user) => user.email.toLowerCase()))].sort();
}

/**
 * Milliseconds to wait after the `attempts`-th failed attempt: base × 2^(attempts−1), at most `maxMs`.
 * @example retryDelayMs(1, 30_000, 3_600_000) //=> 30000
 * @example retryDelayMs(4, 30_000, 3_600_000) //=> 240000
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** The domain of an address (`SCP <reminders@scp.example.org>` → `scp.example.org`), or `localhost`. */
export function mailDomainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain =
    at >= 0
      ? address
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return /^[a-z0-9.-]{1,253}$/.test(domain) ? domain : 'localhost';
}

/** A short, stable, opaque id of a reminder (for Message-ID, the webhook and logs). */
export function reminderDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * The Message-ID of a reminder: the same for every attempt, so a resend after a crash between
 * sending and recording can be recognised (and dropped) by mail clients and servers.
 * @example messageIdFor('case:ab12:sin-notification:2025-03-10:overdue', 'scp.example.org')
 * //=> '<reminder.<32 hex>@scp.example.org>'
 */
export function messageIdFor(key: string, domain: string): string {
  return `<reminder.${reminderDigest(key)}@${domain}>`;
}
