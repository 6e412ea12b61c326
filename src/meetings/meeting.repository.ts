import type mongoose from 'mongoose';
import { meetingModel, type MeetingRecord } from './meeting.model.js';

export function createMeetingRepository(connection: mongoose.Connection) {
  const model = meetingModel(connection);
  return {
    ensureIndexes: () => model.createIndexes(),
    async insert(record: MeetingRecord): Promise<void> {
      await model.create(record);
    },
    async find(partnershipId: string, id: string): Promise<MeetingRecord | null> {
      return model.findOne({ _id: id, partnershipId }).lean<MeetingRecord>().exec();
    },
    async listForCase(partnershipId: string, caseId: string): Promise<MeetingRecord[]> {
      return model.find({ partnershipId, caseId }).sort({ heldOn: 1, recordedAt: 1 }).lean<MeetingRecord[]>().exec();
    },
  };
}

export type MeetingRepository = ReturnType<typeof createMeetingRepository>;
