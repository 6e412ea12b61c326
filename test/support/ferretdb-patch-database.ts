import fs from 'node:fs';
import path from 'node:path';
import { type Db, type Document, MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { startFerretDb } from '../../src/database/ferretdb-server.js';
import { findFreePort } from '../../src/database/free-port.js';
import { stopProcessGroup } from '../../src/database/process-control.js';
import { ferretDbBinary } from './ferretdb-build.js';
import { TEST_DATA_ROOT } from './test-env.js';

/**
 * A FerretDB of the test file's own, from our patched build, whatever server the rest of the run
 * uses (the patches are what these tests check, so they always run against them), stopped and
 * removed after the file. Its buildInfo names the build (`gitVersion` is our build tag).
 */
export async function openPatchTestDatabase(file: string): Promise<{ db: Db; buildInfo: Document }> {
  const dataDir = path.join(TEST_DATA_ROOT, `patch-${path.basename(file, '.test.ts')}-${process.pid}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort();
  const server = await startFerretDb({ binary: await ferretDbBinary(), dataDir, port, ownerPid: process.pid });
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 120_000 });
  afterAll(async () => {
    await client.close().catch(() => undefined);
    await stopProcessGroup(server.pid, 10_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  await client.connect();
  const db = client.db('patch_tests');
  return { db, buildInfo: await db.admin().command({ buildInfo: 1 }) };
}
