import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { canSeeCase, listScope, seesFullCase } from '../cases/case.access.js';
import type { CaseSummary, SummaryClock } from '../cases/case-summary.js';
import { caseSummaryQueries } from '../cases/case-summary.queries.js';
import { NotFoundError } from '../errors/app-errors.js';
import { reminderLink } from '../reminders/reminder.message.js';
import { clockTitle, isStatutoryClock } from '../reminders/reminder.rules.js';
import type { ActionDeadlineSource, OverdueAction } from '../reminders/reminder.types.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { type AllDayEvent, writeCalendar } from './ical.writer.js';

/** Events in one feed at most (the soonest first). */
export const MAX_FEED_EVENTS = 2000;
const PROD_ID = '-//Safeguarding Review Engine//Deadline feed//EN';
const UID_DOMAIN = 'safeguarding-review-engine';

/**
 * Clocks a principal sees in a feed: every unmet clock for roles that see whole cases, only the
 * agency-returns clock for an agency (as the case view, src/cases/case.views.ts).
 */
function visibleOpenClocks(record: CaseSummary, principal: Principal): SummaryClock[] {
  if (record.final) return [];
  const open = [...record.openDeadlines, ...record.openMinimumPeriods];
  return seesFullCase(principal) ? open : open.filter((clock) => clock.clockId === 'agency-returns');
}

/** One event per open clock: the reference and the clock's title, never a child's details. */
export function clockEvent(
  record: Pick<CaseSummary, '_id' | 'reference' | 'updatedAt'>,
  clock: SummaryClock,
  linkBaseUrl: string,
): AllDayEvent {
  const title = clockTitle(clock.clockId);
  const lines = [
    `Case ${record.reference}`,
    `Clock: ${title}${isStatutoryClock(clock.clockId) ? ' (statutory)' : ''}`,
    `Due: ${clock.dueOn}`,
  ];
  if (clock.originalDueOn !== undefined && clock.originalDueOn !== clock.dueOn) lines.push(`Originally due: ${clock.originalDueOn}`);
  if (clock.pausedFrom !== undefined) lines.push(`Paused since ${clock.pausedFrom}`);
  return {
    uid: `case-${record._id}-${clock.clockId}@${UID_DOMAIN}`,
    stamp: record.updatedAt,
    date: clock.dueOn,
    summary: `${record.reference}: ${title}`,
    description: lines.join('\n'),
    url: reminderLink(linkBaseUrl, { kind: 'case-clock', subjectId: record._id }),
    sequence: clock.revisions ?? 0,
    categories: ['Deadline'],
  };
}

/** One event per overdue action, on its target date. */
export function actionEvent(action: OverdueAction, linkBaseUrl: string, fallbackStamp: Date): AllDayEvent {
  const title = clockTitle('action-target');
  return {
    uid: `action-${action.actionId}@${UID_DOMAIN}`,
    stamp: action.updatedAt ?? fallbackStamp,
    date: action.targetOn,
    summary: `${action.reference}: ${title} (overdue)`,
    description: [`Action ${action.reference}`, `Target date: ${action.targetOn}`, 'Overdue'].join('\n'),
    url: reminderLink(linkBaseUrl, { kind: 'action', subjectId: action.actionId }),
    categories: ['Action'],
  };
}

function byDate(a: AllDayEvent, b: AllDayEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

export interface FeedServiceDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  actions: ActionDeadlineSource;
  linkBaseUrl: string;
}

/** The calendar feeds: what the principal may see, as iCalendar text. */
export function createFeedService(deps: FeedServiceDeps) {
  // Case data through the case component's queries: summaries, never whole cases.
  const cases = caseSummaryQueries(deps.connection);

  async function overdueActions(principal: Principal, today: CalendarDate, caseId?: string): Promise<OverdueAction[]> {
    if (principal.role === 'reviewer') return [];
    if (principal.role === 'agency' && !principal.organisationId) return [];
    const actions = await deps.actions.overdueActions({
      partnershipId: principal.partnershipId,
      today,
      limit: MAX_FEED_EVENTS,
      ...(principal.role === 'agency' ? { ownerOrganisationId: principal.organisationId! } : {}),
      ...(caseId ? { caseId } : {}),
    });
    // Defence in depth: whatever a source returns, the tenant and owner rules hold here.
    return actions.filter(
      (action) =>
        action.partnershipId === principal.partnershipId &&
        action.targetOn < today &&
        (principal.role !== 'agency' || action.ownerOrganisationId === principal.organisationId) &&
        (!caseId || action.caseId === caseId),
    );
  }

  return {
    /** GET /api/deadlines.ics: the open deadlines of every case the principal may see, and overdue actions. */
    async partnershipFeed(principal: Principal): Promise<string> {
      const now = deps.clock.now();
      const today = todayInEngland(deps.clock);
      const records = await cases.openCases({ partnershipId: principal.partnershipId, ...listScope(principal) }, MAX_FEED_EVENTS, {
        withDeadline: true,
      });
      const events = records
        .filter((record) => canSeeCase(principal, record))
        .flatMap((record) => visibleOpenClocks(record, principal).map((clock) => clockEvent(record, clock, deps.linkBaseUrl)));
      for (const action of await overdueActions(principal, today)) events.push(actionEvent(action, deps.linkBaseUrl, now));
      return writeCalendar({
        prodId: PROD_ID,
        name: 'Safeguarding deadlines',
        refreshInterval: 'PT1H',
        events: events.sort(byDate).slice(0, MAX_FEED_EVENTS),
      });
    },

    /** GET /api/cases/:id/deadlines.ics: one case's open deadlines (404 for a case the principal may not see). */
    async caseFeed(principal: Principal, caseId: string): Promise<string> {
      const record = await cases.findSummary(principal.partnershipId, caseId);
      if (!record || !canSeeCase(principal, record)) throw new NotFoundError(`No case ${caseId}.`);
      const today = todayInEngland(deps.clock);
      const events = visibleOpenClocks(record, principal).map((clock) => clockEvent(record, clock, deps.linkBaseUrl));
      if (!record.final) {
        for (const action of await overdueActions(principal, today, caseId))
          events.push(actionEvent(action, deps.linkBaseUrl, deps.clock.now()));
      }
      return writeCalendar({
        prodId: PROD_ID,
        name: `Deadlines ${record.reference}`,
        refreshInterval: 'PT1H',
        events: events.sort(byDate),
      });
    },
  };
}

export type FeedService = ReturnType<typeof createFeedService>;
