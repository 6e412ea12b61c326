import { op } from '../database/trusted-operators.js';
import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { addDays, type CalendarDate } from '../calendar/calendar-date.js';
import { caseSummaryQueries } from '../cases/case-summary.queries.js';
import { logger } from '../logging/logger.js';
import { listPartnerships } from '../partnerships/partnership.repository.js';
import { newOutboxEntry, reminderOutboxModel } from './reminder.model.js';
import { actionCandidate, caseClockCandidates, reminderDigest, reminderKey } from './reminder.rules.js';
import type { ActionDeadlineSource, ReminderCandidate } from './reminder.types.js';

const CHUNK = 200;
/** Overdue actions looked at per partnership and run; more wait for the next run. */
const ACTIONS_PER_RUN = 5000;

export interface PlannerDeps {
  connection: mongoose.Connection;
  calendar: HolidayCalendar;
  /** The service default; a partnership that set its own due-soon window is reminded on that. */
  warnWorkingDays: number;
  actions: ActionDeadlineSource;
}

export interface PlanFigures {
  /** Reminders due today (already planned or not). */
  candidates: number;
  /** New outbox entries this run inserted. */
  planned: number;
}

/**
 * A calendar-day bound that every date within `warnWorkingDays` working days of `today` falls
 * inside (weekends and the longest holiday run included); the exact window is clockThresholdOn's.
 */
export function planningHorizon(today: CalendarDate, warnWorkingDays: number): CalendarDate {
  return addDays(today, warnWorkingDays * 2 + 10);
}

/**
 * Writes to the outbox every reminder due on `today` that is not there yet: each open clock of a
 * case that is due soon or overdue, and each overdue learning action. Idempotent: the outbox `_id`
 * is the reminder's key, so a second run, or another instance planning at the same moment,
 * inserts nothing new (a duplicate insert fails on the unique `_id` and is counted as planned
 * by the other writer).
 */
export async function planReminders(deps: PlannerDeps, today: CalendarDate, now: Date): Promise<PlanFigures> {
  const figures: PlanFigures = { candidates: 0, planned: 0 };
  // Case data through the case component's queries: the open cases' summaries, never whole cases.
  const cases = caseSummaryQueries(deps.connection);
  for (const partnership of await listPartnerships(deps.connection)) {
    // The same window the partnership's dashboard and My work show as "due soon".
    const warnWorkingDays = partnership.dueSoonWorkingDays ?? deps.warnWorkingDays;
    const horizon = planningHorizon(today, warnWorkingDays);
    let batch: ReminderCandidate[] = [];
    for await (const record of cases.openCasesDueBy(partnership.id, horizon)) {
      batch.push(...caseClockCandidates({ ...record, clocks: record.openDeadlines }, today, deps.calendar, warnWorkingDays));
      if (batch.length >= CHUNK) {
        await insertNew(deps.connection, batch, today, now, figures);
        batch = [];
      }
    }
    const actions = await deps.actions.overdueActions({ partnershipId: partnership.id, today, limit: ACTIONS_PER_RUN });
    for (const action of actions) {
      // A source must answer for the partnership it was asked about; anything else is dropped.
      if (action.partnershipId !== partnership.id) continue;
      const candidate = actionCandidate(action, today);
      if (candidate) batch.push(candidate);
      if (batch.length >= CHUNK) {
        await insertNew(deps.connection, batch, today, now, figures);
        batch = [];
      }
    }
    if (batch.length > 0) await insertNew(deps.connection, batch, today, now, figures);
  }
  return figures;
}

async function insertNew(
  connection: mongoose.Connection,
  candidates: ReminderCandidate[],
  today: CalendarDate,
  now: Date,
  figures: PlanFigures,
): Promise<void> {
  const Outbox = reminderOutboxModel(connection);
  const byKey = new Map(candidates.map((candidate) => [reminderKey(candidate), candidate]));
  figures.candidates += byKey.size;
  // Most candidates of a run were planned by an earlier run: one read finds them.
  const existing = await Outbox.find({ _id: op({ $in: [...byKey.keys()] }) })
    .select({ _id: 1 })
    .lean<{ _id: string }[]>();
  for (const { _id } of existing) byKey.delete(_id);
  for (const [key, candidate] of byKey) {
    const entry = newOutboxEntry(candidate, key, 'pending', today, now);
    try {
      await Outbox.collection.insertOne(entry as never);
      figures.planned += 1;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      // Another planner inserted it first: exactly once, as intended.
      logger.debug('reminder already planned', { reminder: reminderDigest(key) });
    }
  }
}
