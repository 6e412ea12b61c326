import { op } from '../database/trusted-operators.js';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { logger } from '../logging/logger.js';
import type { CaseModels } from './case.model.js';
import type { CaseRecord } from './case.record.js';
import { type CaseSummary, summariseCase } from './case-summary.js';
import { caseSummaryModels } from './case-summary.model.js';

/**
 * An intent older than this belongs to a write that died: no single case write takes anywhere
 * near a minute, and re-deriving a summary before its case write landed would let a crash right
 * after it leave the summary stale with no note left to say so.
 */
export const INTENT_TIMEOUT_MS = 60_000;
/** Intents looked at per repair pass; a backlog is worked through over the next passes. */
const REPAIR_BATCH = 500;
const BACKFILL_ID = 'case-summaries';
/**
 * What a summary derives from its case, versioned: bump it when that changes, and the first
 * start-up after re-derives every stored summary once ({@link rederiveAll}). 2: closed cases,
 * clocks whose stage has ended and the Panel's soft clock are no longer chased (issue 13).
 */
export const SUMMARY_DERIVATION = 2;

/** Operators built here are meant as operators: mongoose's sanitizeFilter must let them through. */

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown })?.code === 11000;

/**
 * Writing and repairing `case_summaries`, the read model derived from `cases`. Used only by the
 * case repository, so no writer of a case can forget its summary. The case stays the single
 * source of truth: its write is still one atomic compare-and-set (ARCHITECTURE decision 2), and
 * a summary is only ever re-derived from it.
 */
