import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { z } from 'zod';
import type { Principal } from '../access/principal.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../http/problem.js';
import { skipOf } from '../shared/pagination.js';
import type { SystemClock } from '../shared/system-clock.js';
import { fieldChanges } from './admin-change.diff.js';
import type { AdminResourceType, ChangeActor } from './admin-change.model.js';
import type { AdminChangeRepository } from './admin-change.repository.js';
import {
  ChangeListQuerySchema,
  CreateOrganisationSchema,
  CreateUserSchema,
  OrganisationListQuerySchema,
  UpdateOrganisationSchema,
  UpdatePartnershipSchema,
  UpdateUserSchema,
  UserListQuerySchema,
} from './admin.schemas.js';
import { adminChangeView, organisationView, partnershipView, userView } from './admin.views.js';
import { OrganisationSchema } from './organisation.model.js';
import {
  countOrganisations,
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  organisationIdTaken,
  updateOrganisationFields,
} from './organisation.repository.js';
import { PartnershipSchema } from './partnership.model.js';
import { findPartnership, insertPartnership, listPartnerships, referencePrefixTaken, updatePartnershipFields } from './partnership.repository.js';
import { type User, UserSchema } from './user.model.js';
import {
  countUsers,
  findUser,
  findUserByEmail,
  insertUser,
  listPartnerLeadsOf,
  listUsers,
  updateUserFields,
  userIdTaken,
} from './user.repository.js';

/**
 * Administration of a partnership (issue 12): its settings, organisations and users. Used by the
 * API and pages (an `admin` principal, always scoped to their own partnership) and by
 * `npm run admin` (someone at the server, naming the partnership). Every change is written to the
 * change history with who made it and each field's old and new value. Users are never deleted:
 * the audit trail and case histories name them.
 */

export interface AdminServiceDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  changes: AdminChangeRepository;
  /** The service's DEADLINE_WARNING_WORKING_DAYS: a partnership's due-soon window when it sets none. */
  defaultDueSoonWorkingDays: number;
  /** Ends every signed-in web session of a user at once (their bearer tokens are refused per request). */
  endSessions(userId: string): Promise<void>;
}

const PARTNERSHIP_FIELDS = ['name', 'referencePrefix', 'reportingYearStartMonth', 'dueSoonWorkingDays', 'clockOverrides'] as const;
const ORGANISATION_FIELDS = ['name', 'kind', 'partner', 'active'] as const;
const USER_FIELDS = ['name', 'email', 'role', 'organisationId', 'partner', 'disabled'] as const;

/** Parses input, or throws a 400 naming each wrong field under `body.` (one line each for the CLI). */
function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = issuesFromZod(result.error, ['body']);
  throw new ValidationError(errors.map((e) => `${e.path.replace(/^body\.?/, '') || 'body'}: ${e.message}`).join('; '), errors);
}

function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError('The request query string is not valid.', issuesFromZod(result.error, ['query']));
}

/** `{ a: 1, b: null }` → set a, unset b (null removes an optional field). */
function splitPatch(patch: Record<string, unknown>): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

