/**
 * `npx tsx scripts/bench/tenant-scan-probe.ts [--repeat N]`: does a partnership need a database of
 * its own for its reads to stay its own? Times the hot read shapes of one partnership (its open
 * case summaries; all of its summaries) in two embedded FerretDB databases on our build:
 *   own     a database holding only that partnership's 2,000 case summaries;
 *   shared  one collection holding 50 partnerships' 100,000 case summaries (2,000 each).
 * Same documents, same indexes (`{ partnershipId: 1, open: 1 }`, as case_summaries has). Prints
 * medians; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { loadConfig } from '../../src/config/config.js';
import { findFerretDb } from '../../src/database/ferretdb-binary.js';
import { startFerretDb } from '../../src/database/ferretdb-server.js';
import { findFreePort } from '../../src/database/free-port.js';
import { stopProcessGroup } from '../../src/database/process-control.js';
import { withDeadline } from '../../src/shared/deadline.js';

const repeatIndex = process.argv.indexOf('--repeat');
const REPEAT = repeatIndex > 0 ? Number(process.argv[repeatIndex + 1]) : 10;
const PER_PARTNERSHIP = 2000;
const PARTNERSHIPS = 50;
const MEASURED = 'p07';

/** A synthetic summary of about 600 bytes, 5 % of them open, like the bench's partnerships. */
function summary(partnershipId: string, n: number): Document {
  const open = n % 20 === 0;
  return {
    _id: `${partnershipId}-${String(n).padStart(5, '0')}`,
    partnershipId,
    reference: `${partnershipId.toUpperCase()}-${2006 + (n % 20)}-${String(n).padStart(4, '0')}`,
    route: n % 3 ? 'referral' : 'serious-incident',
    state: open ? 'rapidReview.gathering' : 'closed',
    stage: open ? 'rapid-review' : 'closed',
    final: !open,
    open,
    version: 12,
    openedOn: '2024-05-01',
    openedAt: new Date('2024-05-01T09:00:00Z'),
    updatedAt: new Date('2024-06-01T09:00:00Z'),
    nextDueOn: open ? '2026-12-10' : null,
    sweepDueOn: open ? '2026-12-10' : null,
    openDeadlines: open
      ? [
          { clockId: 'rapid-review', dueOn: '2026-12-10' },
          { clockId: 'agency-returns', dueOn: '2026-12-03' },
        ]
      : [],
    organisationIds: ['org-school-3', 'org-health-1'],
    reviewerIds: [],
    referringOrganisationId: 'org-school-3',
    acceptedEvents: open ? ['agency-information.requested', 'agency-information.returned', 'rapid-review.meeting-held'] : [],
    outstandingRequests: open ? ['org-health-1'] : [],
  };
}

async function fill(collection: Collection<Document>, partnerships: string[]): Promise<void> {
  await collection.createIndex({ partnershipId: 1, open: 1 });
  for (const partnershipId of partnerships) {
    const docs = Array.from({ length: PER_PARTNERSHIP }, (_, n) => summary(partnershipId, n));
    for (let i = 0; i < docs.length; i += 500) await collection.insertMany(docs.slice(i, i + 500), { ordered: false });
  }
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await withDeadline(run(), 120_000, 'a probe query');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const binary = findFerretDb(loadConfig({}).TOOLS_DIR, process.env['FERRETDB_BIN']);
if (!binary) throw new Error('no FerretDB build: run `npm run db:install` first');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-probe-'));
const port = await findFreePort();
const server = await startFerretDb({ binary, dataDir, port, ownerPid: process.pid });
const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 10_000 });
try {
  await client.connect();
  const own = client.db('tenant_own').collection('case_summaries');
  const shared = client.db('tenant_shared').collection('case_summaries');
  const names = Array.from({ length: PARTNERSHIPS }, (_, i) => `p${String(i).padStart(2, '0')}`);
  process.stdout.write(
    `filling: ${PER_PARTNERSHIP.toLocaleString('en-GB')} summaries in its own database, ${(PER_PARTNERSHIP * PARTNERSHIPS).toLocaleString('en-GB')} in a shared one…\n`,
  );
  await fill(own, [MEASURED]);
  await fill(shared, names);
  for (const [label, filter] of [
    ['open case summaries of one partnership', { partnershipId: MEASURED, open: true }],
    ['every case summary of one partnership', { partnershipId: MEASURED }],
  ] as const) {
    const ownMs = await median(() => own.find(filter).toArray());
    const sharedMs = await median(() => shared.find(filter).toArray());
    process.stdout.write(
      `${label}: own database ${ownMs.toFixed(1)} ms, shared collection of 50 ${sharedMs.toFixed(1)} ms (median of ${REPEAT})\n`,
    );
  }
} finally {
  await client.close().catch(() => undefined);
  await stopProcessGroup(server.pid, 10_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
