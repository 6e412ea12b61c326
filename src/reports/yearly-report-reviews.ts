/**
 * The reviews of a reporting year, one entry each (DOMAIN.md "The yearly report": each review with
 * its recommendations, their actions and evidence of impact, and how its learning was spread).
 * Pure: which cases are reviews comes from the year's figures; their recommendations, actions and
 * learning records come from the repository, already limited to what was recorded by the report's
 * as-recorded instant.
 */
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { Link, YearlyFigures } from './yearly-report.js';

export type ReviewKind = 'statutory' | 'local' | 'national';

export interface ReviewAction {
  id: string;
  reference: string;
  text: string;
  status: string;
  rag: string;
  impactEvidence: { evidencedOn: CalendarDate; text: string }[];
}

export interface ReviewRecommendation {
  id: string;
  reference: string;
  text: string;
  actions: ReviewAction[];
}

export interface ReviewLearning {
  dissemination: { kind: string; disseminatedOn: CalendarDate; audience: string; reach: number }[];
  repositorySubmittedOn: CalendarDate | null;
  publishedOn: CalendarDate | null;
}

export interface ReviewEntry extends ReviewLearning {
  case: Link;
  kind: ReviewKind;
  recommendations: ReviewRecommendation[];
}

/**
 * The year's reviews by case, in reference order: statutory (a rapid review sent to the Panel, or
 * an LCSPR), local (the partnership's own, without a notification) or national.
 * @example reviewCases(figures).map((r) => r.kind) //=> ['statutory', 'local']
 */
export function reviewCases(figures: YearlyFigures): { case: Link; kind: ReviewKind }[] {
  const byId = new Map<string, { case: Link; kind: ReviewKind }>();
  const add = (kind: ReviewKind, links: Link[]) => {
    for (const link of links) if (!byId.has(link.id)) byId.set(link.id, { case: link, kind });
  };
  const { rapidReviews, lcsprs, localReviews, nationalReviews } = figures;
  add('statutory', [
    ...rapidReviews.completed.cases,
    ...lcsprs.commissioned.cases,
    ...lcsprs.inProgress.cases,
    ...lcsprs.published.cases,
    ...lcsprs.deferred.cases,
  ]);
  add('local', [
    ...localReviews.rapidReviews.cases,
    ...localReviews.commissioned.cases,
    ...localReviews.inProgress.cases,
    ...localReviews.published.cases,
  ]);
  add('national', nationalReviews.total.cases);
  return [...byId.values()].sort((a, b) => a.case.reference.localeCompare(b.case.reference));
}

/** Each review with its recommendations (and their actions) and its learning records. */
export function reviewEntries(
  cases: { case: Link; kind: ReviewKind }[],
  recommendations: (Omit<ReviewRecommendation, 'actions'> & { caseId: string })[],
  actions: (ReviewAction & { recommendationId: string })[],
  learning: Map<string, ReviewLearning>,
): ReviewEntry[] {
  return cases.map(({ case: link, kind }) => ({
    case: link,
    kind,
    recommendations: recommendations
      .filter((recommendation) => recommendation.caseId === link.id)
      .map(({ caseId: _caseId, ...recommendation }) => ({
        ...recommendation,
        actions: actions
          .filter((action) => action.recommendationId === recommendation.id)
          .map(({ recommendationId: _r, ...action }) => action),
      })),
    ...(learning.get(link.id) ?? { dissemination: [], repositorySubmittedOn: null, publishedOn: null }),
  }));
}

/**
 * Each action's status and RAG as the year's figures counted them (as recorded at the report's
 * instant, so a reproduced report gives the same), or `null` for an action outside the year's plan.
 */
export function actionStandings(figures: YearlyFigures): Map<string, { status: string; rag: string }> {
  const out = new Map<string, { status: string; rag: string }>();
  const { byStatus, byRag } = figures.actions;
  for (const status of ['open', 'awaitingSignOff', 'complete'] as const) {
    for (const link of byStatus[status].actions) out.set(link.id, { status, rag: '' });
  }
  for (const link of byStatus.overdue.actions) {
    const standing = out.get(link.id);
    if (standing) standing.status = `${standing.status}, overdue`;
  }
  for (const rag of ['red', 'amber', 'green', 'complete'] as const) {
    for (const link of byRag[rag].total.actions) {
      const standing = out.get(link.id);
      if (standing) standing.rag = rag;
    }
  }
  return out;
}

/** Actions with the status and RAG the year's figures give them ("not in the year's plan" otherwise). */
export function withStandings<T extends { id: string; status: string; rag: string }>(
  actions: T[],
  standings: Map<string, { status: string; rag: string }>,
): T[] {
  return actions.map((action) => {
    const standing = standings.get(action.id);
    return { ...action, status: standing?.status ?? 'not in the year’s plan', rag: standing?.rag ?? '' };
  });
}
