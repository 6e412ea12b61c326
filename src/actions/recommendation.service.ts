import { insertOnce } from '../shared/idempotent-create.js';
import type { Principal } from '../access/principal.js';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { logger } from '../logging/logger.js';
import { toCsv } from '../shared/csv.js';
import { requestHash } from '../shared/request-hash.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { ownerScope } from './action.access.js';
import type { RecommendationRecord } from './action.record.js';
import type { ActionRepository } from './action.repository.js';
import { CreateRecommendationSchema, type RecommendationListQuery } from './action.schemas.js';
import { actionSummary } from './action.views.js';
import { entryForReplay, type WriteOptions } from '../shared/versioned-write.js';
import { historyEntry, newRecordId } from './action.writes.js';
import type { RecommendationFilter, RecommendationRepository } from './recommendation.repository.js';
import { countActions, emptyCounts, recommendationCsvColumns, recommendationView } from './recommendation.views.js';

/** A case a recommendation may name, as the case component reports it. */
export interface LinkedCase {
  id: string;
  reference: string;
  /** Closed: no new recommendations or actions. */
  final: boolean;
}

export interface ActionPlanDependencies {
  recommendations: RecommendationRepository;
  actions: ActionRepository;
  clock: SystemClock;
  /** The partnership's reference prefix (`NTH`); undefined when the partnership is not set up. */
  referencePrefix(partnershipId: string): Promise<string | undefined>;
  /** A case of this partnership; undefined when there is none (or it is another partnership's). */
  findCase(partnershipId: string, caseId: string): Promise<LinkedCase | undefined>;
  organisationExists(partnershipId: string, organisationId: string): Promise<boolean>;
  /** Organisation id → name, for exports. */
  organisationNames(partnershipId: string): Promise<ReadonlyMap<string, string>>;
  /** The most rows one CSV export may hold; more is a 422 asking for narrower filters. */
  exportMaxRows: number;
  /** Most progress notes, and most pieces of evidence, per action (ACTION_MAX_NOTES). */
  maxNotes: number;
}

/** Most actions listed under one recommendation on its own page. */
const ACTIONS_ON_RECOMMENDATION = 500;

export function exportTooLarge(rows: number, max: number): RuleViolationError {
  return new RuleViolationError(
    `The export would hold ${rows} rows; at most ${max} may be exported at once. Narrow it with filters.`,
    'export-too-large',
    { rows, maxRows: max },
  );
}

export async function prefixOf(deps: Pick<ActionPlanDependencies, 'referencePrefix'>, principal: Principal): Promise<string> {
  const prefix = await deps.referencePrefix(principal.partnershipId);
  if (!prefix) throw new ForbiddenError('Your partnership is not set up in this service.');
  return prefix;
}

/** A case a new recommendation or action depends on must exist in the partnership and be open. */
export async function requireOpenCase(
  deps: Pick<ActionPlanDependencies, 'findCase'>,
  partnershipId: string,
  caseId: string,
): Promise<LinkedCase> {
  const linked = await deps.findCase(partnershipId, caseId);
  if (!linked) throw new RuleViolationError(`There is no case ${caseId} in your partnership.`, 'case-unknown');
  if (linked.final)
    throw new RuleViolationError(`Case ${linked.reference} is closed: it takes no new recommendations or actions.`, 'case-closed');
  return linked;
}

