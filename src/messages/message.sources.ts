import type mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { type CaseHistoryRow, caseHistoryQueries } from '../cases/case-history.queries.js';
import { messagesOfCase } from './message.derive.js';
import type { MessageDraft, MessageEntry } from './message.model.js';

/**
 * Where messages come from. Each source derives drafts from records stored elsewhere, changed at
 * or after `since`; the planner inserts them by key, so a source may return a draft again and
 * again: it is planned once. Components plug their own sources in (src/information does).
 */
export interface MessageDraftSource {
  /** Names the source's planner mark (`<name>:<partnershipId>`). */
  name: string;
  drafts(partnershipId: string, since: Date, today: CalendarDate, now: Date): AsyncIterable<MessageDraft>;
  /**
   * Asked just before an e-mail of one of `templates` is sent: is it still true? False makes the
   * entry obsolete (a chase for a request already answered). Absent: always true.
   */
  stillApplies?: { templates: readonly string[]; check(entry: MessageEntry, today: CalendarDate): Promise<boolean> };
}

/**
 * Something another component does with each changed case before the pass delivers (src/information
 * creates the request records the e-mails link to). Sharing the one read of the changed cases.
 */
export type ChangedCaseObserver = (row: CaseHistoryRow, now: Date) => Promise<void>;

/** The lifecycle's messages: from the effects and events in cases' histories. */
export function caseHistorySource(connection: mongoose.Connection, observers: readonly ChangedCaseObserver[] = []): MessageDraftSource {
  const cases = caseHistoryQueries(connection);
  return {
    name: 'case-history',
    async *drafts(partnershipId, since, _today, now) {
      for await (const row of cases.changedSince(partnershipId, since)) {
        for (const observe of observers) await observe(row, now);
        yield* messagesOfCase(row, since.toISOString());
      }
    },
  };
}