export function createCaseSummaryStore(models: Pick<CaseModels, 'Case' | 'CaseSummary' | 'CaseSummaryIntent' | 'CaseSummaryBackfill'>) {
  const { Case, CaseSummary, CaseSummaryIntent, CaseSummaryBackfill } = models;

  /**
   * Writes `summary` unless one at least as new is stored. The filter's version guard makes an
   * older write match nothing, and its upsert then collides on `_id`. Two writers can also both
   * find no document and race to insert: the loser tries once more, and then either replaces an
   * older summary or collides again, which means a newer one is there. False when it was.
   */
  async function write(summary: CaseSummary): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await CaseSummary.collection.replaceOne({ _id: summary._id, version: { $lt: summary.version } } as never, summary as never, {
          upsert: true,
        });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  /** Writes a re-derived summary over one of the same case version (or older); false when a newer one is stored. */
  async function rewrite(summary: CaseSummary): Promise<boolean> {
    try {
      await CaseSummary.collection.replaceOne({ _id: summary._id, version: { $lte: summary.version } } as never, summary as never, {
        upsert: true,
      });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  }

  /**
   * Runs one case write between an intent and the summary write: the intent is inserted first and
   * deleted once the summary is stored. `writeCase` answers the case as stored, or null when it
   * wrote nothing (a lost compare-and-set). If the process dies (or the write throws) in
   * between, the intent stays and {@link repair} re-derives the summary from the stored case.
   */
  async function withSummary(
    caseId: string,
    partnershipId: string,
    writeCase: () => Promise<CaseRecord | null>,
  ): Promise<CaseRecord | null> {
    const intentId = randomUUID();
    // Wall-clock time on purpose: the age of a write in flight, not the business day.
    await CaseSummaryIntent.collection.insertOne({ _id: intentId, caseId, partnershipId, at: new Date() } as never);
    const written = await writeCase();
    if (written) await write(summariseCase(written));
    await CaseSummaryIntent.collection.deleteOne({ _id: intentId } as never);
    return written;
  }

  /**
   * Re-derives the summary of every case named by an intent, from the stored case, and deletes
   * the intents older than {@link INTENT_TIMEOUT_MS}. Normally it looks only at those (from the
   * sweeper's interval: a tiny indexed read when there is nothing to do); `everything` (at
   * start-up) also re-derives the younger ones but leaves their intents, since another instance
   * may still be writing. Returns how many cases were looked at.
   */
  async function repair(options: { everything?: boolean } = {}): Promise<number> {
    const cutoff = new Date(Date.now() - INTENT_TIMEOUT_MS);
    const intents = await CaseSummaryIntent.find(options.everything ? {} : { at: op({ $lt: cutoff }) })
      .sort({ at: 1 })
      .limit(REPAIR_BATCH)
      .lean();
    if (intents.length === 0) return 0;
    const cases = new Map(intents.map((intent) => [intent.caseId, intent.partnershipId]));
    for (const [caseId, partnershipId] of cases) {
      const record = await Case.findOne({ _id: caseId, partnershipId }).lean<CaseRecord>();
      // No case: its insert never happened, so there is nothing to summarise.
      if (record) await write(summariseCase(record));
    }
    const stale = intents.filter((intent) => intent.at < cutoff).map((intent) => intent._id);
    if (stale.length > 0) await CaseSummaryIntent.deleteMany({ _id: op({ $in: stale }) });
    logger.info('case summaries repaired', { cases: cases.size, intentsCleared: stale.length });
    return cases.size;
  }

  /**
   * Re-derives every stored summary from its case, once per {@link SUMMARY_DERIVATION}: summaries
   * written under an older derivation (a closed case still listing its unmet clocks, say) would
   * otherwise stay as they are until their case is next written, which for a closed case is never;
   * a case from before summaries existed gets its first one (the rewrite upserts). One logged walk
   * of `cases`, then a marker, so later start-ups read one document: counting documents is no
   * shortcut on the embedded database, whose SQLite backend counts by decoding every document
   * (minutes at 100,000 cases). Afterwards every case is written through {@link withSummary} (or
   * bulk-loaded with {@link insertSummariesOf}). Returns how many were rewritten.
   */
  async function rederiveAll(): Promise<number> {
    const markerId = `${BACKFILL_ID}-derivation-${SUMMARY_DERIVATION}`;
    if (await CaseSummaryBackfill.exists({ _id: markerId })) return 0;
    let rewritten = 0;
    for await (const record of Case.find({}).lean<CaseRecord>().cursor()) {
      if (await rewrite(summariseCase(record))) rewritten += 1;
    }
    await CaseSummaryBackfill.collection.updateOne(
      { _id: markerId } as never,
      { $setOnInsert: { at: new Date(), built: rewritten } },
      { upsert: true },
    );
    if (rewritten > 0) logger.info('case summaries re-derived for a new summary derivation', { derivation: SUMMARY_DERIVATION, rewritten });
    return rewritten;
  }

  return {
    write,
    withSummary,
    repair,
    rederiveAll,
    /** Summaries of cases just inserted straight into the collection (bulk loads): see {@link insertSummariesOf}. */
    insertSummariesOf: (records: readonly CaseRecord[]) => insertSummaries(CaseSummary, records),
    async ensureIndexes(): Promise<void> {
      await Promise.all([CaseSummary.createIndexes(), CaseSummaryIntent.createIndexes()]);
    },
  };
}

async function insertSummaries(model: CaseModels['CaseSummary'], records: readonly CaseRecord[]): Promise<void> {
  if (records.length === 0) return;
  try {
    await model.collection.insertMany(records.map(summariseCase) as never[], { ordered: false });
  } catch (error) {
    // A summary already there was written by the case's own writer: at least as new as this one.
    const errors = (error as { writeErrors?: unknown[] }).writeErrors;
    if (!isDuplicateKey(error) && !(Array.isArray(errors) && errors.length > 0 && errors.every(isDuplicateKey))) throw error;
  }
}

/**
 * Summaries for cases inserted straight into `cases` in bulk, bypassing the repository (the
 * benchmark's fixtures): call it with the same records right after inserting them.
 */
export async function insertSummariesOf(connection: mongoose.Connection, records: readonly CaseRecord[]): Promise<void> {
  await insertSummaries(caseSummaryModels(connection).CaseSummary, records);
}

export type CaseSummaryStore = ReturnType<typeof createCaseSummaryStore>;
