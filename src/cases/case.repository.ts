import mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { CaseModels } from './case.model.js';
import type { CaseHistoryEntry, CaseRecord } from './case.record.js';

/**
 * Operator objects built here are meant as operators; sanitizeFilter (which turns client-supplied
 * `{ $ne: … }` into a literal) must let exactly these through. It checks each nested object, so
 * each operator object is wrapped, not the filter around it.
 */
const op = <T extends object>(operators: T): T => mongoose.trusted(operators) as T;

/** The fields a transition replaces (everything derived from the new snapshot). */
export type CaseTransitionSet = Pick<
  CaseRecord,
  | 'workflow'
  | 'edition'
  | 'state'
  | 'stage'
  | 'final'
  | 'clocks'
  | 'openDeadlines'
  | 'nextDueOn'
  | 'sweepDueOn'
  | 'organisationIds'
  | 'reviewerIds'
  | 'updatedAt'
>;

export interface CaseListQuery {
  partnershipId: string;
  state?: string;
  route?: string;
  organisationId?: string;
  reviewerId?: string;
  nextDueBefore?: CalendarDate;
  nextDueOnOrBefore?: CalendarDate;
  skip: number;
  limit: number;
}

/** Persistence of cases. Returns plain objects, never mongoose documents. */
export function createCaseRepository(models: CaseModels) {
  const { Case, Counter } = models;

  return {
    /** The next number in a partnership's yearly sequence (`DEMO-2025-0007`): one atomic $inc. */
    async nextSequence(partnershipId: string, year: number): Promise<number> {
      const counter = await Counter.findOneAndUpdate(
        { _id: `case:${partnershipId}:${year}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return counter!.seq;
    },

    async insert(record: CaseRecord): Promise<void> {
      await Case.collection.insertOne(record as never);
    },

    /** The partnership is in the filter so that a sharded cluster routes the read to one shard. */
    async find(partnershipId: string, id: string): Promise<CaseRecord | null> {
      return Case.findOne({ _id: id, partnershipId }).lean<CaseRecord>();
    },

    /**
     * The single atomic write of a transition: new snapshot and derived fields, the history entry
     * and the idempotency key, all or nothing, only if the version is still `expectedVersion`
     * and the key has not been used. Null when either condition fails.
     */
    async applyTransition(
      partnershipId: string,
      id: string,
      expectedVersion: number,
      set: CaseTransitionSet,
      entry: CaseHistoryEntry,
    ): Promise<CaseRecord | null> {
      const filter: Record<string, unknown> = { _id: id, partnershipId, version: expectedVersion };
      const push: Record<string, unknown> = { history: entry };
      if (entry.idempotencyKey) {
        filter['idempotencyKeys'] = op({ $ne: entry.idempotencyKey });
        push['idempotencyKeys'] = entry.idempotencyKey;
      }
      return Case.findOneAndUpdate(
        filter,
        { $set: set, $push: push, $inc: { version: 1 } },
        { returnDocument: 'after', lean: true },
      ) as Promise<CaseRecord | null>;
    },

    async list(query: CaseListQuery): Promise<{ items: CaseRecord[]; total: number }> {
      const filter: Record<string, unknown> = { partnershipId: query.partnershipId };
      if (query.state) filter['state'] = query.state;
      if (query.route) filter['route'] = query.route;
      if (query.organisationId) filter['organisationIds'] = query.organisationId;
      if (query.reviewerId) filter['reviewerIds'] = query.reviewerId;
      const due: Record<string, string> = {};
      if (query.nextDueBefore) due['$lt'] = query.nextDueBefore;
      if (query.nextDueOnOrBefore) due['$lte'] = query.nextDueOnOrBefore;
      if (Object.keys(due).length > 0) filter['nextDueOn'] = op({ $ne: null, ...due });
      const [items, total] = await Promise.all([
        Case.find(filter)
          .sort({ nextDueOn: 1, _id: 1 })
          .skip(query.skip)
          .limit(query.limit)
          .select({ history: 0, idempotencyKeys: 0 })
          .lean<CaseRecord[]>(),
        Case.countDocuments(filter),
      ]);
      return { items, total };
    },

    /**
     * Open deadlines of a partnership with a due date in [from, to] (either end optional), one row
     * per clock, earliest first. Uses only $match/$unwind/$sort/$skip/$limit/$project (both servers).
     */
    async openDeadlines(
      partnershipId: string,
      range: { from?: CalendarDate; to?: CalendarDate },
      organisationId: string | undefined,
      page: { skip: number; limit: number },
    ) {
      const dueOn: Record<string, string> = {};
      if (range.from) dueOn['$gte'] = range.from;
      if (range.to) dueOn['$lte'] = range.to;
      const match: Record<string, unknown> = { partnershipId };
      if (organisationId) match['organisationIds'] = organisationId;
      if (Object.keys(dueOn).length > 0) match['openDeadlines.dueOn'] = op({ ...dueOn });
      const afterUnwind = Object.keys(dueOn).length > 0 ? [{ $match: { 'openDeadlines.dueOn': dueOn } }] : [];
      const rows = await Case.aggregate<{ _id: string; reference: string; route: string; state: string; openDeadlines: { clockId: string; dueOn: string } }>([
        { $match: match },
        { $project: { reference: 1, route: 1, state: 1, openDeadlines: 1 } },
        { $unwind: '$openDeadlines' },
        ...afterUnwind,
        { $sort: { 'openDeadlines.dueOn': 1, _id: 1 } },
        { $skip: page.skip },
        { $limit: page.limit },
      ]);
      // Renamed here rather than with a `$openDeadlines` expression in $project, which FerretDB 1.x lacks.
      return rows.map(({ openDeadlines, ...row }) => ({ ...row, deadline: openDeadlines }));
    },

    /** Cases with a clock past due that the sweeper has not recorded yet (every partnership). */
    async sweepCandidates(before: CalendarDate, limit: number): Promise<Pick<CaseRecord, '_id' | 'partnershipId'>[]> {
      return Case.find({ sweepDueOn: op({ $ne: null, $lt: before }) })
        .select({ _id: 1, partnershipId: 1 })
        .sort({ sweepDueOn: 1 })
        .limit(limit)
        .lean<Pick<CaseRecord, '_id' | 'partnershipId'>[]>();
    },

    /** Every case, one at a time (for replay verification). */
    cursor(partnershipId?: string) {
      return Case.find(partnershipId ? { partnershipId } : {})
        .lean<CaseRecord>()
        .cursor();
    },

    async ensureIndexes(): Promise<void> {
      await Promise.all([Case.createIndexes(), Counter.createIndexes()]);
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
