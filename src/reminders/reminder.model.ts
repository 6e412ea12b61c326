import { OUTBOX_DELIVERY_FIELDS } from '../database/outbox-lease.js';
import mongoose, { type Model, Schema } from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { REMINDER_THRESHOLDS, type ReminderCandidate } from './reminder.types.js';

/**
 * The reminder outbox (`reminder_outbox`): one document per reminder, whose `_id` is the
 * exactly-once key (reminder.rules.ts `reminderKey`). Inserting the same key twice fails on the
 * unique `_id`, so planning is idempotent even with several instances planning at once.
 *
 * Delivery state lives on the same document: `status` (pending → delivered, failed or obsolete),
 * `nextAttemptAt` (the earliest time any worker may work on it: a retry's back-off, or the end of
 * the current lease while a worker holds it), `leaseOwner` (the worker holding it), `attempts`,
 * `lastError` (a code, never a message or a body) and one record per channel once that channel
 * has delivered, so a retry sends only what has not gone yet.
 */

export const REMINDER_STATUSES = ['pending', 'delivered', 'failed', 'obsolete'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export const REMINDER_CHANNELS = ['email', 'webhook'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export interface ChannelRecord {
  state: 'delivered' | 'skipped';
  at: Date;
  /** E-mail: the stable Message-ID and the addresses it went to. */
  messageId?: string;
  recipients?: string[];
  /** Why a channel was skipped (`no-recipients`). */
  reason?: string;
}

export interface ReminderEntry extends ReminderCandidate {
  _id: string;
  status: ReminderStatus;
  plannedOn: CalendarDate;
  plannedAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  lastError: string | null;
  channels: Partial<Record<ReminderChannel, ChannelRecord>>;
  finishedAt: Date | null;
}

/**
 * A new outbox entry for `candidate` under its exactly-once `key`: `pending` for the deliverer, or
 * `obsolete` (finished at once) for a reminder settled before it was ever due to go out.
 */
export function newOutboxEntry(
  candidate: ReminderCandidate,
  key: string,
  status: 'pending' | 'obsolete',
  today: CalendarDate,
  now: Date,
): ReminderEntry {
  return {
    ...candidate,
    _id: key,
    status,
    plannedOn: today,
    plannedAt: now,
    attempts: 0,
    nextAttemptAt: now,
    leaseOwner: null,
    lastError: null,
    channels: {},
    finishedAt: status === 'obsolete' ? now : null,
  };
}

const ReminderOutboxSchema = new Schema<ReminderEntry>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['case-clock', 'action'] },
    partnershipId: { type: String, required: true },
    subjectId: { type: String, required: true },
    caseId: { type: String, default: null },
    reference: { type: String, required: true },
    clockId: { type: String, required: true },
    title: { type: String, required: true },
    dueOn: { type: String, required: true },
    threshold: { type: String, required: true, enum: REMINDER_THRESHOLDS },
    statutory: { type: Boolean, required: true },
    ownerOrganisationId: { type: String, default: null },
    status: { type: String, required: true, enum: REMINDER_STATUSES },
    ...OUTBOX_DELIVERY_FIELDS,
    channels: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { collection: 'reminder_outbox', strict: 'throw', versionKey: false, minimize: false, id: false },
);

// Plain indexes only (ARCHITECTURE decision 5): the deliverer's claim, and a partnership's history.
ReminderOutboxSchema.index({ status: 1, nextAttemptAt: 1 });
ReminderOutboxSchema.index({ partnershipId: 1, plannedAt: 1 });

export const REMINDER_OUTBOX_MODEL = 'ReminderOutbox';

export function reminderOutboxModel(connection: mongoose.Connection): Model<ReminderEntry> {
  return (
    (connection.models[REMINDER_OUTBOX_MODEL] as Model<ReminderEntry> | undefined) ??
    connection.model<ReminderEntry>(REMINDER_OUTBOX_MODEL, ReminderOutboxSchema)
  );
}
