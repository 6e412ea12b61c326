import type mongoose from 'mongoose';
import { type Partnership, type PartnershipDocument, type PartnershipInput, PartnershipSchema, partnershipModel } from './partnership.model.js';

/** Partnerships as plain objects (`id`, never `_id` or a mongoose document). */

function toPartnership(document: PartnershipDocument): Partnership {
  return {
    id: document._id,
    name: document.name,
    referencePrefix: document.referencePrefix,
    clockOverrides: document.clockOverrides ?? {},
    reportingYearStartMonth: document.reportingYearStartMonth,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

/** Creates the partnership or replaces its settings (idempotent; for the seed and admin set-up). */
export async function upsertPartnership(connection: mongoose.Connection, input: PartnershipInput): Promise<Partnership> {
  const { id, ...fields } = PartnershipSchema.parse(input);
  const document = await partnershipModel(connection)
    .findOneAndUpdate({ _id: id }, { $set: fields }, { upsert: true, returnDocument: 'after', runValidators: true, setDefaultsOnInsert: true })
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
