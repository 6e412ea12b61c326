import { createHash, randomUUID } from 'node:crypto';
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
 * The id of a new record. With an Idempotency-Key it is derived from the key (and who sent it), so
 * a retried create collides on the unique _id and answers with the first record instead of
 * creating a second.
 */
export function newRecordId(kind: 'recommendation' | 'action', principal: Principal, key: string | undefined): string {
  if (!key) return randomUUID().replaceAll('-', '');
  return createHash('sha256')
    .update(`${kind}\u0000${principal.partnershipId}\u0000${principal.userId}\u0000${key}`)
    .digest('hex')
    .slice(0, 32);
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
