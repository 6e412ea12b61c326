import type mongoose from 'mongoose';
import { RuleViolationError } from '../errors/app-errors.js';
import {
  type Organisation,
  type OrganisationDocument,
  type OrganisationInput,
  type OrganisationKind,
  OrganisationSchema,
  organisationModel,
} from './organisation.model.js';
import { findPartnership } from './partnership.repository.js';

/** Organisations as plain objects; every lookup is scoped to a partnership (the tenant). */

function toOrganisation(document: OrganisationDocument): Organisation {
  const organisation: Organisation = {
    id: document._id,
    partnershipId: document.partnershipId,
    name: document.name,
    kind: document.kind,
    active: document.active !== false,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
  if (document.partner) organisation.partner = document.partner;
  return organisation;
}

/** Creates or updates an organisation of an existing partnership (idempotent). */
export async function upsertOrganisation(connection: mongoose.Connection, input: OrganisationInput): Promise<Organisation> {
  const { id, partnershipId, partner, ...fields } = OrganisationSchema.parse(input);
  if (!(await findPartnership(connection, partnershipId))) {
    throw new RuleViolationError(`There is no partnership ${partnershipId}.`, 'organisation-partnership-exists');
  }
  const model = organisationModel(connection);
  const existing = await model
    .findOne({ _id: id })
    .select({ partnershipId: 1 })
    .lean<Pick<OrganisationDocument, '_id' | 'partnershipId'>>();
  if (existing && existing.partnershipId !== partnershipId) {
    throw new RuleViolationError(`Organisation id ${id} is taken by another partnership.`, 'organisation-id-unique');
  }
  const update = partner ? { $set: { ...fields, partnershipId, partner } } : { $set: { ...fields, partnershipId }, $unset: { partner: 1 } };
  const document = await model
    .findOneAndUpdate({ _id: id, partnershipId }, update, { upsert: true, returnDocument: 'after', runValidators: true })
    .lean<OrganisationDocument>()
    .orFail();
  return toOrganisation(document);
}

export async function findOrganisation(
  connection: mongoose.Connection,
  partnershipId: string,
  id: string,
): Promise<Organisation | undefined> {
  const document = await organisationModel(connection).findOne({ _id: id, partnershipId }).lean<OrganisationDocument>();
  return document ? toOrganisation(document) : undefined;
}

/** A partnership's organisations by name, optionally of one kind. */
export async function listOrganisations(
  connection: mongoose.Connection,
  partnershipId: string,
  filter: { kind?: OrganisationKind } = {},
): Promise<Organisation[]> {
  const query = filter.kind ? { partnershipId, kind: filter.kind } : { partnershipId };
  const documents = await organisationModel(connection).find(query).sort({ name: 1 }).lean<OrganisationDocument[]>();
  return documents.map(toOrganisation);
}

/** True when any partnership has an organisation with this id (ids are unique service-wide). */
export async function organisationIdTaken(connection: mongoose.Connection, id: string): Promise<boolean> {
  return (await organisationModel(connection).countDocuments({ _id: id })) > 0;
}

/** Creates an organisation; a taken id or name fails on a unique index (E11000). */
export async function insertOrganisation(connection: mongoose.Connection, input: OrganisationInput): Promise<Organisation> {
  const { id, ...fields } = OrganisationSchema.parse(input);
  const document = await organisationModel(connection).create({ _id: id, ...fields, active: fields.active ?? true });
  return toOrganisation(document.toObject() as OrganisationDocument);
}

/** Sets and unsets fields of one organisation of a partnership; undefined when there is none. */
export async function updateOrganisationFields(
  connection: mongoose.Connection,
  partnershipId: string,
  id: string,
  set: Record<string, unknown>,
  unset: readonly string[] = [],
): Promise<Organisation | undefined> {
  const update: Record<string, unknown> = { $set: set };
  if (unset.length > 0) update['$unset'] = Object.fromEntries(unset.map((field) => [field, 1]));
  const document = await organisationModel(connection)
    .findOneAndUpdate({ _id: id, partnershipId }, update, { returnDocument: 'after', runValidators: true })
    .lean<OrganisationDocument>();
  return document ? toOrganisation(document) : undefined;
}

export async function countOrganisations(connection: mongoose.Connection, partnershipId: string): Promise<number> {
  return organisationModel(connection).countDocuments({ partnershipId });
}
