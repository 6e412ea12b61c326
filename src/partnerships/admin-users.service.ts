import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors/app-errors.js';
import { fieldChanges } from './admin-change.diff.js';
import type { ChangeActor } from './admin-change.model.js';
import type { AdminContext } from './admin-context.js';
import { isDuplicateKey, parseBody, parseQuery, patched, splitPatch } from './admin-input.js';
import { CreateUserSchema, UpdateUserSchema, UserListQuerySchema } from './admin.schemas.js';
import { userView } from './admin.views.js';
import { findOrganisation } from './organisation.repository.js';
import { type User, UserSchema } from './user.model.js';
import { findUser, findUserByEmail, insertUser, listUsers, updateUserFields, userIdTaken } from './user.repository.js';

const USER_FIELDS = ['name', 'email', 'role', 'organisationId', 'partner', 'disabled'] as const;

/** A partnership's users: listed, added, changed and disabled. Never deleted: the audit trail and case histories name them. */
export function createUserAdmin(context: AdminContext) {
  const { connection } = context;

  /** A user's organisation must be an active organisation of the same partnership, and a partner lead's must be that partner. */
  async function checkOrganisation(partnershipId: string, user: Pick<User, 'role' | 'organisationId' | 'partner'>) {
    if (user.organisationId === undefined) return;
    const organisation = await findOrganisation(connection, partnershipId, user.organisationId);
    if (!organisation)
      throw new RuleViolationError(`There is no organisation ${user.organisationId} in this partnership.`, 'user-organisation-exists');
    if (!organisation.active)
      throw new RuleViolationError(`Organisation ${user.organisationId} is no longer active.`, 'user-organisation-active');
    if (user.role === 'partner-lead' && organisation.partner !== user.partner) {
      throw new RuleViolationError(`Organisation ${user.organisationId} is not the ${user.partner} partner.`, 'partner-lead-organisation');
    }
  }

  async function emailTaken(partnershipId: string, email: string) {
    return Boolean(await findUserByEmail(connection, partnershipId, email));
  }

  return {
    async listUsers(partnershipId: string, query: unknown) {
      const { role, organisationId, includeDisabled } = parseQuery(UserListQuerySchema, query);
      const users = await listUsers(connection, partnershipId, {
        ...(role ? { role } : {}),
        ...(organisationId ? { organisationId } : {}),
        includeDisabled: includeDisabled === 'true',
      });
      return { items: users.map(userView) };
    },

    async getUser(partnershipId: string, id: string) {
      const user = await findUser(connection, partnershipId, id);
      if (!user) throw new NotFoundError(`No user ${id}.`);
      return userView(user);
    },

    async createUser(actor: ChangeActor, partnershipId: string, input: unknown) {
      await context.requirePartnership(partnershipId);
      const body = parseBody(CreateUserSchema, input);
      const id = body.id ?? `${partnershipId}-user-${randomBytes(5).toString('hex')}`;
      // The same rules as every stored user (an agency user needs an organisation…).
      const candidate = parseBody(UserSchema, { ...body, id, partnershipId });
      if (body.id !== undefined && (await userIdTaken(connection, id))) throw new ConflictError(`User id ${id} is already in use.`);
      if (await emailTaken(partnershipId, candidate.email))
        throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
      await checkOrganisation(partnershipId, candidate);
      let created;
      try {
        created = await insertUser(connection, candidate);
      } catch (error) {
        if (isDuplicateKey(error))
          throw new ConflictError(`A user with id ${id} or email ${candidate.email} was added by someone else just now.`);
        throw error;
      }
      await context.record(partnershipId, actor, 'user', created.id, 'created', fieldChanges(undefined, created, USER_FIELDS));
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
      if (
        actor.kind === 'user' &&
        actor.userId === id &&
        (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))
      ) {
        throw new RuleViolationError(
          'You cannot disable your own account or take away your own administrator role; ask another administrator.',
          'admin-self-lockout',
        );
      }
      const current: Record<string, unknown> = {
        id,
        partnershipId,
        name: before.name,
        email: before.email,
        role: before.role,
        disabled: before.disabled,
      };
      if (before.organisationId) current['organisationId'] = before.organisationId;
      if (before.partner) current['partner'] = before.partner;
      const candidate = parseBody(UserSchema, patched(current, patch));
      if (candidate.email !== before.email && (await emailTaken(partnershipId, candidate.email))) {
        throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
      }
      if (candidate.organisationId !== before.organisationId || candidate.role !== before.role || candidate.partner !== before.partner) {
        await checkOrganisation(partnershipId, candidate);
      }
      const { set, unset } = splitPatch(patch);
      if (set['email'] !== undefined) set['email'] = candidate.email;
      let after;
      try {
        after = await updateUserFields(connection, partnershipId, id, set, unset);
      } catch (error) {
        if (isDuplicateKey(error))
          throw new ConflictError(`This partnership already has a user with the email address ${candidate.email}.`);
        throw error;
      }
      if (!after) throw new NotFoundError(`No user ${id}.`);
      if (after.disabled && !before.disabled) await context.endSessions(id);
      await context.record(partnershipId, actor, 'user', id, 'updated', fieldChanges(before, after, USER_FIELDS));
      return userView(after);
    },
  };
}
