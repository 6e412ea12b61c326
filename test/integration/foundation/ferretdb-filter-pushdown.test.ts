import { type Document, type Filter, ObjectId } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPatchTestDatabase } from '../../support/ferretdb-patch-database.js';

// Patch 0003 of our FerretDB build (src/database/ferretdb-patches/0003-sqlite-filter-pushdown.patch):
// the SQLite backend evaluates the simple part of a filter in SQL, with the expressions its
// indexes were built on, instead of decoding every document of the collection. FerretDB
// re-applies the whole filter to what SQLite returns, so the SQL may only narrow what is read:
// the results below are hand-written MongoDB answers and must not change with the patch, while
// `explain` (FerretDB's `filterPushdown`, and SQLite's query plan in `queryPlanner.Plan`) shows
// what was pushed and which index SQLite used. Without the patch every pushdown assertion fails
// (only an exact `{ _id }` filter was pushed).

const { db, buildInfo } = await openPatchTestDatabase(import.meta.filename);

interface Explained {
  filterPushdown: boolean;
  plan: string[];
}

async function explainFind(collection: string, filter: Document): Promise<Explained> {
  const result = await db.command({ explain: { find: collection, filter }, verbosity: 'queryPlanner' });
  return { filterPushdown: result['filterPushdown'] === true, plan: (result['queryPlanner']?.['Plan'] ?? []) as string[] };
}

/** The SQLite index FerretDB created for `indexName` on `collection` is searched (not scanned). */
function searchesIndex(explained: Explained, indexName: string): boolean {
  return explained.plan.some((line) => new RegExp(`SEARCH \\S+ USING INDEX \\S+_${indexName} \\(`).test(line));
}

async function ids(collection: string, filter: Document): Promise<string[]> {
  const found = await db
    .collection(collection)
    .find(filter as Filter<Document>, { projection: { _id: 1 } })
    .toArray();
  return found.map((doc) => String(doc['_id'])).sort();
}

