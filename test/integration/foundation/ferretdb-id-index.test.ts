import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPatchTestDatabase } from '../../support/ferretdb-patch-database.js';

// Patch 0002 of our FerretDB build (src/database/ferretdb-patches/0002-sqlite-id-expression-as-indexed.patch):
// FerretDB's SQLite backend looked documents up, updated and deleted them by `_id` with the
// expression `->'$._id'`, while its unique `_id_` index was built on `->"_id"`; SQLite uses an
// index on an expression only for the same expression, so every lookup, update and delete by
// `_id` read and parsed the whole table. Without the patch SQLite's plan (in FerretDB's explain)
// is a table scan, and an update by `_id` costs more the larger the collection.

const { db, buildInfo } = await openPatchTestDatabase(import.meta.filename);

const LARGE = 3000;
const payload = 'x'.repeat(4000);

interface Doc {
  _id: string;
  n: number;
  payload: string;
  updates?: number;
}

async function medianUpdateMs(collection: string, ids: string[]): Promise<number> {
  const times: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    const result = await db.collection<Doc>(collection).updateOne({ _id: id }, { $inc: { updates: 1 } });
    times.push(performance.now() - started);
    expect(result.modifiedCount).toBe(1);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

describe(`FerretDB's SQLite backend uses its _id index (build ${String(buildInfo['gitVersion'])})`, () => {
  beforeAll(async () => {
    const docs = Array.from({ length: LARGE }, (_, n) => ({ _id: `doc-${n}`, n, payload }));
    for (let start = 0; start < docs.length; start += 500) await db.collection<Doc>('large').insertMany(docs.slice(start, start + 500));
    await db.collection<Doc>('small').insertMany(Array.from({ length: 5 }, (_, n) => ({ _id: `doc-${n}`, n, payload })));
  }, 120_000);

  it('a lookup by _id searches the _id_ index (SQLite plan), and finds the document', async () => {
    const explained = await db.command({ explain: { find: 'large', filter: { _id: 'doc-1234' } }, verbosity: 'queryPlanner' });
    const plan = (explained['queryPlanner']?.['Plan'] ?? []) as string[];
    expect(explained['filterPushdown']).toBe(true);
    expect(
      plan.some((line) => /SEARCH \S+ USING INDEX \S+__id_ \(<expr>=\?\)/.test(line)),
      plan.join('\n'),
    ).toBe(true);
    expect((await db.collection<Doc>('large').findOne({ _id: 'doc-1234' }))?.['n']).toBe(1234);
  });

  it(`an update by _id costs about the same in a collection of ${LARGE} documents as in one of 5`, async () => {
    const ids = Array.from({ length: 15 }, (_, n) => `doc-${n % 5}`);
    await medianUpdateMs('small', ids); // warm-up
    const small = await medianUpdateMs('small', ids);
    const large = await medianUpdateMs('large', ids);
    console.log(`median update by _id: ${small.toFixed(1)} ms with 5 documents, ${large.toFixed(1)} ms with ${LARGE}`);
    // Without the index an update reads the whole table twice (FerretDB's read, then SQLite's
    // UPDATE): tens of milliseconds more here. With it, the difference is noise.
    expect(large).toBeLessThan(Math.max(small * 4, small + 15));
  });

  it('a delete by _id removes that document only', async () => {
    const deleted = await db.collection<Doc>('large').deleteOne({ _id: 'doc-2999' });
    expect(deleted.deletedCount).toBe(1);
    expect(await db.collection('large').countDocuments()).toBe(LARGE - 1);
  });
});
