import type { Clock } from '../calendar/clock-state.js';
import { isMinimumPeriodClock } from '../calendar/clock-rules.js';
import type { CaseContext, WorkflowView } from '../../workflows/case-workflow.js';
import type { CaseTransitionSet } from './case.repository.js';
import type { OpenDeadline } from './case.record.js';

/** Deadlines not yet met: what the dashboard, the sweeper and the reminders chase. */
export function openDeadlinesOf(clocks: readonly Clock[]): OpenDeadline[] {
  return clocks
    .filter((clock) => clock.metOn === undefined && !isMinimumPeriodClock(clock.clockId))
    .map((clock) => ({ clockId: clock.clockId, dueOn: clock.dueOn }));
}

function earliest(dates: string[]): string | null {
  return dates.length === 0 ? null : dates.reduce((a, b) => (b < a ? b : a));
}

/** The earliest open due date the sweeper has not yet recorded as passed. */
export function sweepDueOnOf(context: CaseContext, open: readonly OpenDeadline[]): string | null {
  const noted = new Set(context.deadlineNotices.map((notice) => `${notice.clockId}@${notice.dueOn}`));
  return earliest(open.filter((deadline) => !noted.has(`${deadline.clockId}@${deadline.dueOn}`)).map((deadline) => deadline.dueOn));
}

/** Everything stored beside the snapshot is derived from it here, and only here. */
export function derivedFields(view: WorkflowView, referringOrganisationId: string | null, now: Date): CaseTransitionSet {
  const openDeadlines = openDeadlinesOf(view.clocks);
  const requested = view.context.agencyRequests.map((request) => request.agency);
  const reviewer = view.context.localReview?.reviewerId;
  return {
    workflow: view.persisted,
    edition: view.context.edition,
    state: view.state,
    stage: view.stage,
    final: view.final,
    clocks: view.clocks,
    openDeadlines,
    nextDueOn: earliest(openDeadlines.map((deadline) => deadline.dueOn)),
    // A closed case has nothing left for the sweeper to record.
    sweepDueOn: view.final ? null : sweepDueOnOf(view.context, openDeadlines),
    organisationIds: [...new Set([...(referringOrganisationId ? [referringOrganisationId] : []), ...requested])],
    reviewerIds: reviewer ? [reviewer] : [],
    updatedAt: now,
  };
}
