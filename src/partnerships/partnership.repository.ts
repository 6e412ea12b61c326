import mongoose from 'mongoose';
import {
  type Partnership,
  type PartnershipDocument,
  type PartnershipInput,
  PartnershipSchema,
  partnershipModel,
} from './partnership.model.js';

/** Partnerships as plain objects (`id`, never `_id` or a mongoose document). */

function toPartnership(document: PartnershipDocument): Partnership {
  const partnership: Partnership = {
    id: document._id,
    name: document.name,
    referencePrefix: document.referencePrefix,
    clockOverrides: document.clockOverrides ?? {},
    reportingYearStartMonth: document.reportingYearStartMonth,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
  if (typeof document.dueSoonWorkingDays === 'number') partnership.dueSoonWorkingDays = document.dueSoonWorkingDays;
  if (Array.isArray(document.themes) && document.themes.length > 0) partnership.themes = [...document.themes];
  return partnership;
}

/** Creates the partnership or replaces its settings (idempotent; for the seed and admin set-up). */
export async function upsertPartnership(connection: mongoose.Connection, input: PartnershipInput): Promise<Partnership> {
  const { id, ...fields } = PartnershipSchema.parse(input);
  const document = await partnershipModel(connection)
    .findOneAndUpdate(
      { _id: id },
      { $set: fields },
      { upsert: true, returnDocument: 'after', runValidators: true, setDefaultsOnInsert: true },
    )
    .lean<PartnershipDocument>()
    .orFail();
  return toPartnership(document);
}

export async function findPartnership(connection: mongoose.Connection, id: string): Promise<Partnership | undefined> {
  const document = await partnershipModel(connection).findOne({ _id: id }).lean<PartnershipDocument>();
  return document ? toPartnership(document) : undefined;
}

export async function listPartnerships(connection: mongoose.Connection): Promise<Partnership[]> {
  const documents = await partnershipModel(connection).find({}).sort({ _id: 1 }).lean<PartnershipDocument[]>();
  return documents.map(toPartnership);
}

/** Creates a partnership; a taken id or reference prefix fails on the unique index (E11000). */
export async function insertPartnership(connection: mongoose.Connection, input: PartnershipInput): Promise<Partnership> {
  const { id, ...fields } = PartnershipSchema.parse(input);
  const document = await partnershipModel(connection).create({ _id: id, ...fields });
  return toPartnership(document.toObject() as PartnershipDocument);
}

/** True when another partnership uses this reference prefix. */
export async function referencePrefixTaken(connection: mongoose.Connection, referencePrefix: string, exceptId?: string): Promise<boolean> {
  const query: Record<string, unknown> = { referencePrefix };
  // sanitizeFilter is on: an operator this code built is marked trusted.
  if (exceptId !== undefined) query['_id'] = mongoose.trusted({ $ne: exceptId });
  return (await partnershipModel(connection).countDocuments(query)) > 0;
}

/** Sets and unsets settings of one partnership; undefined when there is none. */
export async function updatePartnershipFields(
  connection: mongoose.Connection,
  id: string,
  set: Record<string, unknown>,
  unset: readonly string[] = [],
): Promise<Partnership | undefined> {
  const update: Record<string, unknown> = { $set: set };
  if (unset.length > 0) update['$unset'] = Object.fromEntries(unset.map((field) => [field, 1]));
  const document = await partnershipModel(connection)
    .findOneAndUpdate({ _id: id }, update, { returnDocument: 'after', runValidators: true })
    .lean<PartnershipDocument>();
  return document ? toPartnership(document) : undefined;
}
