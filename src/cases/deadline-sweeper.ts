import type { Clock } from '../calendar/clock-state.js';
import { InvalidTransitionError, RuleViolationError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { createIntervalTask } from '../shared/interval-task.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { applyCaseEvent, type CaseContext, type CaseEvent } from '../../workflows/case-workflow.js';
import type { CaseRecord } from './case.record.js';
import type { CaseRepository } from './case.repository.js';
import { saveTransition } from './case-transition.js';
import { chasedClocks } from './case-derived.js';

export const SWEEPER_ACTOR = { userId: 'deadline-sweeper', role: 'system' } as const;
const MAX_ATTEMPTS = 5;
const BATCH = 500;

export interface SweepResult {
  examined: number;
  recorded: number;
  /** Transitions lost to another writer (another sweeper or a user) and retried. */
  retried: number;
}

/**
 * Chased clocks (not closed, not lapsed or left behind, not soft, not a minimum period) past due
 * with no `deadline.passed` recorded yet for that due date.
 */
export function unrecordedOverdueClocks(record: CaseRecord, today: string): Clock[] {
  const context = (record.workflow.snapshot as { context: CaseContext }).context;
  const noted = new Set(context.deadlineNotices.map((notice) => `${notice.clockId}@${notice.dueOn}`));
  return chasedClocks({ clocks: record.clocks, stage: record.stage, final: record.final, context }).filter(
    (clock) => clock.dueOn < today && !noted.has(`${clock.clockId}@${clock.dueOn}`),
  );
}

/**
 * Records `deadline.passed` for every overdue clock, exactly once: each record is a normal
 * compare-and-set transition, so when two instances sweep the same case one of them loses the
 * race, re-reads the case, finds the deadline already recorded and moves on.
 */
export function createDeadlineSweeper(deps: { repository: CaseRepository; partnerships: PartnershipDirectory; clock: SystemClock }) {
  async function sweepCase(id: string, partnershipId: string, today: string, result: SweepResult): Promise<void> {
    const settings = await deps.partnerships.get(partnershipId);
    if (!settings) return;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = await deps.repository.find(partnershipId, id);
      const clock = record && !record.final ? unrecordedOverdueClocks(record, today)[0] : undefined;
      if (!record || !clock) return;
      const now = deps.clock.now();
      const event = { type: 'deadline.passed', clockId: clock.clockId, actor: SWEEPER_ACTOR, at: now.toISOString() } as CaseEvent;
      let view;
      try {
        view = applyCaseEvent(settings.workflow, record.workflow, event);
      } catch (error) {
        if (error instanceof InvalidTransitionError || error instanceof RuleViolationError) {
          logger.warn('deadline not recordable in this state', { caseId: id, clockId: clock.clockId, state: record.state });
          return;
        }
        throw error;
      }
      const saved = await saveTransition(deps.repository, record, view, event, now);
      if (saved) {
        result.recorded += 1;
        attempt = -1; // the next overdue clock of this case, if any, starts with fresh attempts
      } else {
        result.retried += 1;
      }
    }
  }

  async function sweepOnce(): Promise<SweepResult> {
    const today = todayInEngland(deps.clock);
    const result: SweepResult = { examined: 0, recorded: 0, retried: 0 };
    // First, any summary a dead write left stale (usually one small indexed read finding none),
    // so the candidates below come from summaries that match their cases.
    await deps.repository.repairSummaries();
    for (const candidate of await deps.repository.sweepCandidates(today, BATCH)) {
      result.examined += 1;
      await sweepCase(candidate._id, candidate.partnershipId, today, result);
    }
    if (result.recorded > 0) logger.info('deadline sweep', { ...result });
    return result;
  }

  const task = createIntervalTask('deadline sweep', sweepOnce);
  return {
    sweepOnce,
    /** Sweeps every `intervalMs` in the background; a sweep never overlaps the previous one. */
    start: task.start,
    stop: task.stop,
  };
}

export type DeadlineSweeper = ReturnType<typeof createDeadlineSweeper>;
