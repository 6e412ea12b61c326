import { randomUUID } from 'node:crypto';
import mongoose, { type Model, Schema } from 'mongoose';
import type { Principal } from '../../access/principal.js';
import { logger } from '../../logging/logger.js';
import { createIntervalTask } from '../../shared/interval-task.js';
import type { SystemClock } from '../../shared/system-clock.js';
import type { FormValues } from '../forms/govuk-fields.js';
import { isReferralFieldName } from './referral-form.js';

/**
 * Referral drafts (collection `referral_drafts`): a half-filled referral form, owned by the user who
 * saved it and seen by nobody else. The form's values are kept as JSON text (only the form's own
 * field names, each bounded), so nothing in a draft is ever read as a query operator. Drafts
 * untouched for {@link DRAFT_LIFETIME_DAYS} days are deleted when their owner next opens the form,
 * and by a scheduled purge ({@link purgeStaleReferralDrafts}) whether or not the owner returns: a
 * draft holds case data (issue 14, finding 11).
 */

export const DRAFT_LIFETIME_DAYS = 30;
const MAX_DRAFTS_PER_USER = 20;

interface DraftDocument {
  _id: string;
  partnershipId: string;
  userId: string;
  values: string;
  createdAt: Date;
  updatedAt: Date;
}

const draftSchema = new Schema<DraftDocument>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    userId: { type: String, required: true },
    values: { type: String, required: true, maxlength: 50_000 },
  },
  { collection: 'referral_drafts', strict: 'throw', timestamps: true, versionKey: false },
);
draftSchema.index({ partnershipId: 1, userId: 1, updatedAt: -1 });
draftSchema.index({ updatedAt: 1 });

const MODEL = 'ReferralDraft';

function draftModel(connection: mongoose.Connection): Model<DraftDocument> {
  return (connection.models[MODEL] as Model<DraftDocument> | undefined) ?? connection.model<DraftDocument>(MODEL, draftSchema);
}

export interface ReferralDraft {
  id: string;
  values: FormValues;
  createdAt: Date;
  updatedAt: Date;
}

/** Only the form's fields, each value at most 4,000 characters and 50 values. */
export function cleanDraftValues(values: FormValues): FormValues {
  const clean: FormValues = {};
  for (const [name, value] of Object.entries(values)) {
    if (!isReferralFieldName(name)) continue;
    if (Array.isArray(value)) clean[name] = value.slice(0, 50).map((item) => String(item).slice(0, 4000));
    else if (typeof value === 'string') clean[name] = value.slice(0, 4000);
  }
  return clean;
}

const DRAFT_ID = /^[a-f0-9]{32}$/;

/** Deletes every draft untouched for {@link DRAFT_LIFETIME_DAYS} days, whoever wrote it; how many. */
export async function purgeStaleReferralDrafts(connection: mongoose.Connection, clock: SystemClock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - DRAFT_LIFETIME_DAYS * 86_400_000);
  const result = await draftModel(connection).deleteMany({ updatedAt: mongoose.trusted({ $lt: cutoff }) });
  if (result.deletedCount > 0) logger.info('stale referral drafts purged', { count: result.deletedCount });
  return result.deletedCount;
}

/** The purge on an interval (hourly in the service); every instance may run it. */
export function referralDraftPurger(connection: mongoose.Connection, clock: SystemClock, intervalMs = 3_600_000) {
  const task = createIntervalTask('referral draft purge', () => purgeStaleReferralDrafts(connection, clock));
  return { start: () => task.start(intervalMs), stop: () => task.stop() };
}

export function createReferralDraftRepository(connection: mongoose.Connection) {
  const model = draftModel(connection);
  const owner = (principal: Principal) => ({ partnershipId: principal.partnershipId, userId: principal.userId });
  const toDraft = (document: DraftDocument): ReferralDraft => ({
    id: document._id,
    values: JSON.parse(document.values) as FormValues,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  });

  return {
    ensureIndexes: () => model.createIndexes(),

    /** Saves the form as the user's draft (a new one, or the one named if it is theirs); its id. */
    async save(principal: Principal, id: string | undefined, values: FormValues): Promise<string> {
      const text = JSON.stringify(cleanDraftValues(values));
      if (id && DRAFT_ID.test(id)) {
        const updated = await model.updateOne({ _id: id, ...owner(principal) }, { $set: { values: text } });
        if (updated.matchedCount === 1) return id;
      }
      const count = await model.countDocuments(owner(principal));
      if (count >= MAX_DRAFTS_PER_USER) {
        const oldest = await model.findOne(owner(principal)).sort({ updatedAt: 1 }).select({ _id: 1 }).lean<Pick<DraftDocument, '_id'>>();
        if (oldest) await model.deleteOne({ _id: oldest._id, ...owner(principal) });
      }
      const newId = randomUUID().replaceAll('-', '');
      await model.create({ _id: newId, ...owner(principal), values: text });
      return newId;
    },

    async get(principal: Principal, id: string): Promise<ReferralDraft | undefined> {
      if (!DRAFT_ID.test(id)) return undefined;
      const document = await model.findOne({ _id: id, ...owner(principal) }).lean<DraftDocument>();
      return document ? toDraft(document) : undefined;
    },

    /** The user's drafts, newest first; drafts past their lifetime are deleted first. */
    async list(principal: Principal, now: Date): Promise<ReferralDraft[]> {
      const cutoff = new Date(now.getTime() - DRAFT_LIFETIME_DAYS * 86_400_000);
      await model.deleteMany({ ...owner(principal), updatedAt: mongoose.trusted({ $lt: cutoff }) });
      const documents = await model.find(owner(principal)).sort({ updatedAt: -1 }).limit(MAX_DRAFTS_PER_USER).lean<DraftDocument[]>();
      return documents.map(toDraft);
    },

    async remove(principal: Principal, id: string): Promise<boolean> {
      if (!DRAFT_ID.test(id)) return false;
      const result = await model.deleteOne({ _id: id, ...owner(principal) });
      return result.deletedCount === 1;
    },
  };
}

export type ReferralDraftRepository = ReturnType<typeof createReferralDraftRepository>;
