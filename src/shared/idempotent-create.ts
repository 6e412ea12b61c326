import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal.js';

/**
 * The id of a new record. With an Idempotency-Key it is derived from the key (and who sent it), so
 * a retried create collides on the unique _id and answers with the first record instead of
 * creating a second.
 */
export function newRecordId(
  kind: 'case' | 'recommendation' | 'action' | 'document' | 'meeting',
  principal: Principal,
  key: string | undefined,
): string {
  if (!key) return randomUUID().replaceAll('-', '');
  return createHash('sha256')
    .update(`${kind}\u0000${principal.partnershipId}\u0000${principal.userId}\u0000${key}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Inserts a new record. When a concurrent retry with the same Idempotency-Key inserted it first
 * (the derived _id collides), returns that first record, for the caller to replay; otherwise
 * undefined. Any other failure is rethrown.
 */
export async function insertOnce<R>(
  insert: () => Promise<void>,
  findFirst: () => Promise<R | null>,
  idempotencyKey: string | undefined,
): Promise<R | undefined> {
  try {
    await insert();
    return undefined;
  } catch (error) {
    if ((error as { code?: number }).code === 11000 && idempotencyKey) {
      const first = await findFirst();
      if (first) return first;
    }
    throw error;
  }
}
