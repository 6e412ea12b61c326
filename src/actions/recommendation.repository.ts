import type { ActionModels } from './action.model.js';
import type { RecommendationRecord, RecommendationSource } from './action.record.js';
import { trustOperators as trusted } from '../database/trusted-operators.js';
const WITHOUT_LOG = { history: 0, idempotencyKeys: 0 } as const;

export interface RecommendationFilter {
  partnershipId: string;
  source?: RecommendationSource;
  priority?: string;
  caseId?: string;
  /** Only these ids (an agency's recommendations). */
  ids?: string[];
}

function filterOf(query: RecommendationFilter): Record<string, unknown> {
  const filter: Record<string, unknown> = { partnershipId: query.partnershipId };
  if (query.source) filter['source'] = query.source;
  if (query.priority) filter['priority'] = query.priority;
  if (query.caseId) filter['caseId'] = query.caseId;
  if (query.ids) filter['_id'] = { $in: query.ids };
  return filter;
}

/** Persistence of recommendations. Returns plain objects, never mongoose documents. */
export function createRecommendationRepository(models: ActionModels) {
  const { Recommendation, ActionCounter } = models;

  return {
    /** The next recommendation number of a partnership: one atomic $inc. */
    async nextSequence(partnershipId: string): Promise<number> {
      const counter = await ActionCounter.findOneAndUpdate(
        { _id: `recommendation:${partnershipId}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return counter!.seq;
    },

    async insert(record: RecommendationRecord): Promise<void> {
      await Recommendation.collection.insertOne(record as never);
    },

    async find(partnershipId: string, id: string): Promise<RecommendationRecord | null> {
      const record = await Recommendation.findOne({ _id: id }).lean<RecommendationRecord>();
      return record && record.partnershipId === partnershipId ? record : null;
    },

    async list(
      query: RecommendationFilter,
      page: { skip: number; limit: number },
    ): Promise<{ items: RecommendationRecord[]; total: number }> {
      if (query.ids && query.ids.length === 0) return { items: [], total: 0 };
      const filter = trusted(filterOf(query));
      const [items, total] = await Promise.all([
        Recommendation.find(filter).sort({ seq: 1 }).skip(page.skip).limit(page.limit).select(WITHOUT_LOG).lean<RecommendationRecord[]>(),
        Recommendation.countDocuments(filter),
      ]);
      return { items, total };
    },

    async count(query: RecommendationFilter): Promise<number> {
      if (query.ids && query.ids.length === 0) return 0;
      return Recommendation.countDocuments(trusted(filterOf(query)));
    },

    /** Every matching recommendation, in order (for the CSV export). */
    async all(query: RecommendationFilter): Promise<RecommendationRecord[]> {
      if (query.ids && query.ids.length === 0) return [];
      return Recommendation.find(trusted(filterOf(query)))
        .sort({ seq: 1 })
        .select(WITHOUT_LOG)
        .lean<RecommendationRecord[]>();
    },

    async ensureIndexes(): Promise<void> {
      await Recommendation.createIndexes();
    },
  };
}

export type RecommendationRepository = ReturnType<typeof createRecommendationRepository>;
