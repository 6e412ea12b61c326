import type mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { logger } from '../logging/logger.js';
import { listPartnerships } from '../partnerships/partnership.repository.js';
import { type MessageDraft, messageModels, newMessageEntry } from './message.model.js';
import { messageDigest } from './message.rules.js';
import type { MessageDraftSource } from './message.sources.js';

/**
 * How far back each pass looks before the last pass's end: a transition stamped before a pass but
 * written after it (a slow write) is still seen by the next one. Looking twice plans nothing twice.
 */
export const PLANNER_OVERLAP_MS = 10 * 60_000;

export interface MessagePlanFigures {
  drafts: number;
  planned: number;
}

/**
 * Inserts every message the sources owe that is not in the outbox yet. A partnership seen for the
 * first time starts a little before now: records from before the outbox existed owe nothing.
 */
export async function planMessages(
  connection: mongoose.Connection,
  sources: readonly MessageDraftSource[],
  today: CalendarDate,
  now: Date,
): Promise<MessagePlanFigures> {
  const { PlannerMark } = messageModels(connection);
  const figures: MessagePlanFigures = { drafts: 0, planned: 0 };
  for (const partnership of await listPartnerships(connection)) {
    for (const source of sources) {
      const markId = `${source.name}:${partnership.id}`;
      const mark = await PlannerMark.findOne({ _id: markId }).lean<{ scannedTo: Date }>();
      const since = new Date((mark?.scannedTo ?? now).getTime() - PLANNER_OVERLAP_MS);
      for await (const draft of source.drafts(partnership.id, since, today, now)) {
        if (draft.partnershipId !== partnership.id) continue; // a source answers for the partnership asked about
        figures.drafts += 1;
        if (await insertOnce(connection, draft, today, now)) figures.planned += 1;
      }
      await PlannerMark.updateOne({ _id: markId }, { $set: { scannedTo: now } }, { upsert: true });
    }
  }
  return figures;
}

/** Inserts one draft by its key; false when it was planned already (by this or another instance). */
export async function insertOnce(connection: mongoose.Connection, draft: MessageDraft, today: CalendarDate, now: Date): Promise<boolean> {
  const { MessageOutbox } = messageModels(connection);
  if (await MessageOutbox.exists({ _id: draft._id })) return false;
  try {
    await MessageOutbox.collection.insertOne(newMessageEntry(draft, today, now) as never);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    logger.debug('message already planned', { outboxEntry: messageDigest(draft._id) });
    return false;
  }
}
