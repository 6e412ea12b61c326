import { createHash } from 'node:crypto';
import mongoose, { type Model, Schema } from 'mongoose';
import { createIntervalTask } from '../shared/interval-task.js';
import type { SystemClock } from '../shared/system-clock.js';
import { type AuditEntry, auditModel } from './audit.model.js';

/**
 * Repeated anonymous refusals, aggregated (issue 14, finding 5). Every unauthenticated request to
 * an audited route used to add its own row to the append-only trail, so anyone could grow it
 * without limit. Now, per client address, kind of access (`action`) and minute, the first refusal
 * is recorded as before, at once; the repeats are only counted here (`audit_refusal_windows`, a
 * working collection, not the trail) and, once the minute is over, written as one row carrying
 * their number (`repeated`). The aggregated row's id is derived from its window, so two instances
 * flushing together write it once.
 */

interface RefusalWindow {
  _id: string;
  ip: string | null;
  action: string;
  windowStart: Date;
  count: number;
  lastRequestId: string;
  lastMethod: string;
}

const windowSchema = new Schema<RefusalWindow>(
  {
    _id: { type: String, required: true },
    ip: { type: String, default: null },
    action: { type: String, required: true, maxlength: 100 },
    windowStart: { type: Date, required: true },
    count: { type: Number, required: true },
    lastRequestId: { type: String, required: true, maxlength: 100 },
    lastMethod: { type: String, required: true, maxlength: 10 },
  },
  { collection: 'audit_refusal_windows', strict: 'throw', versionKey: false },
);
windowSchema.index({ windowStart: 1 });

const MODEL = 'AuditRefusalWindow';
const WINDOW_MS = 60_000;
/** A window is flushed this long after it ends, so that a slow instance's last count is in. */
const FLUSH_GRACE_MS = 10_000;

function windowModel(connection: mongoose.Connection): Model<RefusalWindow> {
  return (connection.models[MODEL] as Model<RefusalWindow> | undefined) ?? connection.model<RefusalWindow>(MODEL, windowSchema);
}

export async function ensureRefusalWindowIndexes(connection: mongoose.Connection): Promise<void> {
  await windowModel(connection).createIndexes();
}

/** A refusal with nobody signed in: what is aggregated. */
export function isAnonymousRefusal(entry: Pick<AuditEntry, 'userId' | 'status'>): boolean {
  return entry.userId === null && entry.status === 401;
}

/**
 * Counts an anonymous refusal in its window; true when it is the window's first, to be recorded
 * in full now. The count is one atomic upsert.
 */
export async function countAnonymousRefusal(connection: mongoose.Connection, entry: AuditEntry): Promise<boolean> {
  const windowStart = new Date(Math.floor(entry.at.getTime() / WINDOW_MS) * WINDOW_MS);
  const id = `${entry.ip ?? '-'}|${entry.action}|${windowStart.toISOString()}`;
  const update = () =>
    windowModel(connection)
      .findOneAndUpdate(
        { _id: id },
        {
          $inc: { count: 1 },
          $set: { ip: entry.ip, action: entry.action, windowStart, lastRequestId: entry.requestId, lastMethod: entry.method },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<RefusalWindow>()
      .orFail();
  let window: RefusalWindow;
  try {
    window = await update();
  } catch (error) {
    // Two first refusals raced to insert the window: the loser's update now finds it.
    if ((error as { code?: number }).code !== 11000) throw error;
    window = await update();
  }
  return window.count === 1;
}

/**
 * Writes one aggregated row for each ended window with repeats, and forgets ended windows.
 * Returns how many rows it wrote.
 */
export async function flushAnonymousRefusals(connection: mongoose.Connection, clock: SystemClock): Promise<number> {
  const Windows = windowModel(connection);
  const Audit = auditModel(connection);
  const ended = await Windows.find({
    windowStart: mongoose.trusted({ $lte: new Date(clock.now().getTime() - WINDOW_MS - FLUSH_GRACE_MS) }),
  })
    .limit(1000)
    .lean<RefusalWindow[]>();
  let written = 0;
  for (const window of ended) {
    if (window.count > 1) {
      const row: AuditEntry = {
        _id: `repeated-${createHash('sha256').update(window._id).digest('hex').slice(0, 32)}`,
        at: new Date(window.windowStart.getTime() + WINDOW_MS),
        requestId: window.lastRequestId,
        userId: null,
        role: null,
        organisationId: null,
        partnershipId: null,
        action: window.action,
        resourceType: window.action.includes('.') ? window.action.split('.')[0]! : null,
        resourceId: null,
        method: window.lastMethod,
        route: null,
        outcome: 'denied',
        status: 401,
        completed: true,
        ip: window.ip,
        repeated: window.count - 1,
      };
      try {
        await Audit.create(row);
        written += 1;
      } catch (error) {
        // Another instance wrote this window's row first.
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    await Windows.deleteOne({ _id: window._id });
  }
  return written;
}

/** Flushes on an interval in the service (every instance may; each window's row is written once). */
export function anonymousRefusalFlusher(connection: mongoose.Connection, clock: SystemClock, intervalMs = 30_000) {
  const task = createIntervalTask('anonymous refusal aggregation', () => flushAnonymousRefusals(connection, clock));
  return { start: () => task.start(intervalMs), stop: () => task.stop() };
}