describe(`FerretDB filter pushdown (server ${String(buildInfo['ferretdbVersion'])}, build ${String(buildInfo['gitVersion'])})`, () => {
  const oid = new ObjectId('65f0a1b2c3d4e5f6a7b8c9d0');
  const tricky = 'x<y&"z\\é💡\u2028';
  // One field, `tag`, holding every kind of value an equality must get right (FerretDB 1.x
  // stores no nested arrays).
  const tagged: Document[] = [
    { _id: 's-x', tag: 'x' },
    { _id: 's-y', tag: 'y' },
    { _id: 'arr-x', tag: ['a', 'x'] },
    { _id: 'arr-ab', tag: ['a', 'b'] },
    { _id: 'arr-null-x', tag: [null, 'x'] },
    { _id: 'arr-true', tag: [true] },
    { _id: 'arr-empty', tag: [] },
    { _id: 'null', tag: null },
    { _id: 'missing' },
    { _id: 'true', tag: true },
    { _id: 'false', tag: false },
    { _id: 'num-1', tag: 1 },
    { _id: 'str-1', tag: '1' },
    { _id: 'str-true', tag: 'true' },
    { _id: 'str-null', tag: 'null' },
    { _id: 'str-empty', tag: '' },
    { _id: 'obj-x', tag: { x: 'x' } },
    { _id: 'oid', tag: oid },
    { _id: 'str-oid', tag: oid.toHexString() },
    { _id: 'tricky', tag: tricky },
  ];
  const allTagged = tagged.map((doc) => String(doc['_id'])).sort();
  const except = (...left: string[]) => allTagged.filter((id) => !left.includes(id));

  // Cases as the engine stores them: partnership, open or final, organisations as an array.
  const cases: Document[] = [];
  for (let n = 0; n < 60; n++) {
    cases.push({
      _id: `case-${String(n).padStart(3, '0')}`,
      partnershipId: `p${n % 3}`,
      final: n % 4 === 0,
      // Inserted in descending label order, so index order and insertion order differ.
      label: `label-${String(99 - n).padStart(3, '0')}`,
      organisationIds: [`org-${n % 5}`, 'org-shared'],
      version: n % 7,
      snapshot: { state: n % 2 ? 'open' : 'closed', nested: { partnershipId: `p${n % 3}` } },
    });
  }

  beforeAll(async () => {
    await db.collection('tagged').createIndex({ tag: 1 });
    await db.collection('tagged').insertMany(tagged);
    const casesCollection = db.collection('cases');
    await casesCollection.createIndex({ partnershipId: 1, final: 1 });
    await casesCollection.createIndex({ partnershipId: 1, label: 1 });
    await casesCollection.createIndex({ partnershipId: 1, organisationIds: 1 });
    await casesCollection.insertMany(cases);
  });

  describe('results are MongoDB results, for every kind of stored value', () => {
    const table: [string, Document, string[]][] = [
      ["{ tag: 'x' } matches the string and arrays holding it", { tag: 'x' }, ['arr-null-x', 'arr-x', 's-x']],
      ["{ tag: { $eq: 'x' } } the same", { tag: { $eq: 'x' } }, ['arr-null-x', 'arr-x', 's-x']],
      ['{ tag: true } matches true and [true], not "true"', { tag: true }, ['arr-true', 'true']],
      ['{ tag: false } matches false only', { tag: false }, ['false']],
      ["{ tag: 'true' } matches the string only", { tag: 'true' }, ['str-true']],
      ["{ tag: '1' } matches the string, not the number", { tag: '1' }, ['str-1']],
      ["{ tag: 'null' } matches the string, not null", { tag: 'null' }, ['str-null']],
      ["{ tag: '' } matches the empty string", { tag: '' }, ['str-empty']],
      ['a string with escapes and non-ASCII characters', { tag: tricky }, ['tricky']],
      ['an ObjectId matches the ObjectId, not its hex string', { tag: oid }, ['oid']],
      ['a hex string matches the string, not the ObjectId', { tag: oid.toHexString() }, ['str-oid']],
      ['{ tag: 1 } (numbers are not pushed) matches the number', { tag: 1 }, ['num-1']],
      ['{ tag: null } (not pushed) matches null, missing and arrays holding null', { tag: null }, ['arr-null-x', 'missing', 'null']],
      ['{ $exists: true } matches every present value, null included', { tag: { $exists: true } }, except('missing')],
      ['{ $exists: false } matches the missing field only', { tag: { $exists: false } }, ['missing']],
      ['{ $ne: null } leaves out null, missing and arrays holding null', { tag: { $ne: null } }, except('null', 'missing', 'arr-null-x')],
      ["{ $eq: 'x', $exists: true } (two pushed operators)", { tag: { $eq: 'x', $exists: true } }, ['arr-null-x', 'arr-x', 's-x']],
      [
        "{ $ne: null, $lt: 'b' } (one pushed, one not)",
        { tag: { $ne: null, $lt: 'b' } },
        ['arr-ab', 'arr-x', 'str-1', 'str-empty', 'str-oid'],
      ],
      ["{ tag: 'x', _id: { $ne: 's-x' } } (one key pushed, one not)", { tag: 'x', _id: { $ne: 's-x' } }, ['arr-null-x', 'arr-x']],
      ["{ _id: 'arr-x', tag: 'x' } (an _id lookup and an array)", { _id: 'arr-x', tag: 'x' }, ['arr-x']],
      ["{ _id: 'arr-x', tag: 'y' }", { _id: 'arr-x', tag: 'y' }, []],
      ["{ tag: 'x', other: 'x' } (a missing second field)", { tag: 'x', other: 'x' }, []],
    ];
    it.each(table)('%s', async (_name, filter, expected) => {
      expect(await ids('tagged', filter)).toEqual(expected);
    });

    it('each of those filters is pushed down, except the number and null ones', async () => {
      const notPushed = new Set<Document>(
        [{ tag: 1 }, { tag: null }].map((filter) => table.find(([, f]) => JSON.stringify(f) === JSON.stringify(filter))![1]),
      );
      for (const [name, filter] of table) {
        expect((await explainFind('tagged', filter)).filterPushdown, name).toBe(!notPushed.has(filter));
      }
    });

    it('the same filters count, update and delete exactly the documents they find', async () => {
      const collection = db.collection('tagged');
      expect(await collection.countDocuments({ tag: 'x' })).toBe(3);
      expect(await collection.countDocuments({ tag: { $ne: null } })).toBe(allTagged.length - 3);
      const updated = await collection.updateMany({ tag: true }, { $set: { touched: true } });
      expect(updated.matchedCount).toBe(2);
      expect(await ids('tagged', { touched: true })).toEqual(['arr-true', 'true']);
      const deleted = await collection.deleteMany({ tag: 'x', touched: { $exists: false } });
      expect(deleted.deletedCount).toBe(3);
      expect(await ids('tagged', {})).toEqual(except('arr-null-x', 'arr-x', 's-x'));
      await collection.insertMany(tagged.filter((doc) => ['arr-null-x', 'arr-x', 's-x'].includes(String(doc['_id']))));
      await collection.updateMany({}, { $unset: { touched: '' } });
    });
  });

  describe('what is pushed down, and which index SQLite uses', () => {
    it('{ partnershipId, final: false } is pushed and SQLite searches the { partnershipId: 1, final: 1 } index', async () => {
      const filter = { partnershipId: 'p1', final: false };
      const explained = await explainFind('cases', filter);
      expect(explained.filterPushdown, explained.plan.join('\n')).toBe(true);
      expect(searchesIndex(explained, 'partnershipId_1_final_1'), explained.plan.join('\n')).toBe(true);
      expect(
        explained.plan.some((line) => /SCAN \S+$/.test(line)),
        explained.plan.join('\n'),
      ).toBe(false);
      const expected = cases.filter((doc) => doc['partnershipId'] === 'p1' && doc['final'] === false).map((doc) => String(doc['_id']));
      expect(await ids('cases', filter)).toEqual(expected.sort());
    });

    it('a compare-and-set filter { _id, version } is pushed and SQLite searches the _id index', async () => {
      const explained = await explainFind('cases', { _id: 'case-007', version: 0 });
      expect(explained.filterPushdown, explained.plan.join('\n')).toBe(true);
      expect(searchesIndex(explained, '_id_'), explained.plan.join('\n')).toBe(true);
      const updated = await db
        .collection('cases')
        .findOneAndUpdate({ _id: 'case-007' as never, version: 0 }, { $inc: { version: 1 } }, { returnDocument: 'after' });
      expect(updated?.['version']).toBe(1);
      expect(await db.collection('cases').findOneAndUpdate({ _id: 'case-007' as never, version: 0 }, { $inc: { version: 1 } })).toBeNull();
    });

    it('equality on an array field is pushed and still finds the arrays that hold the value', async () => {
      const filter = { partnershipId: 'p2', organisationIds: 'org-3' };
      const explained = await explainFind('cases', filter);
      expect(explained.filterPushdown).toBe(true);
      expect(searchesIndex(explained, 'partnershipId_1_organisationIds_1'), explained.plan.join('\n')).toBe(true);
      const expected = cases.filter((doc) => doc['partnershipId'] === 'p2' && (doc['organisationIds'] as string[]).includes('org-3'));
      expect(expected.length).toBeGreaterThan(0);
      expect(await ids('cases', filter)).toEqual(expected.map((doc) => String(doc['_id'])).sort());
      expect(await ids('cases', { organisationIds: 'org-shared' })).toEqual(cases.map((doc) => String(doc['_id'])).sort());
    });

    it('$exists and $ne: null are pushed', async () => {
      expect((await explainFind('tagged', { tag: { $exists: true } })).filterPushdown).toBe(true);
      expect((await explainFind('tagged', { tag: { $exists: false } })).filterPushdown).toBe(true);
      expect((await explainFind('tagged', { tag: { $ne: null } })).filterPushdown).toBe(true);
    });

    it('an aggregation $match is pushed the same way, and counts right', async () => {
      const pipeline = [{ $match: { partnershipId: 'p0', final: true } }, { $group: { _id: null, n: { $sum: 1 } } }];
      const explained = await db.command({ explain: { aggregate: 'cases', pipeline, cursor: {} }, verbosity: 'queryPlanner' });
      expect(explained['filterPushdown']).toBe(true);
      const [counted] = await db.collection('cases').aggregate(pipeline).toArray();
      expect(counted?.['n']).toBe(cases.filter((doc) => doc['partnershipId'] === 'p0' && doc['final'] === true).length);
    });

    const notPushed: [string, Document][] = [
      ['a dotted path', { 'snapshot.state': 'open' }],
      ['a number', { version: 3 }],
      ['null', { tag: null }],
      ['a regular expression', { tag: /x/ }],
      ['$in', { tag: { $in: ['x', 'y'] } }],
      ['$or', { $or: [{ tag: 'x' }, { tag: 'y' }] }],
      ['a document', { tag: { x: 'x' } }],
      ['an array', { tag: ['a', 'x'] }],
      ['$ne with a value', { tag: { $ne: 'x' } }],
      ['$exists with a number', { tag: { $exists: 1 } }],
    ];
    it.each(notPushed)('%s is not pushed (the whole filter stays with FerretDB)', async (_name, filter) => {
      const explained = await explainFind('tagged', filter);
      expect(explained.filterPushdown).toBe(false);
      expect(
        explained.plan.some((line) => /SCAN \S+$/.test(line)),
        explained.plan.join('\n'),
      ).toBe(true);
    });

    it('a filter with pushable and unpushable keys pushes the pushable ones', async () => {
      const filter = { partnershipId: 'p1', 'snapshot.state': 'open', version: { $gte: 3 } };
      const explained = await explainFind('cases', filter);
      expect(explained.filterPushdown).toBe(true);
      expect(
        searchesIndex(explained, 'partnershipId_1_final_1') ||
          searchesIndex(explained, 'partnershipId_1_label_1') ||
          searchesIndex(explained, 'partnershipId_1_organisationIds_1'),
        explained.plan.join('\n'),
      ).toBe(true);
      // case-007 (p1) had its version raised from 0 to 1 above, which leaves it below 3.
      const expected = cases.filter(
        (doc) =>
          doc['partnershipId'] === 'p1' && (doc['snapshot'] as { state: string }).state === 'open' && (doc['version'] as number) >= 3,
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(await ids('cases', filter)).toEqual(expected.map((doc) => String(doc['_id'])).sort());
    });
  });

  it('results without a sort keep the order a table scan gives (insertion order), not index order', async () => {
    // { partnershipId: 1, label: 1 } holds p1's cases in label order, the reverse of insertion.
    const explained = await explainFind('cases', { partnershipId: 'p1' });
    expect(explained.filterPushdown).toBe(true);
    const found = await db
      .collection('cases')
      .find({ partnershipId: 'p1' }, { projection: { _id: 1 } })
      .toArray();
    const inserted = cases.filter((doc) => doc['partnershipId'] === 'p1').map((doc) => doc['_id']);
    expect(found.map((doc) => doc['_id'])).toEqual(inserted);
  });
});
