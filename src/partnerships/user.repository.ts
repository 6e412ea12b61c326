import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { Partner, Role } from '../access/roles.js';
import { op } from '../database/trusted-operators.js';
import { RuleViolationError } from '../errors/app-errors.js';
import { findOrganisation } from './organisation.repository.js';
import { findPartnership } from './partnership.repository.js';
import { type User, type UserDocument, type UserInput, UserSchema, principalForUser, userModel } from './user.model.js';

/** Users as plain objects; every lookup is scoped to a partnership (the tenant). */

function toUser(document: UserDocument): User {
  const user: User = {
    id: document._id,
    partnershipId: document.partnershipId,
    name: document.name,
    email: document.email,
    role: document.role,
    disabled: document.disabled,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
  if (document.organisationId) user.organisationId = document.organisationId;
  if (document.partner) user.partner = document.partner;
  return user;
}

/**
 * Creates or updates a user (idempotent). The partnership must exist; an organisation, if named,
 * must belong to the same partnership; a partner-lead's organisation must be that partner.
 */
export async function upsertUser(connection: mongoose.Connection, input: UserInput): Promise<User> {
  const { id, partnershipId, organisationId, partner, ...fields } = UserSchema.parse(input);
  if (!(await findPartnership(connection, partnershipId))) {
    throw new RuleViolationError(`There is no partnership ${partnershipId}.`, 'user-partnership-exists');
  }
  if (organisationId !== undefined) {
    const organisation = await findOrganisation(connection, partnershipId, organisationId);
    if (!organisation) {
      throw new RuleViolationError(`Partnership ${partnershipId} has no organisation ${organisationId}.`, 'user-organisation-exists');
    }
    if (fields.role === 'partner-lead' && organisation.partner !== partner) {
      throw new RuleViolationError(`Organisation ${organisationId} is not the ${partner} partner.`, 'partner-lead-organisation');
    }
  }
  const model = userModel(connection);
  const existing = await model.findOne({ _id: id }).select({ partnershipId: 1 }).lean<Pick<UserDocument, '_id' | 'partnershipId'>>();
  if (existing && existing.partnershipId !== partnershipId) {
    throw new RuleViolationError(`User id ${id} is taken by another partnership.`, 'user-id-unique');
  }
  const set: Record<string, unknown> = { ...fields, partnershipId };
  // Re-running a seed does not re-enable a user someone disabled: `disabled` is written only when given.
  if (input.disabled === undefined) delete set['disabled'];
  const unset: Record<string, 1> = {};
  if (organisationId !== undefined) set['organisationId'] = organisationId;
  else unset['organisationId'] = 1;
  if (partner !== undefined) set['partner'] = partner;
  else unset['partner'] = 1;
  const update = Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
  const document = await model
    .findOneAndUpdate({ _id: id, partnershipId }, update, {
      upsert: true,
      returnDocument: 'after',
      runValidators: true,
      setDefaultsOnInsert: true,
    })
    .lean<UserDocument>()
    .orFail();
  return toUser(document);
}

export async function findUser(connection: mongoose.Connection, partnershipId: string, id: string): Promise<User | undefined> {
  const document = await userModel(connection).findOne({ _id: id, partnershipId }).lean<UserDocument>();
  return document ? toUser(document) : undefined;
}

export interface UserFilter {
  role?: Role;
  organisationId?: string;
  partner?: Partner;
  /** Disabled users are left out unless this is true. */
  includeDisabled?: boolean;
}

function userQuery(partnershipId: string, filter: UserFilter): Record<string, unknown> {
  const query: Record<string, unknown> = { partnershipId };
  if (filter.role) query['role'] = filter.role;
  if (filter.organisationId) query['organisationId'] = filter.organisationId;
  if (filter.partner) query['partner'] = filter.partner;
  if (!filter.includeDisabled) query['disabled'] = false;
  return query;
}

/** A partnership's users in the order they were created (then by id). */
export async function listUsers(connection: mongoose.Connection, partnershipId: string, filter: UserFilter = {}): Promise<User[]> {
  const documents = await userModel(connection)
    .find(userQuery(partnershipId, filter))
    .sort({ createdAt: 1, _id: 1 })
    .lean<UserDocument[]>();
  return documents.map(toUser);
}

/** The first-created user that matches (`npm run token -- --role agency` signs as the first agency user). */
export async function findFirstUser(
  connection: mongoose.Connection,
  partnershipId: string,
  filter: UserFilter = {},
): Promise<User | undefined> {
  const document = await userModel(connection)
    .findOne(userQuery(partnershipId, filter))
    .sort({ createdAt: 1, _id: 1 })
    .lean<UserDocument>();
  return document ? toUser(document) : undefined;
}

export async function countUsers(connection: mongoose.Connection, partnershipId: string): Promise<number> {
  return userModel(connection).countDocuments({ partnershipId });
}

/** Disables or re-enables a user; false when there is no such user in the partnership. */
export async function setUserDisabled(
  connection: mongoose.Connection,
  partnershipId: string,
  id: string,
  disabled: boolean,
): Promise<boolean> {
  const result = await userModel(connection).updateOne({ _id: id, partnershipId }, { $set: { disabled } });
  return result.matchedCount === 1;
}

/**
 * For `authenticate(verifier, { isActive })`: the principal is a known, enabled user of its
 * partnership whose role and organisation are still those the token claims.
 */
export function userIsActive(connection: mongoose.Connection): (principal: Principal) => Promise<boolean> {
  return async (principal) => {
    const user = await userModel(connection)
      .findOne({ _id: principal.userId, partnershipId: principal.partnershipId })
      .select({ role: 1, organisationId: 1, disabled: 1 })
      .lean<Pick<UserDocument, 'role' | 'organisationId' | 'disabled'>>();
    return Boolean(
      user && !user.disabled && user.role === principal.role && (user.organisationId ?? undefined) === principal.organisationId,
    );
  };
}

/** True when any partnership has a user with this id (ids are unique service-wide). */
export async function userIdTaken(connection: mongoose.Connection, id: string): Promise<boolean> {
  return (await userModel(connection).countDocuments({ _id: id })) > 0;
}

/** The partnership's user with this e-mail address (stored lower case), if any. */
export async function findUserByEmail(connection: mongoose.Connection, partnershipId: string, email: string): Promise<User | undefined> {
  const document = await userModel(connection).findOne({ partnershipId, email: email.toLowerCase() }).lean<UserDocument>();
  return document ? toUser(document) : undefined;
}

/** Creates a user; a taken id or e-mail address fails on a unique index (E11000). */
export async function insertUser(connection: mongoose.Connection, input: UserInput): Promise<User> {
  const { id, ...fields } = UserSchema.parse(input);
  const document = await userModel(connection).create({ _id: id, ...fields });
  return toUser(document.toObject() as UserDocument);
}

/** Sets and unsets fields of one user of a partnership; undefined when there is none. */
export async function updateUserFields(
  connection: mongoose.Connection,
  partnershipId: string,
  id: string,
  set: Record<string, unknown>,
  unset: readonly string[] = [],
): Promise<User | undefined> {
  const update: Record<string, unknown> = { $set: set };
  if (unset.length > 0) update['$unset'] = Object.fromEntries(unset.map((field) => [field, 1]));
  const document = await userModel(connection)
    .findOneAndUpdate({ _id: id, partnershipId }, update, { returnDocument: 'after', runValidators: true })
    .lean<UserDocument>();
  return document ? toUser(document) : undefined;
}

/** Enabled partner-lead users of an organisation (their organisation must stay their partner). */
export async function listPartnerLeadsOf(connection: mongoose.Connection, partnershipId: string, organisationId: string): Promise<User[]> {
  return listUsers(connection, partnershipId, { role: 'partner-lead', organisationId });
}

/**
 * For `authenticate(verifier, { currentPrincipal })` (issue 14, finding 4): the principal built from
 * the stored user, never from the token's claims beyond who it is (`sub`, `partnership`). Undefined
 * (refused) when the user is unknown, disabled, or no longer has the role and organisation the token
 * claims; the partner a lead signs for, and the name, always come from the stored user.
 */
export function storedPrincipal(connection: mongoose.Connection): (claimed: Principal) => Promise<Principal | undefined> {
  return async (claimed) => {
    const document = await userModel(connection)
      .findOne({ _id: claimed.userId, partnershipId: claimed.partnershipId })
      .lean<UserDocument>();
    if (!document || document.disabled) return undefined;
    if (document.role !== claimed.role || (document.organisationId ?? undefined) !== claimed.organisationId) return undefined;
    return principalForUser(toUser(document));
  };
}

/** A user as OpenID Connect sign-in matches them: who, where, and the provider identity bound to them. */
export type IdentityCandidate = Pick<UserDocument, '_id' | 'partnershipId' | 'oidcSubject'>;

/** The user bound to the provider identity `(issuer, subject)` in one of `partnerships`, if any. */
export async function findUserBoundTo(
  connection: mongoose.Connection,
  issuer: string,
  subject: string,
  partnerships: readonly string[],
): Promise<IdentityCandidate | undefined> {
  const bound = await userModel(connection)
    .findOne({ oidcIssuer: issuer, oidcSubject: subject, partnershipId: op({ $in: [...partnerships] }) })
    .select({ _id: 1, partnershipId: 1 })
    .lean<IdentityCandidate>();
  return bound ?? undefined;
}

/** Enabled users with this (lower-case) e-mail address in any of `partnerships`, at most `limit`. */
export async function findEnabledUsersByEmail(
  connection: mongoose.Connection,
  email: string,
  partnerships: readonly string[],
  limit: number,
): Promise<IdentityCandidate[]> {
  return userModel(connection)
    .find({ email, disabled: false, partnershipId: op({ $in: [...partnerships] }) })
    .select({ _id: 1, partnershipId: 1, oidcSubject: 1 })
    .limit(limit)
    .lean<IdentityCandidate[]>();
}

/**
 * Binds the provider identity to a user not yet bound to one, atomically: false when another
 * sign-in bound the user first.
 */
export async function bindUserIdentity(
  connection: mongoose.Connection,
  user: IdentityCandidate,
  issuer: string,
  subject: string,
): Promise<boolean> {
  const binding = await userModel(connection).updateOne(
    { _id: user._id, partnershipId: user.partnershipId, oidcSubject: op({ $exists: false }) },
    { $set: { oidcIssuer: issuer, oidcSubject: subject } },
  );
  return binding.modifiedCount === 1;
}
