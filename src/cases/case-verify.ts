import { isDeepStrictEqual } from 'node:util';
import type { WorkflowDeps } from '../../workflows/case-workflow.js';
import {
  applyCaseEvent,
  type CaseEvent,
  CURRENT_MACHINE_VERSION,
  migrateWorkflowView,
  openCase,
  type WorkflowView,
} from '../../workflows/case-workflow.js';
import type { OpenCaseInput } from '../../workflows/case-open.schema.js';
import type { CaseRecord } from './case.record.js';

export interface VerificationResult {
  caseId: string;
  reference: string;
  consistent: boolean;
  /** What differs between the stored case and the replay of its history (empty when consistent). */
  differences: string[];
}

/** The history entry type that records an explicit move to a newer machine version. */
export const MACHINE_MIGRATED = 'machine.migrated';

/**
 * Replays a case's history through its machine and compares the result with what is stored:
 * the snapshot, the state and the clocks. Any difference means the stored case was changed
 * other than by its events, or a machine changed behaviour without a migration.
 */
export function verifyCase(record: CaseRecord, deps: WorkflowDeps): VerificationResult {
  const differences: string[] = [];
  const result = (): VerificationResult => ({
    caseId: record._id,
    reference: record.reference,
    consistent: differences.length === 0,
    differences,
  });
  const [opening, ...events] = record.history;
  if (!opening || opening.type !== 'case.opened') {
    differences.push('history does not start with case.opened');
    return result();
  }
  // Replay on the version the case was opened on: the first explicit migration says where it came
  // from; a case never migrated is still on the version it was opened on. (Replaying an older
  // case on the current version would report every behaviour change since as a difference.)
  const firstMigration = events.find((entry) => entry.type === MACHINE_MIGRATED);
  const openedOnVersion = Number(firstMigration?.fields['fromVersion'] ?? record.workflow.machineVersion);
  let view: WorkflowView;
  try {
    view = openCase(deps, opening.fields as OpenCaseInput, { actor: opening.actor, at: opening.at }, openedOnVersion);
    for (const entry of events) {
      view =
        entry.type === MACHINE_MIGRATED
          ? migrateWorkflowView(deps, view.persisted, Number(entry.fields['toVersion'] ?? CURRENT_MACHINE_VERSION))
          : applyCaseEvent(deps, view.persisted, { type: entry.type, actor: entry.actor, at: entry.at, ...entry.fields } as CaseEvent);
      if (view.state !== entry.stateAfter)
        differences.push(`entry ${entry.seq} (${entry.type}): replay reached ${view.state}, history says ${entry.stateAfter}`);
    }
  } catch (error) {
    differences.push(`replay failed: ${(error as Error).message}`);
    return result();
  }
  if (view.state !== record.state) differences.push(`state: stored ${record.state}, replayed ${view.state}`);
  if (view.persisted.machineVersion !== record.workflow.machineVersion) {
    differences.push(`machine version: stored ${record.workflow.machineVersion}, replayed ${view.persisted.machineVersion}`);
  }
  if (!isDeepStrictEqual(view.persisted.snapshot, record.workflow.snapshot)) differences.push('snapshot differs from the replay');
  if (!isDeepStrictEqual(view.clocks, record.clocks)) differences.push('deadlines differ from the replay');
  if (record.version !== record.history.length) differences.push(`version ${record.version} but ${record.history.length} history entries`);
  return result();
}
