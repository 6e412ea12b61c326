import { op } from '../database/trusted-operators.js';
import mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { CaseSummary } from './case-summary.js';
import { caseSummaryModels, type CaseSummaryModels } from './case-summary.model.js';

/**
 * Operator objects built here are meant as operators; sanitizeFilter (which turns client-supplied
 * `{ $ne: … }` into a literal) must let exactly these through, so each one is wrapped.
 */

export interface CaseListQuery {
  partnershipId: string;
  state?: string;
  route?: string;
  organisationId?: string;
  reviewerId?: string;
  nextDueBefore?: CalendarDate;
  nextDueOnOrBefore?: CalendarDate;
  /** true: open cases only; false: closed only; absent: both. */
  open?: boolean;
  /** Part of a reference (letters, digits and hyphens only), any case. */
  reference?: string;
  skip: number;
  limit: number;
}

/** Who may see which cases within a partnership (case.access.ts `listScope`). */
export interface CaseScope {
  partnershipId: string;
  organisationId?: string;
  reviewerId?: string;
}

/** The fields a case list shows. */
export type CaseListRow = Pick<
  CaseSummary,
  '_id' | 'reference' | 'route' | 'state' | 'stage' | 'final' | 'version' | 'openedOn' | 'nextDueOn' | 'openDeadlines'
>;
// openDeadlines: to say which deadline the next one is.
const LIST_FIELDS = {
  _id: 1,
  reference: 1,
  route: 1,
  state: 1,
  stage: 1,
  final: 1,
  version: 1,
  openedOn: 1,
  nextDueOn: 1,
  openDeadlines: 1,
} as const;

/** What the reminder planner reads of a case. */
export type CaseReminderRow = Pick<CaseSummary, '_id' | 'partnershipId' | 'reference' | 'final' | 'openDeadlines'>;

function scoped(scope: CaseScope): Record<string, unknown> {
  const filter: Record<string, unknown> = { partnershipId: scope.partnershipId };
  if (scope.organisationId) filter['organisationIds'] = scope.organisationId;
  if (scope.reviewerId) filter['reviewerIds'] = scope.reviewerId;
  return filter;
}

/** Only what a reference can hold, so the search text is safe to put in a pattern as it is. */
export const REFERENCE_SEARCH = /^[A-Za-z0-9-]{1,40}$/;

/**
 * The hot reads of case data, all from `case_summaries` (a few hundred bytes a case) rather than
 * the cases themselves (snapshot and history). Each filter narrows first by top-level equality
 * (`partnershipId`, `open`), which FerretDB can answer from an index; the rest is re-applied to
 * the few summaries that match. Plain objects, never mongoose documents.
 */
