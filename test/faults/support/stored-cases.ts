/**
 * What the database holds after a fault, checked against what the clients were told. Every
 * check reads the stored documents directly (the test's own connection), never the API.
 */
import type { DatabaseConnection } from '../../../src/database/connection.js';
import type { Ack } from './transition-client.js';

interface StoredEntry {
  seq: number;
  version: number;
  type: string;
  idempotencyKey?: string;
  fields?: Record<string, unknown>;
}

export interface StoredCase {
  _id: string;
  version: number;
  history: StoredEntry[];
  idempotencyKeys: string[];
  clocks: { clockId: string; dueOn: string; metOn?: string }[];
}

export async function storedCases(database: DatabaseConnection, ids?: string[]): Promise<Map<string, StoredCase>> {
  const collection = database.connection.collection('cases');
  const records: StoredCase[] = [];
  if (ids) {
    // One _id lookup per case: the only filter FerretDB 1.24 serves from an index.
    for (const id of ids) {
      const record = await collection.findOne({ _id: id } as never, {
        projection: { version: 1, history: 1, idempotencyKeys: 1, clocks: 1 },
      });
      if (record) records.push(record as unknown as StoredCase);
    }
  } else {
    records.push(
      ...((await collection
        .find({}, { projection: { version: 1, history: 1, idempotencyKeys: 1, clocks: 1 } })
        .toArray()) as unknown as StoredCase[]),
    );
  }
  return new Map(records.map((record) => [record._id, record]));
}

/**
 * Whether a stored key is the one a client sent. Keys are stored as their sender's own, `userId key`
 * (src/shared/idempotency-scope.ts, issue 14 finding 6), so the client's key is the part after the space.
 */
function isClientKey(stored: string | undefined, key: string): boolean {
  return stored !== undefined && stored.slice(stored.indexOf(' ') + 1) === key;
}

/** Acknowledged transitions whose history entry (same key, same version) is not stored. */
export function lostAcknowledged(acks: Ack[], cases: Map<string, StoredCase>): Ack[] {
  return acks.filter((ack) => {
    const record = cases.get(ack.caseId);
    return !record?.history.some((entry) => isClientKey(entry.idempotencyKey, ack.key) && entry.version === ack.version);
  });
}

/**
 * Cases not written whole: version differs from the history length, history seq/version not
 * 1..n, or an entry's idempotency key missing from the case's key list (or the other way round).
 */
export function halfWritten(cases: Map<string, StoredCase>): string[] {
  const broken: string[] = [];
  for (const record of cases.values()) {
    const sequential = record.history.every((entry, i) => entry.seq === i + 1 && entry.version === i + 1);
    const keysInHistory = record.history.flatMap((entry) => (entry.idempotencyKey ? [entry.idempotencyKey] : []));
    const keysMatch =
      keysInHistory.length === record.idempotencyKeys.length && keysInHistory.every((key) => record.idempotencyKeys.includes(key));
    if (record.version !== record.history.length || !sequential || !keysMatch) broken.push(record._id);
  }
  return broken;
}

/** Idempotency keys applied more than once (on any case). */
export function appliedTwice(cases: Map<string, StoredCase>): string[] {
  const seen = new Map<string, number>();
  for (const record of cases.values()) {
    for (const entry of record.history) if (entry.idempotencyKey) seen.set(entry.idempotencyKey, (seen.get(entry.idempotencyKey) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}
