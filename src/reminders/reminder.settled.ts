import type mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { newOutboxEntry, reminderOutboxModel } from './reminder.model.js';
import { clockTitle, isStatutoryClock, reminderKey } from './reminder.rules.js';
import type { ReminderCandidate } from './reminder.types.js';

/**
 * Marks the overdue reminders of clocks that were already past due when their case came into the
 * service (an imported case log, issue 12) as settled before they were ever planned: the outbox
 * holds their exactly-once key as `obsolete`, so the planner finds them there and sends nothing.
 * A clock later given a new due date has a new key, and is reminded as usual.
 */
export async function settleRemindersOfPastDeadlines(
  connection: mongoose.Connection,
  cases: readonly {
    caseId: string;
    partnershipId: string;
    reference: string;
    clocks: readonly { clockId: string; dueOn: CalendarDate }[];
  }[],
  today: CalendarDate,
  now: Date,
): Promise<void> {
  const entries = cases.flatMap((record) =>
    record.clocks.map((clock) => {
      const candidate: ReminderCandidate = {
        kind: 'case-clock' as const,
        partnershipId: record.partnershipId,
        subjectId: record.caseId,
        caseId: record.caseId,
        reference: record.reference,
        clockId: clock.clockId,
        title: clockTitle(clock.clockId),
        dueOn: clock.dueOn,
        threshold: 'overdue' as const,
        statutory: isStatutoryClock(clock.clockId),
        ownerOrganisationId: null,
      };
      return newOutboxEntry(candidate, reminderKey(candidate), 'obsolete', today, now);
    }),
  );
  if (entries.length === 0) return;
  // Unordered: a key already there (a second import of the same case) is skipped, the rest go in.
  await reminderOutboxModel(connection)
    .collection.insertMany(entries as never[], { ordered: false })
    .catch((error: unknown) => {
      const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw error;
    });
}
