import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseConnection } from '../../src/database/connection.js';

/** A database of this test file's own on the run's shared server; drop() removes it. */
export async function openTestDatabase(label: string): Promise<DatabaseConnection & { name: string; uri: string; drop(): Promise<void> }> {
  const uri = inject('mongoUri');
  const base = path
    .basename(label)
    .replace(/\.test\.ts$/, '')
    .replace(/[^A-Za-z0-9]/g, '_')
    .slice(0, 30);
  const name = `t_${base}_${randomBytes(3).toString('hex')}`;
  const database = await connectDatabase(uri, name, 5000);
  return {
    ...database,
    name,
    uri,
    drop: async () => {
      await database.connection.dropDatabase().catch(() => undefined);
      await database.close();
    },
  };
}
