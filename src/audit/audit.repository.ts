import mongoose from 'mongoose';
import { type AuditEntry, type AuditOutcome, auditModel } from './audit.model.js';

/**
 * Operator objects built here (`{ $gte, $lt }`) are meant; mongoose's sanitizeFilter checks each
 * field's value, so each operator object is marked trusted itself (marking only the outer filter
 * would leave them wrapped in `$eq`).
 */
const trusted = <T>(operators: T): T => mongoose.trusted(operators) as T;

/** An audit entry as the API returns it (`id`, never `_id`). */
export type AuditRecord = Omit<AuditEntry, '_id' | 'at'> & { id: string; at: string };

export interface AuditQuery {
  partnershipId: string;
  /** Also return entries with no partnership (failed authentication) for this resource. */
  includeUnattributed: boolean;
  resourceType?: string;
  resourceId?: string;
  userId?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  skip: number;
  limit: number;
}

function toRecord(entry: AuditEntry): AuditRecord {
  const { _id, at, ...rest } = entry;
  return { id: _id, at: at.toISOString(), ...rest };
}

/**
 * The audit trail's persistence: insert and find, nothing else. There is deliberately no update or
 * delete here, and the model refuses them (audit.model.ts).
 */
export function createAuditRepository(connection: mongoose.Connection) {
  const Audit = auditModel(connection);

  return {
    async insert(entry: AuditEntry): Promise<void> {
      await Audit.create(entry);
    },

    /** Newest first; `total` counts every match. */
    async find(query: AuditQuery): Promise<{ items: AuditRecord[]; total: number }> {
      const filter: Record<string, unknown> = query.includeUnattributed
        ? { $or: [{ partnershipId: query.partnershipId }, { partnershipId: null }] }
        : { partnershipId: query.partnershipId };
      if (query.resourceType !== undefined) filter['resourceType'] = query.resourceType;
      if (query.resourceId !== undefined) filter['resourceId'] = query.resourceId;
      if (query.userId !== undefined) filter['userId'] = query.userId;
      if (query.action !== undefined) filter['action'] = query.action;
      if (query.outcome !== undefined) filter['outcome'] = query.outcome;
      const at: Record<string, Date> = {};
      if (query.from) at['$gte'] = query.from;
      if (query.to) at['$lt'] = query.to;
      if (Object.keys(at).length > 0) filter['at'] = trusted(at);
      const [items, total] = await Promise.all([
        Audit.find(filter).sort({ at: -1, _id: -1 }).skip(query.skip).limit(query.limit).lean<AuditEntry[]>(),
        Audit.countDocuments(filter),
      ]);
      return { items: items.map(toRecord), total };
    },

    async ensureIndexes(): Promise<void> {
      await Audit.createIndexes();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
