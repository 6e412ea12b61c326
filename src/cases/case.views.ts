import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { CLOCK_RULES } from '../calendar/clock-rules.js';
import { type Clock, clockStatusOn, workingDaysLeft } from '../calendar/clock-state.js';
import { MissingHolidayDataError } from '../calendar/bank-holidays.js';
import type { Principal } from '../access/principal.js';
import type { CaseContext } from '../../workflows/case-workflow.js';
import type { CaseHistoryEntry, CaseRecord } from './case.record.js';
import { seesFullCase } from './case.access.js';

export interface DeadlineView {
  clockId: string;
  title: string;
  kind: string;
  startedOn: CalendarDate;
  originalDueOn: CalendarDate;
  dueOn: CalendarDate;
  status: string;
  /** Working days from today to the due date (negative when overdue); null once met or beyond the holiday data. */
  workingDaysLeft: number | null;
  metOn: CalendarDate | null;
  lateReason: string | null;
  revisions: Clock['revisions'];
  pauses: NonNullable<Clock['pauses']>;
}

const RULES = new Map(CLOCK_RULES.map((rule) => [rule.id, rule]));

export function deadlineView(clock: Clock, today: CalendarDate, calendar: HolidayCalendar, warnWorkingDays: number): DeadlineView {
  const rule = RULES.get(clock.clockId);
  let status: string;
  let left: number | null = null;
  try {
    status = clockStatusOn(clock, today, calendar, warnWorkingDays);
    if (clock.metOn === undefined) left = workingDaysLeft(clock, today, calendar);
  } catch (error) {
    // A due date beyond the holiday data is still a date; its status must not be guessed.
    if (!(error instanceof MissingHolidayDataError)) throw error;
    status = clock.metOn === undefined ? (today > clock.dueOn ? 'overdue' : 'pending') : clock.metOn <= clock.dueOn ? 'met' : 'breached';
  }
  return {
    clockId: clock.clockId,
    title: rule?.title ?? clock.clockId,
    kind: rule?.status ?? 'local',
    startedOn: clock.startedOn,
    originalDueOn: clock.originalDueOn,
    dueOn: clock.dueOn,
    status,
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
  const deadlines = record.clocks.map((clock) => deadlineView(clock, view.today, view.calendar, view.warnWorkingDays));
  const common = {
    id: record._id,
    reference: record.reference,
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
    nextDueOn: record.nextDueOn,
    referringOrganisationId: record.referringOrganisationId,
    organisationIds: record.organisationIds,
    caseData: record.caseData,
    deadlines,
    record: context,
  };
}

export type CaseView = ReturnType<typeof caseView>;

/** A case in a list: enough to triage, nothing more. */
export function caseSummary(record: CaseRecord, principal: Principal, today: CalendarDate) {
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
    overdue: record.nextDueOn !== null && record.nextDueOn < today,
  };
}

/** A history entry for the timeline: the opening's case data is not repeated here. */
export function historyView(entry: CaseHistoryEntry) {
  return {
    seq: entry.seq,
    type: entry.type,
    actor: { userId: entry.actor.userId, role: entry.actor.role, organisationId: entry.actor.organisationId },
    at: entry.at,
    stateBefore: entry.stateBefore,
    stateAfter: entry.stateAfter,
    version: entry.version,
    fields: entry.type === 'case.opened' ? {} : entry.fields,
  };
}
