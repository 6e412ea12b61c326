import type { CaseEvent, WorkflowView } from '../../workflows/case-workflow.js';
import { derivedFields } from './case-derived.js';
import type { CaseHistoryEntry, CaseRecord } from './case.record.js';
import type { CaseRepository } from './case.repository.js';

/**
 * Saves one applied event: the history entry and the derived fields, in one compare-and-set on
 * the version the event was applied to. Null when someone else got there first (or the
 * idempotency key was used meanwhile).
 */
export function saveTransition(
  repository: CaseRepository,
  record: CaseRecord,
  view: WorkflowView,
  event: CaseEvent,
  now: Date,
  idempotency?: { key: string; hash: string },
): Promise<CaseRecord | null> {
  const { type, actor, at, ...fields } = event;
  const entry: CaseHistoryEntry = {
    seq: record.history.length + 1,
    type,
    actor,
    at,
    stateBefore: record.state,
    stateAfter: view.state,
    version: record.version + 1,
    fields,
    effects: view.effects,
    ...(idempotency ? { idempotencyKey: idempotency.key, requestHash: idempotency.hash } : {}),
  };
  return repository.applyTransition(
    record.partnershipId,
    record._id,
    record.version,
    derivedFields(view, record.referringOrganisationId, now),
    entry,
  );
}
