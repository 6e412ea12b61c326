import type mongoose from 'mongoose';
import { Schema } from 'mongoose';

/**
 * A published yearly report, frozen: its figures and reviews as given at the as-recorded instant,
 * who approved it and when, who published it. One per partnership and year (the `_id`), never
 * updated: later entries about the year are compared with it, never folded into it.
 */
export interface YearlyReportPublicationRecord {
  _id: string;
  partnershipId: string;
  year: number;
  period: { from: string; to: string };
  asOf: string;
  asRecordedAt: string;
  figures: unknown;
  reviews: unknown;
  /** The body or person that approved the report (e.g. "the safeguarding partners' executive"). */
  approvedBy: string;
  approvedOn: string;
  publishedBy: { userId: string; role: string };
  publishedAt: Date;
}

const PublicationSchema = new Schema<YearlyReportPublicationRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    year: { type: Number, required: true },
    period: { type: Schema.Types.Mixed, required: true },
    asOf: { type: String, required: true },
    asRecordedAt: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    reviews: { type: Schema.Types.Mixed, required: true },
    approvedBy: { type: String, required: true },
    approvedOn: { type: String, required: true },
    publishedBy: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'yearly_report_publications', strict: 'throw', versionKey: false, minimize: false, id: false },
);
PublicationSchema.index({ partnershipId: 1, year: 1 }, { unique: true });

/**
 * The published reports' store: read one, insert one (a second for the same year is a duplicate
 * key, 11000). Plain objects out, never mongoose documents.
 */
export function createYearlyReportPublications(connection: mongoose.Connection) {
  const Publication = (connection.models['YearlyReportPublication'] ??
    connection.model('YearlyReportPublication', PublicationSchema)) as mongoose.Model<YearlyReportPublicationRecord>;
  return {
    async find(partnershipId: string, year: number): Promise<YearlyReportPublicationRecord | null> {
      return Publication.findOne({ _id: `${partnershipId}:${year}`, partnershipId })
        .lean<YearlyReportPublicationRecord>()
        .exec();
    },
    async insert(record: YearlyReportPublicationRecord): Promise<void> {
      await Publication.create(record);
    },
  };
}
