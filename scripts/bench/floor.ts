/**
 * The storage floor: the transition's single-document compare-and-set done straight with the
 * MongoDB driver, at the same concurrency as the HTTP runs, with no HTTP, no authentication, no
 * audit row and no machine. The filter, update and returned document are those of
 * `applyTransition` (src/cases/case.repository.ts); the `$set` and history entry are what the
 * engine wrote for the same event on the same template case, computed once here.
 */
import { MongoClient } from 'mongodb';
import { derivedFields } from '../../src/cases/case-derived.js';
import type { CaseHistoryEntry, CaseRecord } from '../../src/cases/case.record.js';
import { applyCaseEvent, type CaseEvent, type WorkflowDeps } from '../../workflows/case-workflow.js';
import type { LoadResult, PoolCase } from './http-load.js';
import { within } from './deadline.js';
import { POOL_PARTNERSHIP } from './fixtures.js';
import { percentile } from './stats.js';

export interface FloorWrite {
  set: ReturnType<typeof derivedFields>;
  entry: Omit<CaseHistoryEntry, 'seq' | 'version' | 'idempotencyKey'>;
}

/** The update the engine makes for `agency-information.requested` on the pool's template case. */
export function floorWrite(template: CaseRecord, workflow: WorkflowDeps): FloorWrite {
  const now = new Date();
  const event = {
    type: 'agency-information.requested',
    agencies: ['bench-agency-floor'],
    actor: { userId: 'demo-business-unit', role: 'business-unit' },
    at: now.toISOString(),
  } as CaseEvent;
  const view = applyCaseEvent(workflow, template.workflow, event);
  const { type, actor, at, ...fields } = event;
  return {
    set: derivedFields(view, template.referringOrganisationId, now),
    entry: {
      type,
      actor,
      at,
      stateBefore: template.state,
      stateAfter: view.state,
      fields,
      effects: view.effects,
      requestHash: 'f'.repeat(64),
    },
  };
}

/**
 * A closed loop of `connections` concurrent writers for `seconds`, each taking a case nobody else
 * is writing to, exactly as the HTTP load does. Connection options as the service's own
 * (src/database/connection.ts: pool of 50).
 */
export async function runFloor(
  uri: string,
  dbName: string,
  pool: PoolCase[],
  write: FloorWrite,
  connections: number,
  seconds: number,
  graceSeconds = 60,
): Promise<LoadResult & { cases: PoolCase[]; notes: string[] }> {
  const notes: string[] = [];
  const client = await within(
    'a driver connection for the floor',
    30_000,
    MongoClient.connect(uri, { maxPoolSize: 50, serverSelectionTimeoutMS: 10_000 }),
  );
  const cases = client.db(dbName).collection('cases');
  const queue = [...pool];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = Date.now();
  const until = started + seconds * 1000;
  let abandoned = false;
  try {
    const writers = Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < until) {
          const item = queue.shift();
          if (!item) throw new Error('the floor pool ran dry');
          const key = `floor-${item.id}-${item.version}`;
          const t0 = process.hrtime.bigint();
          try {
            const updated = await cases.findOneAndUpdate(
              { _id: item.id, partnershipId: POOL_PARTNERSHIP, version: item.version, idempotencyKeys: { $ne: key } } as never,
              {
                $set: write.set as never,
                $push: {
                  history: { ...write.entry, seq: item.version + 1, version: item.version + 1, idempotencyKey: key },
                  idempotencyKeys: key,
                } as never,
                $inc: { version: 1 } as never,
              },
              { returnDocument: 'after' },
            );
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            const outcome = updated ? 'applied' : 'not-matched';
            statuses[outcome] = (statuses[outcome] ?? 0) + 1;
            if (updated) queue.push({ ...item, version: item.version + 1, events: item.events + 1 });
          } catch {
            if (!abandoned) errors += 1;
          }
        }
      }),
    );
    // Writes still in flight at the deadline may finish; a floor that slow is abandoned after the grace period.
    await within(`the floor's last writes (${connections} connections) to finish`, (seconds + graceSeconds) * 1000, writers).catch(
      (error: unknown) => {
        abandoned = true;
        notes.push((error as Error).message);
      },
    );
  } finally {
    await client.close(abandoned);
  }
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ok = statuses['applied'] ?? 0;
  return {
    connections,
    seconds: elapsed,
    requests: latencies.length,
    ok,
    rps: ok / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? 0,
    statuses,
    errors,
    timeouts: 0,
    cases: queue,
    notes,
  };
}
