import type { Model } from 'mongoose';
import { op } from './trusted-operators.js';

/**
 * The delivery half of an outbox (reminders, messages): each entry is worked on by one worker at
 * a time under a lease. Claiming sets `leaseOwner` and moves `nextAttemptAt` to the end of the
 * lease, so a worker that dies mid-send lets another take the entry over when the lease ends; every
 * later write is made only while the worker still holds the lease, so a worker whose lease ran out
 * can never overwrite what its successor did.
 */

/** The delivery-state fields every outbox entry carries, for the entry's mongoose schema. */
export const OUTBOX_DELIVERY_FIELDS = {
  plannedOn: { type: String, required: true },
  plannedAt: { type: Date, required: true },
  attempts: { type: Number, required: true, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  leaseOwner: { type: String, default: null },
  lastError: { type: String, default: null },
  finishedAt: { type: Date, default: null },
} satisfies Record<string, unknown>;

/** Error codes that say the mail server (or network) is away: stop the run, the rest wait for the next. */
export const MAIL_TRANSPORT_DOWN = /^email-(ECONNECTION|ESOCKET|ETIMEDOUT|EDNS|ECONNREFUSED|ETLS|EPROXY|EUNKNOWN)(-|$)/;

export interface OutboxLease<E> {
  /** The next pending entry whose time has come, now leased to this worker (null when none). */
  claim(): Promise<E | null>;
  /** Sets fields on an entry while this worker still holds its lease; false when it has lost it. */
  write(id: string, set: Record<string, unknown>): Promise<boolean>;
}

export function outboxLease<E>(outbox: Model<E>, workerId: string, leaseMs: number, now: () => Date): OutboxLease<E> {
  return {
    async claim() {
      const at = now();
      return outbox.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: op({ $lte: at }) } as never,
        { $set: { leaseOwner: workerId, nextAttemptAt: new Date(at.getTime() + leaseMs) }, $inc: { attempts: 1 } } as never,
        { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'after', lean: true },
      ) as Promise<E | null>;
    },
    async write(id, set) {
      const result = await outbox.updateOne({ _id: id, leaseOwner: workerId } as never, { $set: set } as never);
      return result.matchedCount === 1;
    },
  };
}
