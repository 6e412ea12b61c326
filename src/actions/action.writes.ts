import type { Principal } from '../access/principal.js';
import { RuleViolationError } from '../errors/app-errors.js';
import type { ActionHistoryEntry, ActorRef } from './action.record.js';

/** If-Match and Idempotency-Key, as the routes read them. */
export interface WriteOptions {
  ifMatch?: number;
  idempotencyKey?: string;
}

export function actorRefOf(principal: Principal): ActorRef {
  return {
    userId: principal.userId,
    role: principal.role,
    ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
  };
}

/**
 * The history entry a key produced, when the request is an honest retry; a key reused for a
 * different request is a 422.
 */
export function entryForReplay(history: readonly ActionHistoryEntry[], key: string, hash: string): ActionHistoryEntry {
  const entry = history.find((candidate) => candidate.idempotencyKey === key);
  if (!entry || entry.requestHash !== hash) {
    throw new RuleViolationError('This Idempotency-Key was already used for a different request.', 'idempotency-key-reused');
  }
  return entry;
}

export { newRecordId } from '../shared/idempotent-create.js';
