import type { Db, Document } from 'mongodb';
import { afterAll } from 'vitest';
import { openTestDatabase } from './test-database.js';

/**
 * A database of the test file's own for the tests of our FerretDB patches, dropped after the file,
 * and whether this run's server is FerretDB at all (its buildInfo names a `ferretdbVersion`):
 * against a real MongoDB there is no patch to test.
 */
export async function openPatchTestDatabase(file: string): Promise<{ db: Db; buildInfo: Document; isFerretDb: boolean }> {
  const database = await openTestDatabase(file);
  afterAll(() => database.drop());
  const db = database.connection.db!;
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  return { db, buildInfo, isFerretDb: typeof buildInfo['ferretdbVersion'] === 'string' };
}
