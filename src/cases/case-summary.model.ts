import mongoose, { Schema } from 'mongoose';
import type { CaseSummary } from './case-summary.js';

const CaseSummarySchema = new Schema(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    reference: { type: String, required: true },
    route: { type: String, required: true },
    state: { type: String, required: true },
    stage: { type: String, required: true },
    final: { type: Boolean, required: true },
    open: { type: Boolean, required: true },
    version: { type: Number, required: true },
    openedOn: { type: String, required: true },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    nextDueOn: { type: String, default: null },
    sweepDueOn: { type: String, default: null },
    openDeadlines: { type: [Schema.Types.Mixed], default: [] },
    openMinimumPeriods: { type: [Schema.Types.Mixed], default: [] },
    organisationIds: { type: [String], default: [] },
    reviewerIds: { type: [String], default: [] },
    referringOrganisationId: { type: String, default: null },
    acceptedEvents: { type: [String], default: [] },
    signedOffBy: { type: [String], default: [] },
    outstandingRequests: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'case_summaries', strict: 'throw', versionKey: false, minimize: false, id: false },
);

// Plain indexes only (ARCHITECTURE decision 5), partnership first as on `cases`. The hot filters
// start with top-level equality (`partnershipId`, `open`), which FerretDB can push down to SQLite.
CaseSummarySchema.index({ partnershipId: 1, open: 1, nextDueOn: 1 }); // My work, feeds, reminders
CaseSummarySchema.index({ partnershipId: 1, nextDueOn: 1 }); // the case list, sorted by next due date
CaseSummarySchema.index({ partnershipId: 1, open: 1, 'openDeadlines.dueOn': 1 }); // the deadline dashboard
CaseSummarySchema.index({ partnershipId: 1, state: 1 }); // the list filtered by state
CaseSummarySchema.index({ open: 1, sweepDueOn: 1 }); // the sweeper, across partnerships
CaseSummarySchema.index({ partnershipId: 1, updatedAt: 1 }); // the message outbox: cases changed since its last pass

/**
 * A summary write in flight: inserted before the case is written and deleted once its summary is,
 * so a process that dies in between leaves a note saying which summary to re-derive.
 */
export interface CaseSummaryIntent {
  _id: string;
  caseId: string;
  partnershipId: string;
  /** Wall-clock time of the write (not the business clock), to tell a dead write from one in flight. */
  at: Date;
}

const CaseSummaryIntentSchema = new Schema<CaseSummaryIntent>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    partnershipId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'case_summary_intents', strict: 'throw', versionKey: false, id: false },
);
CaseSummaryIntentSchema.index({ at: 1 });

/**
 * Says that every case stored before it was written has its summary: written once the start-up
 * backfill has run, so later start-ups skip it. Counting documents is no shortcut on the embedded
 * database: FerretDB's SQLite backend counts by decoding every document (over a minute at 20,000
 * cases), and a count runs before the service is ready.
 */
export interface CaseSummaryBackfill {
  /** `case-summaries-derivation-N`: every summary re-derived (or built) once for derivation N. */
  _id: string;
  /** Wall-clock time of the backfill that wrote it. */
  at: Date;
  built: number;
}

const CaseSummaryBackfillSchema = new Schema<CaseSummaryBackfill>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    built: { type: Number, required: true },
  },
  { collection: 'case_summary_backfills', strict: 'throw', versionKey: false, id: false },
);

export function caseSummaryModels(connection: mongoose.Connection) {
  return {
    CaseSummary: connection.models['CaseSummary'] ?? connection.model('CaseSummary', CaseSummarySchema),
    CaseSummaryIntent: connection.models['CaseSummaryIntent'] ?? connection.model('CaseSummaryIntent', CaseSummaryIntentSchema),
    CaseSummaryBackfill: connection.models['CaseSummaryBackfill'] ?? connection.model('CaseSummaryBackfill', CaseSummaryBackfillSchema),
  } as {
    CaseSummary: mongoose.Model<CaseSummary>;
    CaseSummaryIntent: mongoose.Model<CaseSummaryIntent>;
    CaseSummaryBackfill: mongoose.Model<CaseSummaryBackfill>;
  };
}

export type CaseSummaryModels = ReturnType<typeof caseSummaryModels>;
