import mongoose, { Schema } from 'mongoose';
import type { CaseRecord } from './case.record.js';
import { caseSummaryModels } from './case-summary.model.js';

const CaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    reference: { type: String, required: true },
    route: { type: String, required: true },
    edition: { type: String, required: true },
    workflow: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    stage: { type: String, required: true },
    final: { type: Boolean, required: true },
    version: { type: Number, required: true },
    clocks: { type: [Schema.Types.Mixed], default: [] },
    openDeadlines: { type: [Schema.Types.Mixed], default: [] },
    nextDueOn: { type: String, default: null },
    sweepDueOn: { type: String, default: null },
    referringOrganisationId: { type: String, default: null },
    organisationIds: { type: [String], default: [] },
    reviewerIds: { type: [String], default: [] },
    caseData: { type: Schema.Types.Mixed, required: true },
    openedOn: { type: String, required: true },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    idempotencyKeys: { type: [String], default: [] },
    history: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'cases', strict: 'throw', versionKey: false, minimize: false, id: false },
);

// Plain and unique indexes only (ARCHITECTURE decision 5). Partnership first everywhere, as the
// shard key will be on a sharded cluster. Cases are read by `_id` (and the reference must be
// unique); every list, the dashboard, My work and the sweeper read `case_summaries`, whose indexes
// serve them, so no other index on `cases` earns the cost of keeping it on every write.
CaseSchema.index({ partnershipId: 1, reference: 1 }, { unique: true });

/**
 * Indexes earlier versions built on `cases` for reads that now go to `case_summaries`: dropped at
 * start-up (each is one more index entry rewritten on every transition).
 */
export const RETIRED_CASE_INDEXES = [
  'partnershipId_1_nextDueOn_1',
  'partnershipId_1_openDeadlines.dueOn_1',
  'partnershipId_1_state_1',
  'partnershipId_1_organisationIds_1',
  'sweepDueOn_1',
] as const;

const CounterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', strict: 'throw', versionKey: false },
);

/** The case component's models: cases, their reference counters and their summaries (the read model). */
export function caseModels(connection: mongoose.Connection) {
  return {
    ...caseSummaryModels(connection),
    ...({
      Case: connection.models['Case'] ?? connection.model('Case', CaseSchema),
      Counter: connection.models['Counter'] ?? connection.model('Counter', CounterSchema),
    } as {
      Case: mongoose.Model<CaseRecord>;
      Counter: mongoose.Model<{ _id: string; seq: number }>;
    }),
  };
}

export type CaseModels = ReturnType<typeof caseModels>;
