import type mongoose from 'mongoose';
import { documentModel, type DocumentRecord, type DocumentVersionRecord } from './document.model.js';

/** Plain objects in and out; every query names the partnership (tenancy). */
export function createDocumentRepository(connection: mongoose.Connection) {
  const model = documentModel(connection);
  return {
    ensureIndexes: () => model.createIndexes(),

    async insert(record: DocumentRecord): Promise<void> {
      await model.create(record);
    },

    async find(partnershipId: string, id: string): Promise<DocumentRecord | null> {
      return model.findOne({ _id: id, partnershipId }).lean<DocumentRecord>().exec();
    },

    async listForCase(partnershipId: string, caseId: string): Promise<DocumentRecord[]> {
      return model.find({ partnershipId, caseId }).sort({ createdAt: 1, _id: 1 }).lean<DocumentRecord[]>().exec();
    },

    /**
     * Appends version `expectedLatest + 1` in one atomic update; null when someone else added a
     * version first (the caller deletes its file and answers 409).
     */
    async addVersion(
      partnershipId: string,
      id: string,
      expectedLatest: number,
      version: DocumentVersionRecord,
      at: Date,
    ): Promise<DocumentRecord | null> {
      return model
        .findOneAndUpdate(
          { _id: id, partnershipId, latestVersion: expectedLatest },
          { $push: { versions: version }, $set: { latestVersion: version.version, updatedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<DocumentRecord>()
        .exec();
    },

    async share(partnershipId: string, id: string, organisationIds: string[], at: Date): Promise<DocumentRecord | null> {
      return model
        .findOneAndUpdate(
          { _id: id, partnershipId },
          { $addToSet: { sharedWithOrganisationIds: { $each: organisationIds } }, $set: { updatedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<DocumentRecord>()
        .exec();
    },
  };
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
