import { ConflictError, NotFoundError } from '../errors/app-errors.js';
import { fieldChanges } from './admin-change.diff.js';
import type { ChangeActor } from './admin-change.model.js';
import type { AdminContext } from './admin-context.js';
import { isDuplicateKey, parseBody, splitPatch } from './admin-input.js';
import { UpdatePartnershipSchema } from './admin.schemas.js';
import { partnershipView } from './admin.views.js';
import { countOrganisations } from './organisation.repository.js';
import { PartnershipSchema } from './partnership.model.js';
import {
  findPartnership,
  insertPartnership,
  listPartnerships,
  referencePrefixTaken,
  updatePartnershipFields,
} from './partnership.repository.js';
import { countUsers, listUsers } from './user.repository.js';

const PARTNERSHIP_FIELDS = [
  'name',
  'referencePrefix',
  'reportingYearStartMonth',
  'dueSoonWorkingDays',
  'themes',
  'clockOverrides',
] as const;

/** A partnership and its settings. Creating one is for `npm run admin` only: no principal may. */
export function createSettingsAdmin(context: AdminContext) {
  const { connection } = context;
  const view = (partnership: Parameters<typeof partnershipView>[0]) => partnershipView(partnership, context.defaultDueSoonWorkingDays);

  return {
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
        if (isDuplicateKey(error))
          throw new ConflictError(`Partnership ${parsed.id} or prefix ${parsed.referencePrefix} was created by someone else just now.`);
        throw error;
      }
      await context.record(
        created.id,
        actor,
        'partnership',
        created.id,
        'created',
        fieldChanges(undefined, created, ['name', 'referencePrefix', 'reportingYearStartMonth']),
      );
      return view(created);
    },

    /** Every partnership with how many organisations, users and enabled administrators it has (`npm run admin -- list`). */
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
      return view(await context.requirePartnership(partnershipId));
    },

    /**
     * Changes settings. New clock lengths apply to clocks that start after the change: a running
     * clock's due date was computed and stored when it started, and is never recomputed.
     */
    async updatePartnership(actor: ChangeActor, partnershipId: string, input: unknown) {
      const before = await context.requirePartnership(partnershipId);
      const patch = parseBody(UpdatePartnershipSchema, input);
      if (patch.referencePrefix !== undefined && (await referencePrefixTaken(connection, patch.referencePrefix, partnershipId))) {
        throw new ConflictError(`Reference prefix ${patch.referencePrefix} is already used by another partnership.`);
      }
      const { set, unset } = splitPatch(patch);
      let after;
      try {
        after = await updatePartnershipFields(connection, partnershipId, set, unset);
      } catch (error) {
        if (isDuplicateKey(error))
          throw new ConflictError(`Reference prefix ${patch.referencePrefix} is already used by another partnership.`);
        throw error;
      }
      if (!after) throw new NotFoundError(`There is no partnership ${partnershipId}.`);
      await context.record(partnershipId, actor, 'partnership', partnershipId, 'updated', fieldChanges(before, after, PARTNERSHIP_FIELDS));
      return view(after);
    },
  };
}
