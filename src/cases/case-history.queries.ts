import type mongoose from 'mongoose';
import { op } from '../database/trusted-operators.js';
import { caseModels } from './case.model.js';
import type { CaseRecord } from './case.record.js';

export type CaseHistoryRow = Pick<CaseRecord, '_id' | 'partnershipId' | 'reference' | 'history' | 'caseData'>;

/** What a component acting on recorded transitions reads of one history entry (no more). */
export interface RecordedStep {
  seq: number;
  type: string;
  actor: { userId: string };
  at: string;
  fields: Record<string, unknown>;
  effects: { kind: string; detail: Record<string, unknown> }[];
  /** Set on steps brought in by the case-log import (they owe no messages). */
  imported?: unknown;
}

/**
 * The case component's query for components that act on what transitions recorded (the message
 * outbox, src/messages, and the information requests it links to): the histories (and the case
 * data, for what an asked agency is shown) of a partnership's cases changed at or after `since`. The
 * changed cases are found through their summaries (small documents), then read by id.
 */
export function caseHistoryQueries(connection: mongoose.Connection) {
  const { Case, CaseSummary } = caseModels(connection);
  return {
    async *changedSince(partnershipId: string, since: Date, chunk = 100): AsyncGenerator<CaseHistoryRow> {
      const ids = (
        await CaseSummary.find({ partnershipId, updatedAt: op({ $gte: since }) })
          .select({ _id: 1 })
          .lean<{ _id: string }[]>()
      ).map((row) => row._id);
      for (let start = 0; start < ids.length; start += chunk) {
        const rows = await Case.find({ partnershipId, _id: op({ $in: ids.slice(start, start + chunk) }) })
          .select({ _id: 1, partnershipId: 1, reference: 1, history: 1, caseData: 1 })
          .lean<CaseHistoryRow[]>();
        yield* rows;
      }
    },
  };
}
