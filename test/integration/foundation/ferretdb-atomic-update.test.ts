import { describe, expect, it } from 'vitest';
import { openPatchTestDatabase } from '../../support/ferretdb-patch-database.js';

// Patch 0001 of our FerretDB build (src/database/ferretdb-patches/0001-atomic-read-modify-write.patch):
// FerretDB 1.24 runs findAndModify, update and delete as "read, then write back" with nothing
// held in between, so concurrent updates of one document overwrite each other and acknowledged
// changes are lost. MongoDB makes each single-document update atomic, and the engine's
// compare-and-set transitions rely on it (ARCHITECTURE decision 2). These tests race many writers
// on one document and count: every acknowledged change must be in the stored document. Without
// the patch they fail (lost increments; several compare-and-set winners for one version).
// test/integration/cases/concurrency.test.ts shows the same through the HTTP API.

const { db, buildInfo } = await openPatchTestDatabase(import.meta.filename);

const WRITERS = 40;

describe(`FerretDB read-modify-write commands are atomic (build ${String(buildInfo['gitVersion'])})`, () => {
  const counters = () => db.collection<{ _id: string; n: number; version: number }>('counters');

  it(`${WRITERS} concurrent $inc updates of one document: all ${WRITERS} are kept`, async () => {
    await counters().insertOne({ _id: 'inc', n: 0, version: 0 });
    const results = await Promise.all(Array.from({ length: WRITERS }, () => counters().updateOne({ _id: 'inc' }, { $inc: { n: 1 } })));
    const acknowledged = results.filter((result) => result.modifiedCount === 1).length;
    const stored = await counters().findOne({ _id: 'inc' });
    expect(acknowledged).toBe(WRITERS);
    expect(stored?.n).toBe(acknowledged);
  });

  it(`${WRITERS} concurrent findOneAndUpdate $inc: all ${WRITERS} are kept, and each saw a different value`, async () => {
    await counters().insertOne({ _id: 'find-and-modify', n: 0, version: 0 });
    const results = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        counters().findOneAndUpdate({ _id: 'find-and-modify' }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
      ),
    );
    const seen = results.map((result) => result?.n);
    expect(new Set(seen).size).toBe(WRITERS);
    expect((await counters().findOne({ _id: 'find-and-modify' }))?.n).toBe(WRITERS);
  });

  it(`${WRITERS} compare-and-set writers on the same version: exactly one wins`, async () => {
    await counters().insertOne({ _id: 'cas-once', n: 0, version: 7 });
    const results = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        counters().findOneAndUpdate({ _id: 'cas-once', version: 7 }, { $inc: { n: 1, version: 1 } }, { returnDocument: 'after' }),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    const stored = await counters().findOne({ _id: 'cas-once' });
    expect(stored).toMatchObject({ n: 1, version: 8 });
  });

  it('compare-and-set with retries: acknowledged increments = stored increments = version delta', async () => {
    await counters().insertOne({ _id: 'cas-retry', n: 0, version: 0 });
    const writers = 8;
    const perWriter = 4;
    let acknowledged = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let done = 0; done < perWriter;) {
          const current = await counters().findOne({ _id: 'cas-retry' });
          const written = await counters().findOneAndUpdate(
            { _id: 'cas-retry', version: current!.version },
            { $inc: { n: 1, version: 1 } },
            { returnDocument: 'after' },
          );
          if (written) {
            acknowledged++;
            done++;
          }
        }
      }),
    );
    const stored = await counters().findOne({ _id: 'cas-retry' });
    expect(acknowledged).toBe(writers * perWriter);
    expect(stored).toMatchObject({ n: acknowledged, version: acknowledged });
  });
});
