/**
 * Diagnostic (not part of `npm run bench`): what one storage operation costs as the collection
 * grows, on the database `npm start` would use (MONGODB_URI, else an embedded server in a
 * temporary DATA_DIR under .bench/). It explains the benchmark's figures on FerretDB.
 *
 *   npx tsx scripts/bench/storage-probe.ts [sizes, default 1000,5000,10000]
 *
 * For each size: insertMany rate, then the mean time of
 *   - findOne({ _id })                                        (the engine's read),
 *   - findOneAndUpdate({ _id }) with $set/$push/$inc           (an _id-only compare-free update),
 *   - findOneAndUpdate({ _id, partnershipId, version, idempotencyKeys: { $ne } })  (the transition's filter),
 *   - find({ partnershipId }) counted                          (a partnership-wide read, as the dashboard's $match).
 * Documents are ~8 KB, like the seeded cases.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/config.js';
import { provisionDatabase } from '../../src/database/provision.js';
import { logger } from '../../src/logging/logger.js';

const sizes = (process.argv[2] ?? '1000,5000,10000').split(',').map(Number);
const dataDir = path.resolve('.bench', `probe-${process.pid}`);

function documentOf(i: number): Record<string, unknown> {
  const history = Array.from({ length: 12 }, (_, n) => ({
    seq: n + 1,
    type: 'agency-information.requested',
    actor: { userId: 'demo-business-unit', role: 'business-unit' },
    at: '2025-03-04T10:00:00.000Z',
    stateBefore: 'notification',
    stateAfter: 'notification',
    version: n + 1,
    fields: { agencies: [`agency-${n}`], note: 'x'.repeat(200) },
    effects: [{ kind: 'notify-agency', detail: { agency: `agency-${n}` } }],
  }));
  return {
    _id: randomBytes(16).toString('hex'),
    partnershipId: 'demo',
    reference: `DEMO-2025-${String(i).padStart(7, '0')}`,
    state: 'notification',
    version: 1,
    openDeadlines: [{ clockId: 'sin-notification', dueOn: '2025-03-11' }],
    nextDueOn: '2025-03-11',
    workflow: { machine: 'case-lifecycle', version: 2, snapshot: { value: 'notification', context: { blob: 'y'.repeat(2000) } } },
    idempotencyKeys: [],
    history,
  };
}

const time = async (work: () => Promise<unknown>, repeat: number) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await work();
  return Number(process.hrtime.bigint() - t0) / 1e6 / repeat;
};

logger.level = 'warn';
const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
const server = await provisionDatabase(config, logger);
const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 600_000 });
const db = client.db(`probe_${process.pid}`);
const cases = db.collection('cases');
try {
  await cases.createIndex({ partnershipId: 1, reference: 1 }, { unique: true });
  await cases.createIndex({ partnershipId: 1, 'openDeadlines.dueOn': 1 });
  const ids: string[] = [];
  let count = 0;
  console.log(`${server.provider}; ~${Buffer.byteLength(JSON.stringify(documentOf(0)))} bytes per document`);
  console.log('cases    insert/s   findOne(_id)  fAM(_id)  fAM(transition filter)  find(partnershipId)');
  for (const size of sizes) {
    const t0 = Date.now();
    while (count < size) {
      const batch = Array.from({ length: Math.min(1000, size - count) }, () => documentOf(count++));
      await cases.insertMany(batch as never[]);
      ids.push(...batch.map((doc) => doc['_id'] as string));
    }
    const inserted = Math.round((size - (sizes[sizes.indexOf(size) - 1] ?? 0)) / ((Date.now() - t0) / 1000));
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
    const findOne = await time(() => cases.findOne({ _id: pick() } as never), 20);
    const byId = await time(
      () =>
        cases.findOneAndUpdate({ _id: pick() } as never, { $set: { touched: true }, $inc: { version: 1 } }, { returnDocument: 'after' }),
      10,
    );
    const reps = size >= 50_000 ? 2 : 5;
    const transition = await time(async () => {
      const id = pick();
      const doc = await cases.findOne({ _id: id } as never);
      const key = randomBytes(8).toString('hex');
      await cases.findOneAndUpdate(
        { _id: id, partnershipId: 'demo', version: doc!['version'], idempotencyKeys: { $ne: key } } as never,
        { $set: { touched: true }, $push: { idempotencyKeys: key } as never, $inc: { version: 1 } as never },
        { returnDocument: 'after' },
      );
    }, reps);
    const scan = await time(() => cases.countDocuments({ partnershipId: 'demo' }), 2);
    console.log(
      `${String(size).padStart(7)}  ${String(inserted).padStart(8)}  ${findOne.toFixed(1).padStart(12)}  ${byId.toFixed(1).padStart(8)}  ${transition.toFixed(1).padStart(22)}  ${scan.toFixed(1).padStart(19)}   (ms)`,
    );
  }
} finally {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
