import mongoose, { type Model, Schema } from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { MEETING_KINDS, type MeetingKind } from './meeting.schemas.js';

/** A meeting about a case (`meetings`): when it was held, who attended, its minutes. */
export interface MeetingRecord {
  _id: string;
  partnershipId: string;
  caseId: string;
  kind: MeetingKind;
  heldOn: CalendarDate;
  attendees: { organisationId: string; role: string; name?: string }[];
  minutesText: string | null;
  minutesDocumentId: string | null;
  recordedBy: string;
  recordedAt: Date;
  /** With an Idempotency-Key: the request's fingerprint, to tell a retry from a reused key. */
  requestHash?: string;
}

const MeetingSchema = new Schema<MeetingRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    caseId: { type: String, required: true },
    kind: { type: String, enum: MEETING_KINDS, required: true },
    heldOn: { type: String, required: true },
    attendees: {
      type: [
        new Schema(
          { organisationId: { type: String, required: true }, role: { type: String, required: true }, name: { type: String } },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
    minutesText: { type: String, default: null, maxlength: 20_000 },
    minutesDocumentId: { type: String, default: null },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    requestHash: { type: String },
  },
  { collection: 'meetings', strict: 'throw', versionKey: false, id: false },
);
MeetingSchema.index({ partnershipId: 1, caseId: 1, heldOn: 1 });

export function meetingModel(connection: mongoose.Connection): Model<MeetingRecord> {
  return (connection.models['Meeting'] as Model<MeetingRecord> | undefined) ?? connection.model<MeetingRecord>('Meeting', MeetingSchema);
}
