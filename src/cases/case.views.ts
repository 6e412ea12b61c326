import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { CLOCK_RULES, isMinimumPeriodClock } from '../calendar/clock-rules.js';
import { type Clock, clockStatusOn, workingDaysLeft } from '../calendar/clock-state.js';
import { MissingHolidayDataError } from '../calendar/bank-holidays.js';
import type { Principal } from '../access/principal.js';
import type { CaseContext } from '../../workflows/case-workflow.js';
import { clockStageEnded } from '../../workflows/clock-stages.js';
import { EVENT_ROLES } from '../../workflows/event-roles.js';
import type { CaseRecord, OpenDeadline } from './case.record.js';
import { seesFullCase } from './case.access.js';
import type { CaseSummary } from './case-summary.js';
import type { CaseListRow } from './case-summary.queries.js';

export interface DeadlineView {
  clockId: string;
  title: string;
  kind: string;
  startedOn: CalendarDate;
  originalDueOn: CalendarDate;
  dueOn: CalendarDate;
  status: string;
  /** Someone else's expected reply (the Panel's), shown but never the partnership's overdue. */
  soft: boolean;
  /** When (machine version 3 on) and why the clock's stage ended without its event; null otherwise. */
  lapsedOn: CalendarDate | null;
  lapseReason: string | null;
  /** Working days from today to the due date (negative when overdue); null once met or beyond the holiday data. */
  workingDaysLeft: number | null;
  metOn: CalendarDate | null;
  lateReason: string | null;
  revisions: Clock['revisions'];
  pauses: NonNullable<Clock['pauses']>;
}

const RULES = new Map(CLOCK_RULES.map((rule) => [rule.id, rule]));

/**
 * A clock's status on `today` and the working days left to its due date (null once met or lapsed,
 * or beyond the holiday data). `ended`: the case has closed or left the clock's stage (a case on
 * an older machine version carries no lapse of its own), so an unmet clock shows as lapsed.
 */
function clockStanding(
  clock: Pick<Clock, 'clockId' | 'dueOn' | 'metOn' | 'lapsedOn'>,
  today: CalendarDate,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
  ended = false,
) {
  let status: string;
  let left: number | null = null;
  if (clock.metOn === undefined && (clock.lapsedOn !== undefined || ended)) return { status: 'lapsed', workingDaysLeft: left };
  try {
    status = clockStatusOn(clock, today, calendar, warnWorkingDays);
    if (clock.metOn === undefined) left = workingDaysLeft(clock, today, calendar);
  } catch (error) {
    // A due date beyond the holiday data is still a date; its status must not be guessed.
    if (!(error instanceof MissingHolidayDataError)) throw error;
    status = clock.metOn === undefined ? (today > clock.dueOn ? 'overdue' : 'pending') : clock.metOn <= clock.dueOn ? 'met' : 'breached';
  }
  return { status, workingDaysLeft: left };
}

export function deadlineView(
  clock: Clock,
  today: CalendarDate,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
  ended = false,
): DeadlineView {
  const rule = RULES.get(clock.clockId);
  const { status, workingDaysLeft: left } = clockStanding(clock, today, calendar, warnWorkingDays, ended);
  return {
    clockId: clock.clockId,
    title: rule?.title ?? clock.clockId,
    kind: rule?.status ?? 'local',
    startedOn: clock.startedOn,
    originalDueOn: clock.originalDueOn,
    dueOn: clock.dueOn,
    status,
    soft: rule?.soft ?? false,
    lapsedOn: clock.lapsedOn ?? null,
    lapseReason: clock.lapseReason ?? null,
    workingDaysLeft: left,
    metOn: clock.metOn ?? null,
    lateReason: clock.lateReason ?? null,
    revisions: clock.revisions,
    pauses: clock.pauses ?? [],
  };
}

export interface ViewContext {
  today: CalendarDate;
  calendar: HolidayCalendar;
  warnWorkingDays: number;
  acceptedEvents: string[];
}

