import { OUTBOX_DELIVERY_FIELDS } from '../database/outbox-lease.js';
import mongoose, { type Model, Schema } from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';

/**
 * The message outbox (`message_outbox`): one document per message the engine owes someone, whose
 * `_id` is the exactly-once key (message.derive.ts `messageKey`). Inserting the same key twice fails
 * on the unique `_id`, so deriving messages is idempotent even with several instances at once: the
 * same pattern as the reminder outbox (src/reminders/reminder.model.ts).
 *
 * Two kinds of entry:
 * - `email`: sent by the deliverer. `status` pending → delivered, failed or obsolete; a lease
 *   (`leaseOwner` + `nextAttemptAt`) so two workers never hold one entry; `attempts` and a back-off
 *   on failure; `lastError` a code only, never a server's text or a message body.
 * - `task`: a notice people make themselves through the Panel's own portal (the Panel, the Secretary
 *   of State, Ofsted, the NSPCC). Never e-mailed: `to-do` on the case until the business unit
 *   records it `done` (with the date it was done).
 */

export const MESSAGE_KINDS = ['email', 'task'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_STATUSES = ['pending', 'delivered', 'failed', 'obsolete', 'to-do', 'done'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Whom an e-mail goes to: a role of the partnership, narrowed to an organisation or one user. */
export interface MessageAudience {
  role: 'business-unit' | 'partner-lead' | 'agency' | 'reviewer';
  organisationId?: string;
  userId?: string;
}

/** What a message was derived from: a case history entry, or another component's record. */
export interface MessageSource {
  /** `case-history` (an effect or event of a case), `information-request`, `agency-return`. */
  kind: string;
  id: string;
  /** The case history entry's sequence number, when from a case. */
  seq?: number;
  /** The user whose action caused the message. */
  actorId: string;
  at: string;
}

export interface MessageEntry {
  _id: string;
  kind: MessageKind;
  /** A template id of message.templates.ts. */
  template: string;
  partnershipId: string;
  caseId: string;
  reference: string;
  audience: MessageAudience | null;
  /** Template parameters: dates, reason codes, ids. Never free text typed into a case. */
  params: Record<string, string>;
  source: MessageSource;
  status: MessageStatus;
  plannedOn: CalendarDate;
  plannedAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  lastError: string | null;
  /** E-mail: the stable Message-ID and the addresses the server accepted. */
  messageId: string | null;
  recipients: string[];
  finishedAt: Date | null;
  /** Task: who recorded it done, and the date it was done. */
  doneBy: string | null;
  doneOn: CalendarDate | null;
}

/** What derivation produces: everything but the delivery state. */
export type MessageDraft = Pick<
  MessageEntry,
  '_id' | 'kind' | 'template' | 'partnershipId' | 'caseId' | 'reference' | 'audience' | 'params' | 'source'
>;

/** A new outbox entry for a draft: `pending` (e-mail) or `to-do` (task). */
export function newMessageEntry(draft: MessageDraft, today: CalendarDate, now: Date): MessageEntry {
  return {
    ...draft,
    status: draft.kind === 'email' ? 'pending' : 'to-do',
    plannedOn: today,
    plannedAt: now,
    attempts: 0,
    nextAttemptAt: now,
    leaseOwner: null,
    lastError: null,
    messageId: null,
    recipients: [],
    finishedAt: null,
    doneBy: null,
    doneOn: null,
  };
}

const MessageOutboxSchema = new Schema<MessageEntry>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: MESSAGE_KINDS },
    template: { type: String, required: true },
    partnershipId: { type: String, required: true },
    caseId: { type: String, required: true },
    reference: { type: String, required: true },
    audience: { type: Schema.Types.Mixed, default: null },
    params: { type: Schema.Types.Mixed, default: () => ({}) },
    source: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: MESSAGE_STATUSES },
    ...OUTBOX_DELIVERY_FIELDS,
    messageId: { type: String, default: null },
    recipients: { type: [String], default: [] },
    doneBy: { type: String, default: null },
    doneOn: { type: String, default: null },
  },
  { collection: 'message_outbox', strict: 'throw', versionKey: false, minimize: false, id: false },
);

// Plain indexes only (ARCHITECTURE decision 5): the deliverer's claim, and a case's messages.
MessageOutboxSchema.index({ status: 1, nextAttemptAt: 1 });
MessageOutboxSchema.index({ partnershipId: 1, caseId: 1, plannedAt: 1 });

/**
 * How far the planner has looked (`message_planner_marks`, one per partnership and source): the
 * time up to which every changed record has been derived. The next pass looks again from a little
 * before it (an overlap), so a write that was in flight while the last pass ran is not missed; the
 * exactly-once keys make looking twice harmless.
 */
export interface PlannerMark {
  _id: string;
  scannedTo: Date;
}

const PlannerMarkSchema = new Schema<PlannerMark>(
  { _id: { type: String, required: true }, scannedTo: { type: Date, required: true } },
  { collection: 'message_planner_marks', strict: 'throw', versionKey: false, id: false },
);

export function messageModels(connection: mongoose.Connection) {
  return {
    MessageOutbox:
      (connection.models['MessageOutbox'] as Model<MessageEntry> | undefined) ??
      connection.model<MessageEntry>('MessageOutbox', MessageOutboxSchema),
    PlannerMark:
      (connection.models['MessagePlannerMark'] as Model<PlannerMark> | undefined) ??
      connection.model<PlannerMark>('MessagePlannerMark', PlannerMarkSchema),
  };
}
