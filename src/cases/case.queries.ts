import type mongoose from 'mongoose';
import type { Clock } from '../calendar/clock-state.js';
import { caseModels } from './case.model.js';

/** What another component may know of a case's clocks: whose case it is, whether it is closed, its clocks. */
export interface CaseClocks {
  partnershipId: string;
  final: boolean;
  clocks: Clock[];
}

/**
 * The cases component's read port for other components (reminders): they read a case's clocks
 * through this, never the `cases` collection itself, so its layout stays this component's own.
 */
export function caseClockQueries(connection: mongoose.Connection) {
  const { Case } = caseModels(connection);
  return {
    /** The case's current clocks (undefined when there is no such case). */
    async clocksOf(caseId: string): Promise<CaseClocks | undefined> {
      const record = await Case.findOne({ _id: caseId }).select({ partnershipId: 1, final: 1, clocks: 1 }).lean<CaseClocks>();
      return record ?? undefined;
    },
  };
}
