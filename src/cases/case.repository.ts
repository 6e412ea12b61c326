import { op } from '../database/trusted-operators.js';
import { type CaseModels, RETIRED_CASE_INDEXES } from './case.model.js';
import type { CaseHistoryEntry, CaseRecord } from './case.record.js';
import { createCaseSummaryQueries } from './case-summary.queries.js';
import { createCaseSummaryStore } from './case-summary.store.js';

/**
 * Operator objects built here are meant as operators; sanitizeFilter (which turns client-supplied
 * `{ $ne: … }` into a literal) must let exactly these through. It checks each nested object, so
 * each operator object is wrapped, not the filter around it.
 */

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

export type { CaseListQuery } from './case-summary.queries.js';

/**
 * Persistence of cases and of their summaries (the read model the lists, dashboard, My work,
 * sweeper, reminders and feeds read). Every case write goes through here and brings its summary
 * up to date, so no caller can forget it. Returns plain objects, never mongoose documents.
 */
export function createCaseRepository(models: CaseModels) {
  const { Case, Counter, CaseSummary, CaseSummaryIntent } = models;
  const summaries = createCaseSummaryStore(models);

  return {
    ...createCaseSummaryQueries(models),

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
      await summaries.withSummary(record._id, record.partnershipId, async () => {
        await Case.collection.insertOne(record as never);
        return record;
      });
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
      return summaries.withSummary(
        id,
        partnershipId,
        () =>
          Case.findOneAndUpdate(
            filter,
            { $set: set, $push: push, $inc: { version: 1 } },
            { returnDocument: 'after', lean: true },
          ) as Promise<CaseRecord | null>,
      );
    },

    /**
     * The cases of a partnership imported from its own case log, by their former reference (the
     * import refuses a second case for a reference already imported). Only those cases, and only
     * three fields of each.
     */
    async formerReferences(partnershipId: string): Promise<Map<string, { id: string; reference: string }>> {
      const found = await Case.collection
        .find({ partnershipId, formerReference: op({ $exists: true }) } as never, {
          projection: { _id: 1, reference: 1, formerReference: 1 },
        })
        .toArray();
      return new Map(
        found.map((record) => [String(record['formerReference']), { id: String(record._id), reference: String(record['reference']) }]),
      );
    },

    /** Every case, one at a time (for replay verification). */
    cursor(partnershipId?: string) {
      return Case.find(partnershipId ? { partnershipId } : {})
        .lean<CaseRecord>()
        .cursor();
    },

    /** Re-derives summaries a dead write left behind (see the summary store's `repair`). */
    repairSummaries: summaries.repair,

    /** Builds the summaries of cases that have none (data from before summaries existed). */

    /** Re-derives every summary once when the summary derivation changes (see the summary store). */
    rederiveSummaries: summaries.rederiveAll,

    /** Summaries of cases inserted straight into the collection in bulk (fixtures, imports). */
    insertSummariesOf: summaries.insertSummariesOf,

    /** Removes every case of a partnership, with their summaries and write intents (the seed's reset). */
    async removePartnership(partnershipId: string): Promise<void> {
      await Case.deleteMany({ partnershipId });
      await Promise.all([CaseSummary.deleteMany({ partnershipId }), CaseSummaryIntent.deleteMany({ partnershipId })]);
    },

    async ensureIndexes(): Promise<void> {
      await Promise.all([Case.createIndexes(), Counter.createIndexes(), summaries.ensureIndexes(), dropRetiredIndexes(Case)]);
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;

/** Drops the {@link RETIRED_CASE_INDEXES} a database still has; one that is already gone is fine. */
async function dropRetiredIndexes(Case: CaseModels['Case']): Promise<void> {
  const indexes = await Case.collection.indexes().catch((error: unknown) => {
    // No `cases` collection yet (a new database): nothing to drop.
    if ((error as { code?: unknown }).code === 26) return [];
    throw error;
  });
  const existing = new Set(indexes.map((index) => index.name));
  for (const name of RETIRED_CASE_INDEXES) {
    if (!existing.has(name)) continue;
    await Case.collection.dropIndex(name).catch((error: unknown) => {
      // Another instance starting at the same time dropped it first (IndexNotFound).
      if ((error as { code?: unknown }).code !== 27) throw error;
    });
  }
}
