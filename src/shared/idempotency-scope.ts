import type { Principal } from '../access/principal.js';

/**
 * The Idempotency-Key as stored on a record: the sender's own (issue 14, finding 6). A key is one
 * client's promise that two requests are the same, so another user sending the same key is not
 * a retry and must never receive the first user's result. User ids and keys hold no spaces
 * (src/access/principal.ts, src/http/write-headers.ts), so the space keeps the two apart.
 * Records created by a key derive their id from the same pair (src/shared/idempotent-create.ts).
 * @example userScopedKey({ userId: 'north-chair', … }, 'abc') //=> 'north-chair abc'
 */
export function userScopedKey(principal: Pick<Principal, 'userId'>, key: string): string;
export function userScopedKey(principal: Pick<Principal, 'userId'>, key: string | undefined): string | undefined;
export function userScopedKey(principal: Pick<Principal, 'userId'>, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${principal.userId} ${key}`;
}
