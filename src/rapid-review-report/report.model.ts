import mongoose, { type Model, Schema } from 'mongoose';
import type { Partner } from '../access/roles.js';
import type { CalendarDate } from '../calendar/calendar-date.js';

/**
 * A case's rapid review report (`rapid_review_reports`, one per case, `_id` = the case id): the
 * business unit's own text (analysis, immediate safety actions, learning), every generated
 * version with the partners' sign-offs and queries of that version, and which version went to
 * the Panel. The DOCX of each version is a version of one case document (src/documents), kind
 * `rapid-review-report`. Changed only by compare-and-set on `rev`.
 */
export interface VersionSignOff {
  partner: Partner;
  userId: string;
  signedOn: CalendarDate;
  at: Date;
}

export interface VersionQuery {
  partner: Partner;
  userId: string;
  comment: string;
  queriedOn: CalendarDate;
  at: Date;
}

export interface ReportVersionRecord {
  version: number;
  /** The version of the case document holding this version's DOCX. */
  documentVersion: number;
  generatedBy: string;
  generatedOn: CalendarDate;
  generatedAt: Date;
  /** The rapid review meeting the decision in this version was taken at (src/meetings), if recorded. */
  meetingId: string | null;
  signOffs: VersionSignOff[];
  queries: VersionQuery[];
  /** The Idempotency-Key (with its sender) the version was generated with, so a retry makes no second version. */
  idempotencyKey?: string;
}

export interface ReportRecord {
  _id: string;
  partnershipId: string;
  caseId: string;
  documentId: string | null;
  text: { analysis: string; immediateSafetyActions: string; learning: string };
  versions: ReportVersionRecord[];
  sentToPanel: { version: number; sentOn: CalendarDate; by: string; at: Date } | null;
  rev: number;
  updatedAt: Date;
}

const SignOffSchema = new Schema<VersionSignOff>(
  {
    partner: { type: String, required: true },
    userId: { type: String, required: true },
    signedOn: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);
const QuerySchema = new Schema<VersionQuery>(
  {
    partner: { type: String, required: true },
    userId: { type: String, required: true },
    comment: { type: String, required: true, maxlength: 4000 },
    queriedOn: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);
const VersionSchema = new Schema<ReportVersionRecord>(
  {
    version: { type: Number, required: true },
    documentVersion: { type: Number, required: true },
    generatedBy: { type: String, required: true },
    generatedOn: { type: String, required: true },
    generatedAt: { type: Date, required: true },
    meetingId: { type: String, default: null },
    signOffs: { type: [SignOffSchema], default: [] },
    queries: { type: [QuerySchema], default: [] },
    idempotencyKey: { type: String },
  },
  { _id: false, strict: 'throw' },
);
const ReportSchema = new Schema<ReportRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    caseId: { type: String, required: true },
    documentId: { type: String, default: null },
    text: {
      analysis: { type: String, default: '', maxlength: 20_000 },
      immediateSafetyActions: { type: String, default: '', maxlength: 20_000 },
      learning: { type: String, default: '', maxlength: 20_000 },
    },
    versions: { type: [VersionSchema], default: [] },
    sentToPanel: {
      type: new Schema({ version: Number, sentOn: String, by: String, at: Date }, { _id: false, strict: 'throw' }),
      default: null,
    },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'rapid_review_reports', strict: 'throw', versionKey: false, id: false, minimize: false },
);
ReportSchema.index({ partnershipId: 1, caseId: 1 }, { unique: true });

export const REPORT_MODEL = 'RapidReviewReport';

export function reportModel(connection: mongoose.Connection): Model<ReportRecord> {
  return (connection.models[REPORT_MODEL] as Model<ReportRecord> | undefined) ?? connection.model<ReportRecord>(REPORT_MODEL, ReportSchema);
}
