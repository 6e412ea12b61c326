import { createHash } from 'node:crypto';
import { AppError, InvalidTransitionError, RuleViolationError } from '../errors/app-errors.js';
import { unrecordedOverdueClocks } from '../cases/deadline-sweeper.js';
import { derivedFields } from '../cases/case-derived.js';
import { caseDataOf, type CaseHistoryEntry, type CaseRecord } from '../cases/case.record.js';
import {
  applyCaseEvent,
  openCase,
  type Actor,
  type CaseEvent,
  type WorkflowDeps,
  type WorkflowView,
} from '../../workflows/case-workflow.js';
import { OpenCaseSchema } from '../../workflows/case-open.schema.js';
import type { ImportColumn, ImportProblem } from './case-import.columns.js';
import type { CsvRow } from './case-import.csv.js';
import type { PlannedCase } from './case-import.plan.js';

/** Every imported step names the import as its sender, in the role the step needs; `imported.by` names the person. */
export const IMPORT_USER_ID = 'case-import';

/** What a history entry of an imported case says about its import. */
export interface ImportMark {
  by: string;
  at: string;
  line: number;
  formerReference: string;
  /** Not in the file: implied by a step that is (see case-import.plan.ts). */
  inferred?: true;
}

/** A case built in memory, ready to insert; its reference is given when it is written. */
export type BuiltCase = Omit<CaseRecord, 'reference'> & { formerReference: string };

/**
 * The id of an imported case, from the partnership and the row's content: the same row imported
 * again has the same id, so the unique `_id` makes a second import add nothing.
 */