export function createCaseSummaryQueries(models: Pick<CaseSummaryModels, 'CaseSummary'>) {
  const { CaseSummary } = models;

  /**
   * One page of `filter`'s summaries: those with a next deadline (within `due`) by that date, then,
   * when `undatedToo`, those without one. The two ranges are counted and read apart, so the page
   * boundary falls in the right place whichever side it is on.
   */
  async function datedFirst(
    filter: Record<string, unknown>,
    due: Record<string, string>,
    undatedToo: boolean,
    skip: number,
    limit: number,
  ) {
    const datedFilter = { ...filter, nextDueOn: op({ $ne: null, ...due }) };
    const undatedFilter = { ...filter, nextDueOn: null };
    const [datedTotal, undatedTotal] = await Promise.all([
      CaseSummary.countDocuments(datedFilter),
      undatedToo ? CaseSummary.countDocuments(undatedFilter) : Promise.resolve(0),
    ]);
    const dated =
      skip < datedTotal
        ? await CaseSummary.find(datedFilter)
            .sort({ nextDueOn: 1, _id: 1 })
            .skip(skip)
            .limit(limit)
            .select(LIST_FIELDS)
            .lean<CaseListRow[]>()
        : [];
    const room = limit - dated.length;
    const undated =
      undatedToo && room > 0
        ? await CaseSummary.find(undatedFilter)
            .sort({ _id: 1 })
            .skip(Math.max(0, skip - datedTotal))
            .limit(room)
            .select(LIST_FIELDS)
            .lean<CaseListRow[]>()
        : [];
    return { items: [...dated, ...undated], total: datedTotal + undatedTotal };
  }

  return {
    /**
     * A page of a partnership's cases, soonest next deadline first and those with none after them
     * (a plain ascending sort puts nulls first), and the total.
     */
    async list(query: CaseListQuery): Promise<{ items: CaseListRow[]; total: number }> {
      const filter = scoped(query);
      if (query.state) filter['state'] = query.state;
      if (query.route) filter['route'] = query.route;
      if (query.open !== undefined) filter['open'] = query.open;
      if (query.reference !== undefined) {
        if (!REFERENCE_SEARCH.test(query.reference)) return { items: [], total: 0 };
        filter['reference'] = op({ $regex: query.reference.toUpperCase() });
      }
      const due: Record<string, string> = {};
      if (query.nextDueBefore) due['$lt'] = query.nextDueBefore;
      if (query.nextDueOnOrBefore) due['$lte'] = query.nextDueOnOrBefore;
      if (Object.keys(due).length > 0) {
        // Only an open case has a deadline (a summary stored before closed cases stopped counting may
        // still show one): closed cases with a due filter are none at all.
        if (query.open === false) return { items: [], total: 0 };
        filter['open'] = true;
        return datedFirst(filter, due, false, query.skip, query.limit);
      }
      return datedFirst(filter, {}, true, query.skip, query.limit);
    },

    /**
     * The open cases in `scope`, soonest next deadline first (those with none after them), at
     * most `limit`; with `withDeadline`, only those with an open deadline.
     */
    async openCases(scope: CaseScope, limit: number, options: { withDeadline?: boolean } = {}): Promise<CaseSummary[]> {
      const filter = { ...scoped(scope), open: true };
      const dated = await CaseSummary.find({ ...filter, nextDueOn: op({ $ne: null }) })
        .sort({ nextDueOn: 1, _id: 1 })
        .limit(limit)
        .lean<CaseSummary[]>();
      if (options.withDeadline || dated.length >= limit) return dated;
      const undated = await CaseSummary.find({ ...filter, nextDueOn: null })
        .sort({ _id: 1 })
        .limit(limit - dated.length)
        .lean<CaseSummary[]>();
      return [...dated, ...undated];
    },

    /** One case's summary, or null. */
    async findSummary(partnershipId: string, id: string): Promise<CaseSummary | null> {
      return CaseSummary.findOne({ _id: id, partnershipId }).lean<CaseSummary>();
    },

    /**
     * Open deadlines of a partnership's open cases with a due date in [from, to] (either end
     * optional), one row per clock, earliest first. Uses only $match/$unwind/$sort/$skip/$limit
     * (both servers).
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
      const match: Record<string, unknown> = { ...scoped({ partnershipId, ...(organisationId ? { organisationId } : {}) }), open: true };
      if (Object.keys(dueOn).length > 0) match['openDeadlines.dueOn'] = op({ ...dueOn });
      const afterUnwind = Object.keys(dueOn).length > 0 ? [{ $match: { 'openDeadlines.dueOn': dueOn } }] : [];
      // The aggregation gives the order and the clocks only: on FerretDB the other fields of an
      // unwound document came back missing (My work showed "undefined" for the reference), so
      // they are read in one more query by id. Two reads whatever the page size.
      const rows = await CaseSummary.aggregate<{ _id: string; openDeadlines: { clockId: string; dueOn: string } }>([
        { $match: match },
        { $unwind: '$openDeadlines' },
        ...afterUnwind,
        { $sort: { 'openDeadlines.dueOn': 1, _id: 1 } },
        { $skip: page.skip },
        { $limit: page.limit },
      ]);
      const ids = [...new Set(rows.map((row) => row._id))];
      const cases =
        ids.length === 0
          ? []
          : await CaseSummary.find({ partnershipId, _id: op({ $in: ids }) })
              .select({ _id: 1, reference: 1, route: 1, state: 1 })
              .lean<Pick<CaseSummary, '_id' | 'reference' | 'route' | 'state'>[]>();
      const byId = new Map(cases.map((summary) => [summary._id, summary]));
      return rows.flatMap(({ _id, openDeadlines }) => {
        const summary = byId.get(_id);
        // A summary gone between the two reads (its partnership removed) is left out.
        return summary
          ? [
              {
                _id,
                reference: summary.reference,
                route: summary.route,
                state: summary.state,
                deadline: { clockId: openDeadlines.clockId, dueOn: openDeadlines.dueOn },
              },
            ]
          : [];
      });
    },

    /** Open cases with a clock past due that the sweeper has not recorded yet (every partnership). */
    async sweepCandidates(before: CalendarDate, limit: number): Promise<Pick<CaseSummary, '_id' | 'partnershipId'>[]> {
      return CaseSummary.find({ open: true, sweepDueOn: op({ $ne: null, $lt: before }) })
        .select({ _id: 1, partnershipId: 1 })
        .sort({ sweepDueOn: 1 })
        .limit(limit)
        .lean<Pick<CaseSummary, '_id' | 'partnershipId'>[]>();
    },

    /** A partnership's open cases with a deadline due on or before `dueOnOrBefore`, one at a time. */
    openCasesDueBy(partnershipId: string, dueOnOrBefore: CalendarDate): AsyncIterable<CaseReminderRow> {
      return CaseSummary.find({ partnershipId, open: true, 'openDeadlines.dueOn': op({ $lte: dueOnOrBefore }) })
        .select({ _id: 1, partnershipId: 1, reference: 1, final: 1, openDeadlines: 1 })
        .lean<CaseReminderRow>()
        .cursor() as AsyncIterable<CaseReminderRow>;
    },
  };
}

/**
 * The case component's read-only queries for other components (feeds, reminders): they read case
 * data through these, never through the case models (ARCHITECTURE, "Lessons").
 */
export function caseSummaryQueries(connection: mongoose.Connection) {
  return createCaseSummaryQueries(caseSummaryModels(connection));
}

export type CaseSummaryQueries = ReturnType<typeof createCaseSummaryQueries>;
