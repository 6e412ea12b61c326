import type { Principal } from '../access/principal.js';
import type { ActionHistoryEntry, ActorRef } from './action.record.js';

export function actorRefOf(principal: Principal): ActorRef {
  return {
    userId: principal.userId,
    role: principal.role,
    ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
  };
}

/**
 * The history entry of a change made by `principal` (`seq` its place in the history, `version` the
 * version it produces), keeping the request's key and hash so that a retry is replayed.
 */
export function historyEntry(
  principal: Principal,
  change: { seq: number; version: number; type: string; fields: Record<string, unknown> },
  at: Date,
  idempotency: { key: string | undefined; hash: string },
): ActionHistoryEntry {
  const { seq, version, type, fields } = change;
  return {
    seq,
    type,
    actor: actorRefOf(principal),
    at: at.toISOString(),
    version,
    fields,
    ...(idempotency.key ? { idempotencyKey: idempotency.key, requestHash: idempotency.hash } : {}),
  };
}

export { newRecordId } from '../shared/idempotent-create.js';
