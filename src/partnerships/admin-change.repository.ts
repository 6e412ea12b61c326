import mongoose from 'mongoose';
import { type AdminChangeDocument, type AdminResourceType, adminChangeModel } from './admin-change.model.js';

/** A stored change as the service sees it: `id` for the document's `_id`. */
export type AdminChange = Omit<AdminChangeDocument, '_id'> & { id: string };

export interface AdminChangeFilter {
  resourceType?: AdminResourceType;
  resourceId?: string;
}

/** The change history as plain objects; every read is scoped to one partnership. */
export function createAdminChangeRepository(connection: mongoose.Connection) {
  const model = adminChangeModel(connection);
  return {
    async ensureIndexes(): Promise<void> {
      await model.createIndexes();
    },

    async record(change: Omit<AdminChange, 'id'>): Promise<AdminChange> {
      // An ObjectId's hex: it grows with time and, within a process, with each entry, so entries
      // made at the same instant (the injected clock) still list newest first.
      const id = new mongoose.Types.ObjectId().toHexString();
      await model.create({ _id: id, ...change });
      return { id, ...change };
    },

    /** Newest first; `limit` entries from `skip`. */
    async list(
      partnershipId: string,
      filter: AdminChangeFilter,
      page: { skip: number; limit: number },
    ): Promise<{ items: AdminChange[]; total: number }> {
      const query: Record<string, unknown> = { partnershipId };
      if (filter.resourceType) query['resourceType'] = filter.resourceType;
      if (filter.resourceId) query['resourceId'] = filter.resourceId;
      const [documents, total] = await Promise.all([
        model.find(query).sort({ at: -1, _id: -1 }).skip(page.skip).limit(page.limit).lean<AdminChangeDocument[]>(),
        model.countDocuments(query),
      ]);
      return {
        items: documents.map(({ _id, ...rest }) => ({ id: _id, ...rest })),
        total,
      };
    },
  };
}

export type AdminChangeRepository = ReturnType<typeof createAdminChangeRepository>;
