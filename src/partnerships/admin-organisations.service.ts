import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors/app-errors.js';
import { fieldChanges } from './admin-change.diff.js';
import type { ChangeActor } from './admin-change.model.js';
import type { AdminContext } from './admin-context.js';
import { idFromName, isDuplicateKey, parseBody, parseQuery, patched, splitPatch } from './admin-input.js';
import { CreateOrganisationSchema, OrganisationListQuerySchema, UpdateOrganisationSchema } from './admin.schemas.js';
import { organisationView } from './admin.views.js';
import { OrganisationSchema } from './organisation.model.js';
import {
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  organisationIdTaken,
  updateOrganisationFields,
} from './organisation.repository.js';
import { listPartnerLeadsOf } from './user.repository.js';

const ORGANISATION_FIELDS = ['name', 'kind', 'partner', 'active'] as const;

/** A partnership's organisations: listed, added, changed and retired (never deleted). */
export function createOrganisationAdmin(context: AdminContext) {
  const { connection } = context;

  async function nameTaken(partnershipId: string, name: string) {
    return (await listOrganisations(connection, partnershipId)).find((o) => o.name === name);
  }

  return {
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
      await context.requirePartnership(partnershipId);
      const body = parseBody(CreateOrganisationSchema, input);
      let id = body.id ?? idFromName(partnershipId, body.name);
      if (await organisationIdTaken(connection, id)) {
        if (body.id !== undefined) throw new ConflictError(`Organisation id ${id} is already in use.`);
        id = `${id.slice(0, 90)}-${randomBytes(2).toString('hex')}`;
      }
      const candidate = parseBody(OrganisationSchema, { ...body, id, partnershipId });
      const named = await nameTaken(partnershipId, candidate.name);
      if (named) throw new ConflictError(`This partnership already has an organisation called ${candidate.name} (${named.id}).`);
      let created;
      try {
        created = await insertOrganisation(connection, candidate);
      } catch (error) {
        if (isDuplicateKey(error))
          throw new ConflictError(`Organisation ${id} (or one with the same name) was added by someone else just now.`);
        throw error;
      }
      await context.record(
        partnershipId,
        actor,
        'organisation',
        created.id,
        'created',
        fieldChanges(undefined, created, ORGANISATION_FIELDS),
      );
      return organisationView(created);
    },

    async updateOrganisation(actor: ChangeActor, partnershipId: string, id: string, input: unknown) {
      const patch = parseBody(UpdateOrganisationSchema, input);
      const before = await findOrganisation(connection, partnershipId, id);
      if (!before) throw new NotFoundError(`No organisation ${id}.`);
      const current = {
        id,
        partnershipId,
        name: before.name,
        kind: before.kind,
        ...(before.partner ? { partner: before.partner } : {}),
        active: before.active,
      };
      const candidate = parseBody(OrganisationSchema, patched(current, patch));
      if (candidate.name !== before.name && (await nameTaken(partnershipId, candidate.name))) {
        throw new ConflictError(`This partnership already has an organisation called ${candidate.name}.`);
      }
      // A partner lead signs for their organisation's partner: it cannot change under them.
      if (candidate.partner !== before.partner) {
        const leads = (await listPartnerLeadsOf(connection, partnershipId, id)).filter((lead) => lead.partner !== candidate.partner);
        if (leads.length > 0) {
          throw new RuleViolationError(
            `Organisation ${id} has ${leads.length} partner lead(s) who sign for it as the ${before.partner} partner; move or disable them first.`,
            'organisation-partner-leads',
          );
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
      await context.record(partnershipId, actor, 'organisation', id, 'updated', fieldChanges(before, after, ORGANISATION_FIELDS));
      return organisationView(after);
    },
  };
}
