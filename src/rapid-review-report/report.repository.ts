import type mongoose from 'mongoose';
import { reportModel, type ReportRecord } from './report.model.js';

/** Plain objects; every write is a compare-and-set on `rev` (null: someone else changed it first). */
export function createReportRepository(connection: mongoose.Connection) {
  const model = reportModel(connection);
  return {
    ensureIndexes: () => model.createIndexes(),

    async find(partnershipId: string, caseId: string): Promise<ReportRecord | null> {
      return model.findOne({ _id: caseId, partnershipId }).lean<ReportRecord>().exec();
    },

    /** Inserts a new report; false when one already exists (another request made it first). */
    async insert(record: ReportRecord): Promise<boolean> {
      try {
        await model.create(record);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    },

    async replace(record: ReportRecord, expectedRev: number): Promise<ReportRecord | null> {
      const { _id, partnershipId, ...rest } = record;
      return model
        .findOneAndUpdate(
          { _id, partnershipId, rev: expectedRev },
          { $set: { ...rest, rev: expectedRev + 1 } },
          { returnDocument: 'after' },
        )
        .lean<ReportRecord>()
        .exec();
    },
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
