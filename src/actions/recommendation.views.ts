import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { CsvColumn } from '../shared/csv.js';
import { seesCaseLinks } from './action.access.js';
import type { ActionTallyRow } from './action.repository.js';
import type { RecommendationRecord } from './action.record.js';
import { isOverdue } from './action.schedule.js';

/** How the actions under a recommendation stand (only the caller's own, for an agency). */
export interface ActionCounts {
  total: number;
  open: number;
  awaitingSignOff: number;
  complete: number;
  overdue: number;
}

export function emptyCounts(): ActionCounts {
  return { total: 0, open: 0, awaitingSignOff: 0, complete: 0, overdue: 0 };
}

/** Tallies rows by recommendation id. */
export function countActions(rows: readonly ActionTallyRow[], today: CalendarDate): Map<string, ActionCounts> {
  const counts = new Map<string, ActionCounts>();
  for (const row of rows) {
    const tally = counts.get(row.recommendationId) ?? emptyCounts();
    tally.total += 1;
    if (row.status === 'open') tally.open += 1;
    else if (row.status === 'awaiting-sign-off') tally.awaitingSignOff += 1;
    else tally.complete += 1;
    if (isOverdue(row, today)) tally.overdue += 1;
    counts.set(row.recommendationId, tally);
  }
  return counts;
}

export function recommendationView(record: RecommendationRecord, principal: Principal, counts: ActionCounts) {
  return {
    id: record._id,
    reference: record.reference,
    source: record.source,
    priority: record.priority,
    ...(seesCaseLinks(principal) ? { caseId: record.caseId, caseReference: record.caseReference } : {}),
    text: record.text,
    createdOn: record.createdOn,
    createdAt: record.createdAt.toISOString(),
    version: record.version,
    actionCounts: counts,
  };
}

export type RecommendationView = ReturnType<typeof recommendationView>;

export interface RecommendationCsvRow {
  record: RecommendationRecord;
  counts: ActionCounts;
}

export function recommendationCsvColumns(principal: Principal): CsvColumn<RecommendationCsvRow>[] {
  const columns: (CsvColumn<RecommendationCsvRow> | false)[] = [
    { header: 'Reference', value: (r) => r.record.reference },
    { header: 'Source', value: (r) => r.record.source },
    { header: 'Priority', value: (r) => r.record.priority },
    seesCaseLinks(principal) && { header: 'Case', value: (r) => r.record.caseReference },
    { header: 'Recommendation', value: (r) => r.record.text },
    { header: 'Created on', value: (r) => r.record.createdOn },
    { header: 'Actions', value: (r) => r.counts.total },
    { header: 'Open', value: (r) => r.counts.open },
    { header: 'Awaiting sign-off', value: (r) => r.counts.awaitingSignOff },
    { header: 'Complete', value: (r) => r.counts.complete },
    { header: 'Overdue', value: (r) => r.counts.overdue },
  ];
  return columns.filter((column): column is CsvColumn<RecommendationCsvRow> => column !== false);
}