export function importedCaseId(partnershipId: string, row: CsvRow): string {
  const content = JSON.stringify(Object.entries(row.cells).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(`case-import\u0000${partnershipId}\u0000${content}`).digest('hex').slice(0, 32);
}

/**
 * The instant a step is recorded at: noon (UTC, so the same day in England) of the day it
 * happened, a second apart in order so the history keeps its order, and never before the step
 * before it. The yearly report counts each event in the year it is recorded, so an imported
 * step counts in the year it happened, as if it had been entered that day.
 */
function instantOf(day: string, seq: number): string {
  return `${day}T12:${String(Math.floor(seq / 60) % 60).padStart(2, '0')}:${String(seq % 60).padStart(2, '0')}.000Z`;
}

function problemOf(error: unknown, line: number, column: ImportColumn | null): ImportProblem {
  if (error instanceof AppError) {
    const issues = (error as { errors?: { path: string; message: string }[] }).errors ?? [];
    const detail = issues.length > 0 ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : error.message;
    return { line, column, message: detail };
  }
  throw error;
}

/** The column an opening problem comes from (the children are the age bands). */
function openingColumn(error: unknown): ImportColumn | null {
  // The opening's clocks start on the day the LA became aware: that is the date beyond the data.
  if ((error as { rule?: string }).rule === 'holiday-data-missing') return 'laAwareOn';
  const path =
    (error as { errors?: { path: string }[] }).errors?.[0]?.path ?? (error as { extensions?: { field?: string } }).extensions?.field ?? '';
  const head = String(path).split('.')[0] ?? '';
  if (head === 'children') return 'ageBands';
  return (
    (
      ['route', 'incidentOn', 'laAwareOn', 'partnersAwareOn', 'laArea', 'referringOrganisationId', 'leadPartnership', 'themes'] as const
    ).find((c) => c === head) ?? 'route'
  );
}

/**
 * Sends a planned case through the lifecycle machines, step by step, dated as in the file, and
 * builds the record to insert; or the first problem the machines find, on the column of its step.
 * Clocks already past due on `today` are recorded as passed by the import itself, so the deadline
 * sweeper never finds them newly overdue; they are returned for their reminders to be settled.
 * Pure: the instant and the day come in as arguments.
 */
export function buildImportedCase(
  deps: WorkflowDeps,
  plan: PlannedCase,
  context: { id: string; partnershipId: string; importedBy: string; now: Date; today: string },
): { built: BuiltCase; overdueAtImport: { clockId: string; dueOn: string }[] } | { problem: ImportProblem } {
  const importedAt = context.now.toISOString();
  const mark = (inferred: boolean): ImportMark => ({
    by: context.importedBy,
    at: importedAt,
    line: plan.line,
    formerReference: plan.formerReference,
    ...(inferred ? { inferred: true as const } : {}),
  });
  const history: (CaseHistoryEntry & { imported: ImportMark })[] = [];
  let view: WorkflowView;
  let day = plan.openedOn;
  const openedAt = instantOf(day, 0);
  try {
    view = openCase(deps, plan.opening, { actor: { userId: IMPORT_USER_ID, role: 'business-unit' }, at: openedAt });
  } catch (error) {
    return { problem: problemOf(error, plan.line, openingColumn(error)) };
  }
  history.push({
    seq: 1,
    type: 'case.opened',
    actor: { userId: IMPORT_USER_ID, role: 'business-unit' },
    at: openedAt,
    stateBefore: null,
    stateAfter: view.state,
    version: 1,
    fields: plan.opening as Record<string, unknown>,
    effects: view.effects,
    imported: mark(false),
  });

  const apply = (event: CaseEvent, inferred: boolean): void => {
    const next = applyCaseEvent(deps, view.persisted, event);
    const { type, actor, at, ...fields } = event;
    history.push({
      seq: history.length + 1,
      type,
      actor,
      at,
      stateBefore: view.state,
      stateAfter: next.state,
      version: history.length + 1,
      fields,
      effects: next.effects,
      imported: mark(inferred),
    });
    view = next;
  };
  for (const step of plan.steps) {
    // A case the log closes by its screening or withdrawal is already closed: the closing date adds nothing.
    if (step.column === 'closedOn' && view.final) break;
    if (step.on > day) day = step.on;
    const actor: Actor = { userId: IMPORT_USER_ID, role: step.role, ...(step.partner ? { partner: step.partner } : {}) };
    const event = {
      ...step.event,
      actor,
      at: instantOf(day, history.length),
      ...(step.event.type === 'case.closed' ? { openActions: 0 } : {}),
    } as CaseEvent;
    try {
      apply(event, step.inferred);
    } catch (error) {
      return { problem: problemOf(error, plan.line, step.column) };
    }
  }
  // Clocks that fell due before the import: recorded as passed now, by the import, once. The
  // sweeper's own rule picks them (so a clock it would not sweep is not recorded here either), and
  // one the machine will not take is left as the sweeper would leave it.
  if (!view.final) {
    for (const clock of unrecordedOverdueClocks(
      { workflow: view.persisted, clocks: view.clocks, stage: view.stage, final: view.final } as CaseRecord,
      context.today,
    )) {
      try {
        apply(
          {
            type: 'deadline.passed',
            clockId: clock.clockId,
            actor: { userId: IMPORT_USER_ID, role: 'system' },
            at: importedAt,
          } as CaseEvent,
          false,
        );
      } catch (error) {
        if (!(error instanceof InvalidTransitionError || error instanceof RuleViolationError)) throw error;
      }
    }
  }
  const opening = OpenCaseSchema.parse(plan.opening);
  const referring = opening.referringOrganisationId ?? null;
  const built: BuiltCase = {
    _id: context.id,
    partnershipId: context.partnershipId,
    formerReference: plan.formerReference,
    route: opening.route,
    ...derivedFields(view, referring, context.now),
    version: history.length,
    referringOrganisationId: referring,
    caseData: caseDataOf(opening),
    openedOn: plan.openedOn,
    openedAt: new Date(openedAt),
    idempotencyKeys: [],
    history,
  };
  // What the reminder planner would chase as overdue (the open deadlines) but fell due before the import.
  const overdueAtImport = built.final ? [] : built.openDeadlines.filter((deadline) => deadline.dueOn < context.today);
  return { built, overdueAtImport: overdueAtImport.map((deadline) => ({ clockId: deadline.clockId, dueOn: deadline.dueOn })) };
}
