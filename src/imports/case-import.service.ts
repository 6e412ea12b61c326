import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { CaseRecord } from '../cases/case.record.js';
import { ForbiddenError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import { settleRemindersOfPastDeadlines } from '../reminders/reminder.settled.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import type { ImportProblem } from './case-import.columns.js';
import { parseCaseCsv } from './case-import.csv.js';
import { type BuiltCase, buildImportedCase, importedCaseId } from './case-import.build.js';
import { planCase } from './case-import.plan.js';

export interface ImportDependencies {
  connection: mongoose.Connection;
  repository: CaseRepository;
  partnerships: PartnershipDirectory;
  calendar: HolidayCalendar;
  clock: SystemClock;
}

/** One row's outcome, for the results table. */
export interface ImportRowResult {
  line: number;
  formerReference: string;
  outcome: 'created' | 'would-create' | 'already-imported';
  caseId: string;
  reference: string | null;
  state: string;
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  alreadyImported: number;
  results: ImportRowResult[];
}

/**
 * Importing a partnership's existing case log (issue 12 item 4). Every row is checked, and built
 * through the lifecycle machines, before anything is written: a file with any problem writes
 * nothing and answers every problem found, by line and column. Never logs the file or a cell.
 */
export function createCaseImportService(deps: ImportDependencies) {
  return {
    async importCases(principal: Principal, body: Buffer, options: { dryRun: boolean }): Promise<ImportResult> {
      const partnership = await deps.partnerships.get(principal.partnershipId);
      if (!partnership) throw new ForbiddenError('Your partnership is not set up in this service.');
      const parsed = parseCaseCsv(body);
      if (!parsed.ok) throw new ValidationError('The file cannot be read as the case-log template.', toIssues(parsed.problems));

      const now = deps.clock.now();
      const today = todayInEngland(deps.clock);
      const problems: ImportProblem[] = [];
      const built: { case: BuiltCase; overdue: { clockId: string; dueOn: string }[]; existing: CaseRecord | null }[] = [];
      const seenReferences = new Map<string, number>();
      // Retired organisations count: an old case may well have been referred by one.
      const organisations = new Set(
        (await listOrganisations(deps.connection, principal.partnershipId)).map((organisation) => organisation.id),
      );
      const imported = await deps.repository.formerReferences(principal.partnershipId);
      for (const row of parsed.rows) {
        const previous = seenReferences.get(row.cells.reference);
        if (row.cells.reference && previous !== undefined) {
          problems.push({ line: row.line, column: 'reference', message: `the same reference is on line ${previous}` });
          continue;
        }
        seenReferences.set(row.cells.reference, row.line);
        const id = importedCaseId(principal.partnershipId, row);
        const before = imported.get(row.cells.reference);
        if (before && before.id !== id) {
          // The same case with different content: importing it would make a second case.
          problems.push({
            line: row.line,
            column: 'reference',
            message: `${row.cells.reference} was already imported, as ${before.reference}, from a row that said something else; change that case in the service instead`,
          });
          continue;
        }
        const referrer = row.cells.referringOrganisationId;
        if (referrer && !organisations.has(referrer)) {
          problems.push({
            line: row.line,
            column: 'referringOrganisationId',
            message: `no organisation ${referrer} in your partnership (add it under Administration first)`,
          });
          continue;
        }
        const planned = planCase(row, today, deps.calendar);
        if ('problems' in planned) {
          problems.push(...planned.problems);
          continue;
        }
        const result = buildImportedCase(partnership.workflow, planned.plan, {
          id,
          partnershipId: principal.partnershipId,
          importedBy: principal.userId,
          now,
          today,
        });
        if ('problem' in result) {
          problems.push(result.problem);
          continue;
        }
        built.push({
          case: result.built,
          overdue: result.overdueAtImport,
          existing: await deps.repository.find(principal.partnershipId, id),
        });
      }
      if (problems.length > 0) {
        throw new RuleViolationError(`${problems.length} problem(s) in the file; nothing was imported.`, 'case-import-problems', {
          errors: toIssues(problems),
        });
      }

      const results: ImportRowResult[] = [];
      let created = 0;
      const settle: Parameters<typeof settleRemindersOfPastDeadlines>[1][number][] = [];
      for (const item of built) {
        const line = item.case.history[0] && (item.case.history[0] as { imported?: { line: number } }).imported?.line;
        const base = { line: line ?? 0, formerReference: item.case.formerReference, caseId: item.case._id };
        if (item.existing) {
          results.push({ ...base, outcome: 'already-imported', reference: item.existing.reference, state: item.existing.state });
          continue;
        }
        if (options.dryRun) {
          results.push({ ...base, outcome: 'would-create', reference: null, state: item.case.state });
          continue;
        }
        const year = Number(item.case.openedOn.slice(0, 4));
        const reference = `${partnership.referencePrefix}-${year}-${String(await deps.repository.nextSequence(principal.partnershipId, year)).padStart(4, '0')}`;
        const record = { ...item.case, reference } as CaseRecord;
        try {
          await deps.repository.insert(record);
        } catch (error) {
          // The same row imported at the same moment by another request: it is there once.
          if ((error as { code?: number }).code !== 11000) throw error;
          const first = await deps.repository.find(principal.partnershipId, record._id);
          results.push({ ...base, outcome: 'already-imported', reference: first?.reference ?? null, state: first?.state ?? record.state });
          continue;
        }
        created += 1;
        if (item.overdue.length > 0)
          settle.push({ caseId: record._id, partnershipId: record.partnershipId, reference, clocks: item.overdue });
        results.push({ ...base, outcome: 'created', reference, state: record.state });
      }
      if (settle.length > 0) await settleRemindersOfPastDeadlines(deps.connection, settle, today, now);
      const alreadyImported = results.filter((r) => r.outcome === 'already-imported').length;
      if (!options.dryRun)
        logger.info('case log imported', { partnershipId: principal.partnershipId, rows: parsed.rows.length, created, alreadyImported });
      return { dryRun: options.dryRun, rows: parsed.rows.length, created, alreadyImported, results };
    },
  };
}

/** Problems in the shape of a problem's `errors` member, with the line and the column. */
function toIssues(problems: readonly ImportProblem[]) {
  return problems.map((p) => ({
    line: p.line,
    column: p.column,
    path: p.column ? `line ${p.line}.${p.column}` : `line ${p.line}`,
    code: 'invalid_value',
    message: p.message,
  }));
}

export type CaseImportService = ReturnType<typeof createCaseImportService>;