/** The recommendation use cases. Routes call exactly one of these; nothing here knows about HTTP. */
export function createRecommendationService(deps: ActionPlanDependencies) {
  const { recommendations, actions } = deps;

  /** A recommendation the principal may see: an agency only those it owns an action under. */
  async function visible(principal: Principal, id: string): Promise<RecommendationRecord> {
    const record = await recommendations.find(principal.partnershipId, id);
    const owner = ownerScope(principal);
    if (!record || (owner !== undefined && !(await actions.ownsAnyUnder(principal.partnershipId, id, owner)))) {
      throw new NotFoundError(`No recommendation ${id}.`);
    }
    return record;
  }

  async function present(record: RecommendationRecord, principal: Principal) {
    const today = todayInEngland(deps.clock);
    const rows = await actions.tallyRows(principal.partnershipId, [record._id], ownerScope(principal));
    return recommendationView(record, principal, countActions(rows, today).get(record._id) ?? emptyCounts());
  }

  async function replay(principal: Principal, record: RecommendationRecord, key: string, hash: string) {
    entryForReplay(record.history, key, hash);
    return { replayed: true, recommendation: await present(record, principal) };
  }

  async function filterFor(principal: Principal, query: Omit<RecommendationListQuery, 'page' | 'pageSize'>): Promise<RecommendationFilter> {
    const owner = ownerScope(principal);
    return {
      partnershipId: principal.partnershipId,
      ...(query.source ? { source: query.source } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(owner !== undefined ? { ids: await actions.recommendationIdsOwnedBy(principal.partnershipId, owner) } : {}),
    };
  }

  return {
    async create(principal: Principal, body: unknown, options: WriteOptions = {}) {
      const hash = requestHash(body);
      const id = newRecordId('recommendation', principal, options.idempotencyKey);
      if (options.idempotencyKey) {
        const existing = await recommendations.find(principal.partnershipId, id);
        if (existing) return replay(principal, existing, options.idempotencyKey, hash);
      }
      const parsed = CreateRecommendationSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The recommendation is not valid.', issuesFromZod(parsed.error, ['body']));
      const input = parsed.data;
      const prefix = await prefixOf(deps, principal);
      const linked = input.caseId ? await requireOpenCase(deps, principal.partnershipId, input.caseId) : undefined;
      const now = deps.clock.now();
      const seq = await recommendations.nextSequence(principal.partnershipId);
      const entry = historyEntry(principal, { seq: 1, version: 1, type: 'recommendation.created', fields: { ...input } }, now, {
        key: options.idempotencyKey,
        hash,
      });
      const record: RecommendationRecord = {
        _id: id,
        partnershipId: principal.partnershipId,
        reference: `${prefix}-R-${String(seq).padStart(4, '0')}`,
        seq,
        source: input.source,
        caseId: linked?.id ?? null,
        caseReference: linked?.reference ?? null,
        priority: input.priority ?? null,
        text: input.text,
        createdOn: todayInEngland(deps.clock),
        createdAt: now,
        updatedAt: now,
        version: 1,
        idempotencyKeys: options.idempotencyKey ? [options.idempotencyKey] : [],
        history: [entry],
      };
      const first = await insertOnce(
        () => recommendations.insert(record),
        () => recommendations.find(principal.partnershipId, id),
        options.idempotencyKey,
      );
      if (first) return replay(principal, first, options.idempotencyKey!, hash);
      logger.info('recommendation created', { recommendationId: id, source: record.source });
      return { replayed: false, recommendation: await present(record, principal) };
    },

    /** One recommendation with the actions under it (an agency's own only). */
    async get(principal: Principal, id: string) {
      const record = await visible(principal, id);
      const today = todayInEngland(deps.clock);
      const owner = ownerScope(principal);
      const { items } = await actions.list(
        { partnershipId: principal.partnershipId, recommendationId: id, ...(owner !== undefined ? { ownerOrganisationId: owner } : {}) },
        { skip: 0, limit: ACTIONS_ON_RECOMMENDATION },
      );
      return { ...(await present(record, principal)), actions: items.map((item) => actionSummary(item, principal, today)) };
    },

    async list(principal: Principal, query: RecommendationListQuery) {
      const today = todayInEngland(deps.clock);
      const filter = await filterFor(principal, query);
      const { items, total } = await recommendations.list(filter, { skip: (query.page - 1) * query.pageSize, limit: query.pageSize });
      const rows = await actions.tallyRows(
        principal.partnershipId,
        items.map((item) => item._id),
        ownerScope(principal),
      );
      const counts = countActions(rows, today);
      return {
        items: items.map((item) => recommendationView(item, principal, counts.get(item._id) ?? emptyCounts())),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** Every matching recommendation as CSV (pagination does not apply). */
    async exportCsv(principal: Principal, query: RecommendationListQuery): Promise<{ csv: string; rows: number }> {
      const today = todayInEngland(deps.clock);
      const filter = await filterFor(principal, query);
      const rows = await recommendations.count(filter);
      if (rows > deps.exportMaxRows) throw exportTooLarge(rows, deps.exportMaxRows);
      const records = await recommendations.all(filter);
      const tallies: Parameters<typeof countActions>[0][number][] = [];
      // Tally in slices so one $in never grows without bound.
      for (let start = 0; start < records.length; start += 500) {
        const slice = records.slice(start, start + 500).map((record) => record._id);
        tallies.push(...(await actions.tallyRows(principal.partnershipId, slice, ownerScope(principal))));
      }
      const counts = countActions(tallies, today);
      const csv = toCsv(
        recommendationCsvColumns(principal),
        records.map((record) => ({ record, counts: counts.get(record._id) ?? emptyCounts() })),
      );
      return { csv, rows: records.length };
    },
  };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
