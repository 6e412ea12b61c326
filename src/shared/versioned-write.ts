import { PreconditionFailedError, PreconditionRequiredError, RuleViolationError } from '../errors/app-errors.js';

/**
 * The one write path for versioned records (cases and actions): a retried Idempotency-Key gets
 * the first result back, a write needs If-Match with the current version, and the change is saved
 * by one compare-and-set on that version. A lost race is a 412, never a silent overwrite; a race
 * lost to the same request (a retry that overtook it) is answered as that request's replay.
 */

/** If-Match and Idempotency-Key, as the routes read them. */
export interface WriteOptions {
  ifMatch?: number;
  idempotencyKey?: string;
}

interface ReplayableEntry {
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
}

interface VersionedRecord {
  version: number;
  idempotencyKeys: readonly string[];
  history: readonly ReplayableEntry[];
}

/**
 * The history entry a key produced, when the request is an honest retry; a key reused for a
 * different request is a 422.
 */
export function entryForReplay<E extends ReplayableEntry>(history: readonly E[], key: string, hash: string): E {
  const entry = history.find((candidate) => candidate.idempotencyKey === key);
  if (!entry || entry.requestHash !== hash) {
    throw new RuleViolationError('This Idempotency-Key was already used for a different request.', 'idempotency-key-reused');
  }
  return entry;
}

/** 428 without If-Match, 412 when it names a version that is no longer current. */
export function requireCurrentVersion(noun: string, version: number, ifMatch: number | undefined): void {
  if (ifMatch === undefined) throw new PreconditionRequiredError(`Send If-Match with the ${noun} version you are changing (its ETag).`);
  if (ifMatch !== version) {
    throw new PreconditionFailedError(
      `The ${noun} is at version ${version}, not ${ifMatch}: someone else changed it. Reload and try again.`,
    );
  }
}

export interface VersionedWrite<R extends VersionedRecord, Out> {
  /** `case`, `action`: how messages name the record. */
  noun: string;
  /** `your event`, `your change`: how the lost-race message names the request. */
  request: string;
  ifMatch: number | undefined;
  /** The sender's own key (already scoped to the user), and the hash of the request it keys. */
  idempotencyKey: string | undefined;
  requestHash: string;
  /** Reads the record as the principal may see it (throws 404 otherwise); called again after a lost race. */
  read(): Promise<R>;
  /** Decides the change and saves it by compare-and-set on `record.version`; undefined/null when the version moved. */
  save(record: R): Promise<R | null | undefined>;
  /** The answer for a saved change. */
  saved(record: R): Promise<Out> | Out;
  /** The answer for a retry: the record as it is and the entry the key produced. */
  replayed(record: R, entry: R['history'][number]): Promise<Out> | Out;
}

export async function versionedWrite<R extends VersionedRecord, Out>(write: VersionedWrite<R, Out>): Promise<Out> {
  const { idempotencyKey: key, requestHash: hash } = write;
  const record = await write.read();
  if (key && record.idempotencyKeys.includes(key)) return write.replayed(record, entryForReplay(record.history, key, hash));
  requireCurrentVersion(write.noun, record.version, write.ifMatch);
  const saved = await write.save(record);
  if (saved) return write.saved(saved);
  const current = await write.read();
  if (key && current.idempotencyKeys.includes(key)) return write.replayed(current, entryForReplay(current.history, key, hash));
  throw new PreconditionFailedError(
    `The ${write.noun} changed while ${write.request} was applied (now version ${current.version}). Reload and try again.`,
  );
}