/** The case as the principal may see it: the whole record, or an agency's narrow view. */
export function caseView(record: CaseRecord, principal: Principal, view: ViewContext) {
  const context = (record.workflow.snapshot as { context: CaseContext }).context;
  const sent = context.rapidReview.submissions.length;
  const deadlines = record.clocks.map((clock) =>
    deadlineView(
      clock,
      view.today,
      view.calendar,
      view.warnWorkingDays,
      !isMinimumPeriodClock(clock.clockId) && (record.final || clockStageEnded(clock, record.stage, sent)),
    ),
  );
  const common = {
    id: record._id,
    reference: record.reference,
    // The case's reference in the partnership's own log, when it was imported from it (src/imports).
    ...(record.formerReference ? { formerReference: record.formerReference } : {}),
    route: record.route,
    state: record.state,
    stage: record.stage,
    final: record.final,
    version: record.version,
    openedOn: record.openedOn,
    updatedAt: record.updatedAt.toISOString(),
    acceptedEvents: view.acceptedEvents,
  };
  if (!seesFullCase(principal)) {
    const organisationId = principal.organisationId;
    return {
      ...common,
      referredByYou: record.referringOrganisationId === organisationId,
      informationRequests: context.agencyRequests
        .filter((request) => request.agency === organisationId)
        .map(({ agency, requestedOn, dueOn, returnedOn }) => ({ agency, requestedOn, dueOn, returnedOn })),
      deadlines: deadlines.filter((deadline) => deadline.clockId === 'agency-returns'),
      caseData: record.referringOrganisationId === organisationId ? record.caseData : undefined,
    };
  }
  return {
    ...common,
    edition: record.edition,
    machine: { id: record.workflow.machineId, version: record.workflow.machineVersion },
    // A closed case has nothing due, whatever a case stored before clocks lapsed still carries.
    nextDueOn: record.final ? null : record.nextDueOn,
    referringOrganisationId: record.referringOrganisationId,
    organisationIds: record.organisationIds,
    caseData: record.caseData,
    deadlines,
    record: context,
  };
}

export type CaseView = ReturnType<typeof caseView>;

/** A case in a list: enough to triage, nothing more. */
export function caseListItem(record: CaseListRow, principal: Principal, today: CalendarDate) {
  // Which clock the next deadline is: the earliest open one (the same the summary took nextDueOn from).
  const next = (record.openDeadlines ?? []).reduce<CaseListRow['openDeadlines'][number] | null>(
    (soonest, clock) => (soonest === null || clock.dueOn < soonest.dueOn ? clock : soonest),
    null,
  );
  return {
    id: record._id,
    reference: record.reference,
    route: record.route,
    state: record.state,
    stage: record.stage,
    final: record.final,
    version: record.version,
    openedOn: record.openedOn,
    nextDueOn: seesFullCase(principal) ? record.nextDueOn : undefined,
    nextDeadline: seesFullCase(principal)
      ? next && { clockId: next.clockId, title: RULES.get(next.clockId)?.title ?? next.clockId, dueOn: next.dueOn }
      : undefined,
    // A closed case is never overdue, whatever an old stored summary says.
    overdue: !record.final && record.nextDueOn !== null && record.nextDueOn < today,
  };
}

/** An open deadline as My work lists it: the same title, status and working days as the case view's. */
function openDeadlineView(deadline: OpenDeadline, view: Omit<ViewContext, 'acceptedEvents'>) {
  return {
    clockId: deadline.clockId,
    title: RULES.get(deadline.clockId)?.title ?? deadline.clockId,
    dueOn: deadline.dueOn,
    ...clockStanding(deadline, view.today, view.calendar, view.warnWorkingDays),
  };
}

/**
 * An open case as My work shows it, built from its summary alone: the events the principal's role
 * may send now, the partners who have signed off already, the open deadlines and the outstanding
 * information requests to the principal's organisation, narrowed as the case view is (an agency
 * sees only the agency-returns clock).
 */
export function caseWorkItem(summary: CaseSummary, principal: Principal, view: Omit<ViewContext, 'acceptedEvents'>) {
  const full = seesFullCase(principal);
  return {
    id: summary._id,
    reference: summary.reference,
    route: summary.route,
    state: summary.state,
    acceptedEvents: summary.acceptedEvents.filter((type) => EVENT_ROLES[type].includes(principal.role)),
    signedOffBy: summary.signedOffBy,
    deadlines: summary.openDeadlines
      .filter((deadline) => full || deadline.clockId === 'agency-returns')
      .map((deadline) => openDeadlineView(deadline, view)),
    informationRequests: principal.organisationId
      ? summary.outstandingRequests.filter((request) => request.agency === principal.organisationId)
      : [],
  };
}

export type CaseWorkItem = ReturnType<typeof caseWorkItem>;
