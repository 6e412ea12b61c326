import { isChasedClock, type Clock } from '../calendar/clock-state.js';
import type { CaseContext, WorkflowView } from '../../workflows/case-workflow.js';
import { clockStageEnded } from '../../workflows/clock-stages.js';
import type { CaseTransitionSet } from './case.repository.js';
import type { OpenDeadline } from './case.record.js';

/** Where a case stands, as the deadline read models need it. */
export interface CaseStanding {
  clocks: readonly Clock[];
  stage: string;
  final: boolean;
  context: Pick<CaseContext, 'rapidReview'>;
}

/**
 * The clocks the partnership is chased for (dashboard, My work, sweeper, reminders, feeds): none
 * once the case is closed; otherwise unmet, not lapsed, neither soft (the Panel's reply) nor a
 * minimum period, and still in their stage. Machine version 3 lapses a clock when its stage ends;
 * the stage test keeps cases stored on older versions (never migrated) from showing overdue too.
 * @example chasedClocks({ clocks, stage: 'closed', final: true, context }) //=> []
 */
export function chasedClocks(standing: CaseStanding): Clock[] {
  if (standing.final) return [];
  const sent = standing.context.rapidReview.submissions.length;
  return standing.clocks.filter((clock) => isChasedClock(clock) && !clockStageEnded(clock, standing.stage, sent));
}

/** Deadlines the partnership is chased for (see {@link chasedClocks}). */
export function openDeadlinesOf(standing: CaseStanding): OpenDeadline[] {
  return chasedClocks(standing).map((clock) => ({ clockId: clock.clockId, dueOn: clock.dueOn }));
}

export function earliest(dates: string[]): string | null {
  return dates.length === 0 ? null : dates.reduce((a, b) => (b < a ? b : a));
}

/** The earliest open due date the sweeper has not yet recorded as passed. */
export function sweepDueOnOf(context: Pick<CaseContext, 'deadlineNotices'>, open: readonly OpenDeadline[]): string | null {
  const noted = new Set(context.deadlineNotices.map((notice) => `${notice.clockId}@${notice.dueOn}`));
  return earliest(open.filter((deadline) => !noted.has(`${deadline.clockId}@${deadline.dueOn}`)).map((deadline) => deadline.dueOn));
}

/** Everything stored beside the snapshot is derived from it here, and only here. */
export function derivedFields(view: WorkflowView, referringOrganisationId: string | null, now: Date): CaseTransitionSet {
  const openDeadlines = openDeadlinesOf({ clocks: view.clocks, stage: view.stage, final: view.final, context: view.context });
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
    // A closed case has no open deadline (chasedClocks), so nothing due and nothing to sweep.
    nextDueOn: earliest(openDeadlines.map((deadline) => deadline.dueOn)),
    sweepDueOn: sweepDueOnOf(view.context, openDeadlines),
    organisationIds: [...new Set([...(referringOrganisationId ? [referringOrganisationId] : []), ...requested])],
    reviewerIds: reviewer ? [reviewer] : [],
    updatedAt: now,
  };
}
