import { trustOperators } from '../database/trusted-operators.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { ActionModels } from './action.model.js';
import type {
  ActionHistoryEntry,
  ActionRecord,
  ActionStatus,
  ImpactEvidence,
  ProgressNote,
  Rag,
  RecommendationSource,
  TargetRevision,
} from './action.record.js';

const trusted = trustOperators;

/** Every field but the write log: what lists and exports read. */
const WITHOUT_LOG = { history: 0, idempotencyKeys: 0 } as const;
const LIST_ORDER = { recommendationSeq: 1, seq: 1 } as const;

export interface ActionFilter {
  partnershipId: string;
  ownerOrganisationId?: string;
  source?: RecommendationSource;
  priority?: string;
  rag?: Rag;
  status?: ActionStatus;
  /** `true`: overdue on `today`; `false`: not overdue on `today`. */
  overdue?: { value: boolean; today: CalendarDate };
  hasImpactEvidence?: boolean;
  caseId?: string;
  recommendationId?: string;
}

/** The fields one change replaces. */
export type ActionSet = Partial<
  Pick<
    ActionRecord,
    | 'text'
    | 'lead'
    | 'ownerOrganisationId'
    | 'targetOn'
    | 'recurrence'
    | 'rag'
    | 'status'
    | 'dueOn'
    | 'lastNoteOn'
    | 'hasImpactEvidence'
    | 'signOff'
  >
> &
  Pick<ActionRecord, 'updatedAt'>;

/** What one change appends (never replaces): at most one of each. */
export interface ActionAppend {
  progressNotes?: ProgressNote;
  impactEvidence?: ImpactEvidence;
  targetRevisions?: TargetRevision;
}

/** A row for a recommendation's action tally. */
export type ActionTallyRow = Pick<ActionRecord, 'recommendationId' | 'status' | 'dueOn' | 'rag'>;

function filterOf(query: ActionFilter): Record<string, unknown> {
  const filter: Record<string, unknown> = { partnershipId: query.partnershipId };
  if (query.ownerOrganisationId) filter['ownerOrganisationId'] = query.ownerOrganisationId;
  if (query.source) filter['source'] = query.source;
  if (query.priority) filter['priority'] = query.priority;
  if (query.rag) filter['rag'] = query.rag;
  if (query.status) filter['status'] = query.status;
  if (query.hasImpactEvidence !== undefined) filter['hasImpactEvidence'] = query.hasImpactEvidence;
  if (query.caseId) filter['caseId'] = query.caseId;
  if (query.recommendationId) filter['recommendationId'] = query.recommendationId;
  if (query.overdue) {
    // Overdue: not yet reported complete, and due before today (isOverdue in action.schedule.ts).
    const { today } = query.overdue;
    filter['$and'] = query.overdue.value
      ? [{ status: 'open' }, { dueOn: { $ne: null, $lt: today } }]
      : [{ $or: [{ status: { $ne: 'open' } }, { dueOn: null }, { dueOn: { $gte: today } }] }];
  }
  return filter;
}

/** Persistence of actions. Returns plain objects, never mongoose documents. */
export function createActionRepository(models: ActionModels) {
  const { Action, ActionCounter } = models;

  return {
    /** The next action number under a recommendation: one atomic $inc. */
    async nextSequence(recommendationId: string): Promise<number> {
      const counter = await ActionCounter.findOneAndUpdate(
        { _id: `action:${recommendationId}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return counter!.seq;
    },

    async insert(record: ActionRecord): Promise<void> {
      await Action.collection.insertOne(record as never);
    },

    /** The partnership is in the filter so that a sharded cluster routes the read to one shard. */
    async find(partnershipId: string, id: string): Promise<ActionRecord | null> {
      return Action.findOne({ _id: id, partnershipId }).lean<ActionRecord>();
    },

    /**
     * The single atomic write of a change: replaced fields, appended note/evidence/revision, the
     * history entry and the idempotency key, all or nothing, only if the version is still
     * `expectedVersion` and the key is unused. Null when either condition fails.
     */
    async applyChange(
      partnershipId: string,
      id: string,
      expectedVersion: number,
      set: ActionSet,
      append: ActionAppend,
      entry: ActionHistoryEntry,
    ): Promise<ActionRecord | null> {
      const filter: Record<string, unknown> = { _id: id, partnershipId, version: expectedVersion };
      const push: Record<string, unknown> = { ...append, history: entry };
      if (entry.idempotencyKey) {
        filter['idempotencyKeys'] = { $ne: entry.idempotencyKey };
        push['idempotencyKeys'] = entry.idempotencyKey;
      }
      return Action.findOneAndUpdate(
        trusted(filter),
        { $set: set, $push: push, $inc: { version: 1 } },
        {
          returnDocument: 'after',
          lean: true,
        },
      ) as Promise<ActionRecord | null>;
    },

    async list(query: ActionFilter, page: { skip: number; limit: number }): Promise<{ items: ActionRecord[]; total: number }> {
      const filter = trusted(filterOf(query));
      const [items, total] = await Promise.all([
        Action.find(filter).sort(LIST_ORDER).skip(page.skip).limit(page.limit).select(WITHOUT_LOG).lean<ActionRecord[]>(),
        Action.countDocuments(filter),
      ]);
      return { items, total };
    },

    async count(query: ActionFilter): Promise<number> {
      return Action.countDocuments(trusted(filterOf(query)));
    },

    /** Every matching action, in list order, one at a time (for the CSV export). */
    cursor(query: ActionFilter): AsyncIterable<ActionRecord> {
      return Action.find(trusted(filterOf(query)))
        .sort(LIST_ORDER)
        .select(WITHOUT_LOG)
        .lean<ActionRecord>()
        .cursor();
    },

    /** Actions of a case that the chair has not signed off (the case.closed guard). */
    async countNotComplete(partnershipId: string, caseId: string): Promise<number> {
      return Action.countDocuments(trusted<Record<string, unknown>>({ partnershipId, caseId, status: { $ne: 'complete' } }));
    },

    /** The recommendations under which an organisation owns at least one action. */
    async recommendationIdsOwnedBy(partnershipId: string, organisationId: string): Promise<string[]> {
      const groups = await Action.aggregate<{ _id: string }>([
        { $match: { partnershipId, ownerOrganisationId: organisationId } },
        { $group: { _id: '$recommendationId', n: { $sum: 1 } } },
      ]);
      return groups.map((group) => group._id);
    },

    async ownsAnyUnder(partnershipId: string, recommendationId: string, organisationId: string): Promise<boolean> {
      return (await Action.exists({ partnershipId, recommendationId, ownerOrganisationId: organisationId })) !== null;
    },

    /** Status rows of the actions under some recommendations (optionally one owner's only). */
    async tallyRows(partnershipId: string, recommendationIds: string[], organisationId?: string): Promise<ActionTallyRow[]> {
      if (recommendationIds.length === 0) return [];
      const filter: Record<string, unknown> = { partnershipId, recommendationId: { $in: recommendationIds } };
      if (organisationId) filter['ownerOrganisationId'] = organisationId;
      return Action.find(trusted(filter)).select({ recommendationId: 1, status: 1, dueOn: 1, rag: 1 }).lean<ActionTallyRow[]>();
    },

    async ensureIndexes(): Promise<void> {
      await Promise.all([Action.createIndexes(), ActionCounter.createIndexes()]);
    },
  };
}

export type ActionRepository = ReturnType<typeof createActionRepository>;
