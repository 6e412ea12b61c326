import type { CalendarDate } from '../calendar/calendar-date.js';
import { isMinimumPeriodClock } from '../calendar/clock-rules.js';
import type { Clock } from '../calendar/clock-state.js';
import { EVENT_ROLES } from '../../workflows/event-roles.js';
import type { Partner } from '../../workflows/roles.js';
import { acceptedEventsOfStored, type CaseContext, type EventType, WorkflowRestoreError } from '../../workflows/case-workflow.js';
import type { CaseRecord } from './case.record.js';
import { chasedClocks, earliest, sweepDueOnOf } from './case-derived.js';

/**
 * An unmet clock as the summary keeps it: its due date, and the rest only when it says something
 * (the calendar feeds show an extension, a pause and the revision count).
 */
export interface SummaryClock {
  clockId: Clock['clockId'];
  dueOn: CalendarDate;
  /** Only when an extension moved the due date. */
  originalDueOn?: CalendarDate;
  /** Only while the clock is paused. */
  pausedFrom?: CalendarDate;
  /** How many times the due date was revised; only when it was. */
  revisions?: number;
}

/** An information request to an agency that has not come back yet. */
export interface OutstandingRequest {
  agency: string;
  requestedOn: CalendarDate;
  dueOn: CalendarDate | null;
}

/**
 * The derived read model of a case (`case_summaries`): what the lists, the deadline dashboard,
 * My work, the sweeper, the reminders and the calendar feeds read, a few hundred bytes instead of
 * the case's snapshot and history. The case document stays the only source of truth; this is
 * rebuilt from it whenever it changes.
 */
export interface CaseSummary {
  _id: string;
  partnershipId: string;
  reference: string;
  route: string;
  state: string;
  stage: string;
  final: boolean;
  /** `!final`, kept as a field so the hot filters are plain top-level equality (`{ partnershipId, open: true }`). */
  open: boolean;
  version: number;
  openedOn: CalendarDate;
  openedAt: Date;
  updatedAt: Date;
  nextDueOn: CalendarDate | null;
  sweepDueOn: CalendarDate | null;
  /** The clocks the partnership is chased for (`chasedClocks`: none once closed), with the feeds' details. */
  openDeadlines: SummaryClock[];
  /** Unmet minimum-period clocks (the report kept published): only the feeds show them. */
  openMinimumPeriods: SummaryClock[];
  organisationIds: string[];
  reviewerIds: string[];
  referringOrganisationId: string | null;
  /** Events a person may send now, any role (My work filters by role); none once closed. */
  acceptedEvents: EventType[];
  /** Partners who have already given the sign-off the state asks for (My work does not ask them again). */
  signedOffBy: Partner[];
  outstandingRequests: OutstandingRequest[];
}

function summaryClock(clock: Clock): SummaryClock {
  return {
    clockId: clock.clockId,
    dueOn: clock.dueOn,
    ...(clock.originalDueOn !== clock.dueOn ? { originalDueOn: clock.originalDueOn } : {}),
    ...(clock.pausedFrom !== undefined ? { pausedFrom: clock.pausedFrom } : {}),
    ...(clock.revisions.length > 0 ? { revisions: clock.revisions.length } : {}),
  };
}

/** Events some person may send: the sweeper's own `deadline.passed` is nobody's work. */
function peopleMaySend(type: EventType): boolean {
  return EVENT_ROLES[type].some((role) => role !== 'system');
}

function acceptedByPeople(record: CaseRecord): EventType[] {
  if (record.final) return [];
  try {
    return acceptedEventsOfStored(record.workflow).filter(peopleMaySend);
  } catch (error) {
    // A snapshot that cannot be restored is a server fault the case page reports; the summary
    // simply offers nothing to do rather than fail every write and read around it.
    if (error instanceof WorkflowRestoreError) return [];
    throw error;
  }
}

/**
 * The summary of a stored case. Pure: the same case always gives the same summary.
 * @example summariseCase(record).open //=> !record.final
 */
export function summariseCase(record: CaseRecord): CaseSummary {
  const context = (record.workflow.snapshot as { context: CaseContext }).context;
  // Re-derived from the clocks rather than copied from the case, so a re-summarised case stored
  // before closed cases and ended stages stopped counting reads right too.
  const chased = chasedClocks({ clocks: record.clocks, stage: record.stage, final: record.final, context });
  const openDeadlines = chased.map((clock) => ({ clockId: clock.clockId, dueOn: clock.dueOn }));
  const unmetMinimumPeriods = record.clocks.filter((clock) => clock.metOn === undefined && isMinimumPeriodClock(clock.clockId));
  const acceptedEvents = acceptedByPeople(record);
  // A state asks for one sign-off at a time: the rapid review's, or later the local review's.
  const signOffs = acceptedEvents.includes('rapid-review.signed-off')
    ? context.rapidReview.signOffs
    : acceptedEvents.includes('local-review.signed-off')
      ? context.localReview.signOffs
      : [];
  return {
    _id: record._id,
    partnershipId: record.partnershipId,
    reference: record.reference,
    route: record.route,
    state: record.state,
    stage: record.stage,
    final: record.final,
    open: !record.final,
    version: record.version,
    openedOn: record.openedOn,
    openedAt: record.openedAt,
    updatedAt: record.updatedAt,
    nextDueOn: earliest(openDeadlines.map((deadline) => deadline.dueOn)),
    sweepDueOn: sweepDueOnOf(context, openDeadlines),
    openDeadlines: chased.map(summaryClock),
    openMinimumPeriods: unmetMinimumPeriods.map(summaryClock),
    organisationIds: record.organisationIds,
    reviewerIds: record.reviewerIds,
    referringOrganisationId: record.referringOrganisationId,
    acceptedEvents,
    signedOffBy: signOffs.map((signOff) => signOff.partner),
    outstandingRequests: context.agencyRequests
      .filter((request) => request.returnedOn === null)
      .map(({ agency, requestedOn, dueOn }) => ({ agency, requestedOn, dueOn })),
  };
}
