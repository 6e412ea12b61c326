import mongoose, { type Model, Schema } from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { InformationQuestions, InformationTemplate, SharedContext } from './information.template.js';

/**
 * One information request to one agency, and that agency's return to it (`information_requests`).
 * The `_id` is derived from the case history entry that asked (information-request.id.ts), so the
 * record is created exactly once however often it is derived. The questions and the shared context
 * are copied when the request is made: editing the template later does not change what was asked.
 *
 * The return: `status` not-started → draft → submitted; a submitted return is read-only. When the
 * business unit reopens it, the submitted version is kept in `previousVersions` and the agency
 * works on version `version + 1`. `revision` changes on every write (the If-Match of the return).
 */

export const RETURN_STATUSES = ['not-started', 'draft', 'submitted'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ChronologyEntry {
  on: CalendarDate;
  contact: string;
}

export interface ReturnAnswer {
  summary: string;
  chronology: ChronologyEntry[];
  analysis: string;
  learning: string;
  /** Documents attached from the documents component (src/documents), by id. */
  documentIds: string[];
}

export interface SubmittedVersion {
  version: number;
  answer: ReturnAnswer;
  submittedOn: CalendarDate;
  submittedAt: Date;
  submittedBy: string;
  reopenedAt: Date;
  reopenedBy: string;
}

export interface InformationRequestRecord {
  _id: string;
  partnershipId: string;
  caseId: string;
  reference: string;
  organisationId: string;
  /** The case history entry that asked. */
  seq: number;
  requestedOn: CalendarDate;
  dueOn: CalendarDate | null;
  requestedBy: string;
  questions: InformationQuestions;
  context: SharedContext;
  status: ReturnStatus;
  version: number;
  revision: number;
  answer: ReturnAnswer | null;
  savedAt: Date | null;
  savedBy: string | null;
  submittedOn: CalendarDate | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  /** When a version was last submitted; kept when reopened, so no submission goes untold (information.sources.ts). */
  lastSubmittedAt: Date | null;
  previousVersions: SubmittedVersion[];
  createdAt: Date;
}

const InformationRequestSchema = new Schema<InformationRequestRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    caseId: { type: String, required: true },
    reference: { type: String, required: true },
    organisationId: { type: String, required: true },
    seq: { type: Number, required: true },
    requestedOn: { type: String, required: true },
    dueOn: { type: String, default: null },
    requestedBy: { type: String, required: true },
    questions: { type: Schema.Types.Mixed, required: true },
    context: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: RETURN_STATUSES },
    version: { type: Number, required: true },
    revision: { type: Number, required: true },
    answer: { type: Schema.Types.Mixed, default: null },
    savedAt: { type: Date, default: null },
    savedBy: { type: String, default: null },
    submittedOn: { type: String, default: null },
    submittedAt: { type: Date, default: null },
    submittedBy: { type: String, default: null },
    lastSubmittedAt: { type: Date, default: null },
    previousVersions: { type: Schema.Types.Mixed, default: () => [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'information_requests', strict: 'throw', versionKey: false, minimize: false, id: false },
);

// Plain indexes only (ARCHITECTURE decision 5), partnership first: a case's requests, an agency's
// requests (My work), the chase (open requests by due date) and returns arrived since a time.
InformationRequestSchema.index({ partnershipId: 1, caseId: 1, seq: 1 });
InformationRequestSchema.index({ partnershipId: 1, organisationId: 1, status: 1 });
InformationRequestSchema.index({ partnershipId: 1, status: 1, dueOn: 1 });
InformationRequestSchema.index({ partnershipId: 1, lastSubmittedAt: 1 });

/** A partnership's own template (`information_templates`, `_id` the partnership id). */
export interface InformationTemplateRecord extends InformationTemplate {
  _id: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

const InformationTemplateSchema = new Schema<InformationTemplateRecord>(
  {
    _id: { type: String, required: true },
    questions: { type: Schema.Types.Mixed, required: true },
    share: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'information_templates', strict: 'throw', versionKey: false, minimize: false, id: false },
);

export function informationModels(connection: mongoose.Connection) {
  return {
    InformationRequest:
      (connection.models['InformationRequest'] as Model<InformationRequestRecord> | undefined) ??
      connection.model<InformationRequestRecord>('InformationRequest', InformationRequestSchema),
    InformationTemplate:
      (connection.models['InformationTemplate'] as Model<InformationTemplateRecord> | undefined) ??
      connection.model<InformationTemplateRecord>('InformationTemplate', InformationTemplateSchema),
  };
}