/** A readable id made from a name: `north` + "Riverside Academy" → `north-riverside-academy`. */
export function idFromName(prefix: string, name: string): string {
  const slug = name
    .normalize('NFKD')
    // Accents off (é → e) and apostrophes out (Children’s → childrens) before the rest become dashes.
    .replace(/[\u0300-\u036f'’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug ? `${prefix}-${slug}` : `${prefix}-${randomBytes(3).toString('hex')}`;
}

const isDuplicateKey = (error: unknown) => (error as { code?: unknown })?.code === 11000;

export function createAdminService(deps: AdminServiceDeps) {
  const { connection } = deps;
  const listeners: ((partnershipId: string) => void)[] = [];

  async function record(partnershipId: string, actor: ChangeActor, resourceType: AdminResourceType, resourceId: string, action: 'created' | 'updated', changes: ReturnType<typeof fieldChanges>) {
    if (changes.length === 0) return;
    await deps.changes.record({ partnershipId, at: deps.clock.now(), actor, resourceType, resourceId, action, changes });
    for (const listener of listeners) listener(partnershipId);
  }

  async function requirePartnership(partnershipId: string) {
    const partnership = await findPartnership(connection, partnershipId);
    if (!partnership) throw new NotFoundError(`There is no partnership ${partnershipId}.`);
    return partnership;
  }

  /** A user's organisation must be an active organisation of the same partnership, and a partner-lead's must be that partner. */
  async function checkUserOrganisation(partnershipId: string, user: Pick<User, 'role' | 'organisationId' | 'partner'>) {
    if (user.organisationId === undefined) return;
    const organisation = await findOrganisation(connection, partnershipId, user.organisationId);
    if (!organisation) throw new RuleViolationError(`There is no organisation ${user.organisationId} in this partnership.`, 'user-organisation-exists');
    if (!organisation.active) throw new RuleViolationError(`Organisation ${user.organisationId} is no longer active.`, 'user-organisation-active');
    if (user.role === 'partner-lead' && organisation.partner !== user.partner) {
      throw new RuleViolationError(`Organisation ${user.organisationId} is not the ${user.partner} partner.`, 'partner-lead-organisation');
    }
  }

  /** The whole user as stored after a change, checked by the same rules as the seed's (a role that needs an organisation…). */
  function validUser(candidate: Record<string, unknown>) {
    return parseBody(UserSchema, candidate);
  }

  const service = {
    /** Called with the partnership id after every change (caches of names and settings drop it). */
    onChange(listener: (partnershipId: string) => void) {
      listeners.push(listener);
    },

    // ---- partnerships (creating one is for `npm run admin`: no principal may) ----

    async createPartnership(actor: ChangeActor, input: unknown) {
      const parsed = parseBody(PartnershipSchema.pick({ id: true, name: true, referencePrefix: true }), input);
      if (await findPartnership(connection, parsed.id)) throw new ConflictError(`There is already a partnership ${parsed.id}.`);
      if (await referencePrefixTaken(connection, parsed.referencePrefix)) {
        throw new ConflictError(`Reference prefix ${parsed.referencePrefix} is already used by another partnership.`);
      }
      let created;
      try {
        created = await insertPartnership(connection, parsed);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`Partnership ${parsed.id} or prefix ${parsed.referencePrefix} was created by someone else just now.`);
        throw error;
      }
      const view = partnershipView(created, deps.defaultDueSoonWorkingDays);
      await record(created.id, actor, 'partnership', created.id, 'created', fieldChanges(undefined, created, ['name', 'referencePrefix', 'reportingYearStartMonth']));
      return view;
    },

    /** Every partnership with how many organisations and users it has (for `npm run admin -- list`). */
    async listPartnershipsWithCounts() {
      const partnerships = await listPartnerships(connection);
      return Promise.all(
        partnerships.map(async (partnership) => ({
          id: partnership.id,
          name: partnership.name,
          referencePrefix: partnership.referencePrefix,
          organisations: await countOrganisations(connection, partnership.id),
          users: await countUsers(connection, partnership.id),
          admins: (await listUsers(connection, partnership.id, { role: 'admin' })).length,
        })),
      );
    },

    async getPartnership(partnershipId: string) {
      return partnershipView(await requirePartnership(partnershipId), deps.defaultDueSoonWorkingDays);
    },

    /**
     * Changes settings. New clock lengths apply to clocks that start after the change: a running
     * clock's due date was computed and stored when it started, and is never recomputed.
     */
    async updatePartnership(actor: ChangeActor, partnershipId: string, input: unknown) {
      const before = await requirePartnership(partnershipId);
      const patch = parseBody(UpdatePartnershipSchema, input);
      if (patch.referencePrefix !== undefined && (await referencePrefixTaken(connection, patch.referencePrefix, partnershipId))) {
        throw new ConflictError(`Reference prefix ${patch.referencePrefix} is already used by another partnership.`);
      }
      const { set, unset } = splitPatch(patch);
      let after;
      try {
        after = await updatePartnershipFields(connection, partnershipId, set, unset);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`Reference prefix ${patch.referencePrefix} is already used by another partnership.`);
        throw error;
      }
      if (!after) throw new NotFoundError(`There is no partnership ${partnershipId}.`);
      await record(partnershipId, actor, 'partnership', partnershipId, 'updated', fieldChanges(before, after, PARTNERSHIP_FIELDS));
      return partnershipView(after, deps.defaultDueSoonWorkingDays);
    },

    // ---- organisations ----

    async listOrganisations(partnershipId: string, query: unknown) {
      const { kind, includeInactive } = parseQuery(OrganisationListQuerySchema, query);
      const organisations = await listOrganisations(connection, partnershipId, kind ? { kind } : {});
      return { items: organisations.filter((o) => includeInactive === 'true' || o.active).map(organisationView) };
    },

    async getOrganisation(partnershipId: string, id: string) {
      const organisation = await findOrganisation(connection, partnershipId, id);
      if (!organisation) throw new NotFoundError(`No organisation ${id}.`);
      return organisationView(organisation);
    },

    async createOrganisation(actor: ChangeActor, partnershipId: string, input: unknown) {
      await requirePartnership(partnershipId);
      const body = parseBody(CreateOrganisationSchema, input);
      let id = body.id ?? idFromName(partnershipId, body.name);
      if (await organisationIdTaken(connection, id)) {
        if (body.id !== undefined) throw new ConflictError(`Organisation id ${id} is already in use.`);
        id = `${id.slice(0, 90)}-${randomBytes(2).toString('hex')}`;
      }
      const candidate = parseBody(OrganisationSchema, { ...body, id, partnershipId });
      const named = (await listOrganisations(connection, partnershipId)).find((o) => o.name === candidate.name);
      if (named) throw new ConflictError(`This partnership already has an organisation called ${candidate.name} (${named.id}).`);
      let created;
      try {
        created = await insertOrganisation(connection, candidate);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`Organisation ${id} (or one with the same name) was added by someone else just now.`);
        throw error;
      }
      await record(partnershipId, actor, 'organisation', created.id, 'created', fieldChanges(undefined, created, ORGANISATION_FIELDS));
      return organisationView(created);
    },

    async updateOrganisation(actor: ChangeActor, partnershipId: string, id: string, input: unknown) {
      const patch = parseBody(UpdateOrganisationSchema, input);
      const before = await findOrganisation(connection, partnershipId, id);
      if (!before) throw new NotFoundError(`No organisation ${id}.`);
      const merged: Record<string, unknown> = { id, partnershipId, name: before.name, kind: before.kind, ...(before.partner ? { partner: before.partner } : {}), active: before.active };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else if (value !== undefined) merged[key] = value;
      }
      const candidate = parseBody(OrganisationSchema, merged);
      if (candidate.name !== before.name && (await listOrganisations(connection, partnershipId)).some((o) => o.name === candidate.name)) {
        throw new ConflictError(`This partnership already has an organisation called ${candidate.name}.`);
      }
      // A partner-lead signs for their organisation's partner: it cannot change under them.
      if (candidate.partner !== before.partner) {
        const leads = (await listPartnerLeadsOf(connection, partnershipId, id)).filter((lead) => lead.partner !== candidate.partner);
        if (leads.length > 0) {
          throw new RuleViolationError(`Organisation ${id} has ${leads.length} partner lead(s) who sign for it as the ${before.partner} partner; move or disable them first.`, 'organisation-partner-leads');
        }
      }
      const { set, unset } = splitPatch(patch);
      let after;
      try {
        after = await updateOrganisationFields(connection, partnershipId, id, set, unset);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`This partnership already has an organisation called ${candidate.name}.`);
        throw error;
      }
      if (!after) throw new NotFoundError(`No organisation ${id}.`);
      await record(partnershipId, actor, 'organisation', id, 'updated', fieldChanges(before, after, ORGANISATION_FIELDS));
      return organisationView(after);
    },

    // ---- users ----

    async listUsers(partnershipId: string, query: unknown) {
      const { role, organisationId, includeDisabled } = parseQuery(UserListQuerySchema, query);
      const users = await listUsers(connection, partnershipId, { ...(role ? { role } : {}), ...(organisationId ? { organisationId } : {}), includeDisabled: includeDisabled === 'true' });
      return { items: users.map(userView) };
    },

    async getUser(partnershipId: string, id: string) {
      const user = await findUser(connection, partnershipId, id);
      if (!user) throw new NotFoundError(`No user ${id}.`);
      return userView(user);
    },

    async createUser(actor: ChangeActor, partnershipId: string, input: unknown) {
      await requirePartnership(partnershipId);
      const body = parseBody(CreateUserSchema, input);
      const id = body.id ?? `${partnershipId}-user-${randomBytes(5).toString('hex')}`;
      const candidate = validUser({ ...body, id, partnershipId });
      if (body.id !== undefined && (await userIdTaken(connection, id))) throw new ConflictError(`User id ${id} is already in use.`);
      if (await findUserByEmail(connection, partnershipId, candidate.email)) throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
      await checkUserOrganisation(partnershipId, candidate);
      let created;
      try {
        created = await insertUser(connection, candidate);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`A user with id ${id} or email ${candidate.email} was added by someone else just now.`);
        throw error;
      }
      await record(partnershipId, actor, 'user', created.id, 'created', fieldChanges(undefined, created, USER_FIELDS));
      return userView(created);
    },

    /**
     * Changes a user. Disabling ends their web sessions at once; their bearer and feed tokens are
     * refused from the next request (authentication checks the stored user every time). An admin
     * cannot disable or demote themselves, so a partnership always keeps an administrator.
     */
    async updateUser(actor: ChangeActor, partnershipId: string, id: string, input: unknown) {
      const patch = parseBody(UpdateUserSchema, input);
      const before = await findUser(connection, partnershipId, id);
      if (!before) throw new NotFoundError(`No user ${id}.`);
      if (actor.kind === 'user' && actor.userId === id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
        throw new RuleViolationError('You cannot disable your own account or take away your own administrator role; ask another administrator.', 'admin-self-lockout');
      }
      const merged: Record<string, unknown> = { id, partnershipId, name: before.name, email: before.email, role: before.role, disabled: before.disabled };
      if (before.organisationId) merged['organisationId'] = before.organisationId;
      if (before.partner) merged['partner'] = before.partner;
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else if (value !== undefined) merged[key] = value;
      }
      const candidate = validUser(merged);
      if (candidate.email !== before.email && (await findUserByEmail(connection, partnershipId, candidate.email))) {
        throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
      }
      if (candidate.organisationId !== before.organisationId || candidate.role !== before.role || candidate.partner !== before.partner) {
        await checkUserOrganisation(partnershipId, candidate);
      }
      const { set, unset } = splitPatch(patch);
      if (set['email'] !== undefined) set['email'] = candidate.email;
      let after;
      try {
        after = await updateUserFields(connection, partnershipId, id, set, unset);
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
        throw error;
      }
      if (!after) throw new NotFoundError(`No user ${id}.`);
      if (after.disabled && !before.disabled) await deps.endSessions(id);
      await record(partnershipId, actor, 'user', id, 'updated', fieldChanges(before, after, USER_FIELDS));
      return userView(after);
    },

    // ---- the change history ----

    async listChanges(partnershipId: string, query: unknown) {
      const parsed = parseQuery(ChangeListQuerySchema, query);
      const filter = { ...(parsed.resourceType ? { resourceType: parsed.resourceType } : {}), ...(parsed.resourceId ? { resourceId: parsed.resourceId } : {}) };
      const { items, total } = await deps.changes.list(partnershipId, filter, { skip: skipOf(parsed), limit: parsed.pageSize });
      return { items: items.map(adminChangeView), total, page: parsed.page, pageSize: parsed.pageSize };
    },
  };
  return service;
}

export type AdminService = ReturnType<typeof createAdminService>;

/**
 * The actor of a change made through the API or pages: the user id only, which never changes
 * (pages show the user's current name beside it).
 */
export function actorOf(principal: Principal): ChangeActor {
  return { kind: 'user', userId: principal.userId };
}
