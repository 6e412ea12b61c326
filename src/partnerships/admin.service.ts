import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import { NotFoundError } from '../errors/app-errors.js';
import { skipOf } from '../shared/pagination.js';
import type { SystemClock } from '../shared/system-clock.js';
import type { ChangeActor } from './admin-change.model.js';
import type { AdminChangeRepository } from './admin-change.repository.js';
import type { AdminContext } from './admin-context.js';
import { parseQuery } from './admin-input.js';
import { createOrganisationAdmin } from './admin-organisations.service.js';
import { createSettingsAdmin } from './admin-settings.service.js';
import { createUserAdmin } from './admin-users.service.js';
import { ChangeListQuerySchema } from './admin.schemas.js';
import { adminChangeView } from './admin.views.js';
import { findPartnership } from './partnership.repository.js';

/**
 * Administration of a partnership (issue 12): its settings, organisations and users. Used by the
 * API and pages (an `admin` principal, always scoped to their own partnership) and by
 * `npm run admin` (someone at the server, naming the partnership). Every change is written to the
 * change history with who made it and each field's old and new value, after the record itself
 * (FerretDB has no transactions: a crash between the two can lose an entry, never a change).
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

export function createAdminService(deps: AdminServiceDeps) {
  const listeners: ((partnershipId: string) => void)[] = [];
  const context: AdminContext = {
    connection: deps.connection,
    defaultDueSoonWorkingDays: deps.defaultDueSoonWorkingDays,
    endSessions: deps.endSessions,
    async record(partnershipId, actor, resourceType, resourceId, action, changes) {
      if (changes.length === 0) return;
      await deps.changes.record({ partnershipId, at: deps.clock.now(), actor, resourceType, resourceId, action, changes });
      for (const listener of listeners) listener(partnershipId);
    },
    async requirePartnership(partnershipId) {
      const partnership = await findPartnership(deps.connection, partnershipId);
      if (!partnership) throw new NotFoundError(`There is no partnership ${partnershipId}.`);
      return partnership;
    },
  };

  return {
    ...createSettingsAdmin(context),
    ...createOrganisationAdmin(context),
    ...createUserAdmin(context),

    /** Called with the partnership id after every change (caches of names and settings drop it). */
    onChange(listener: (partnershipId: string) => void) {
      listeners.push(listener);
    },

    /** The change history, newest first. */
    async listChanges(partnershipId: string, query: unknown) {
      const parsed = parseQuery(ChangeListQuerySchema, query);
      const filter = {
        ...(parsed.resourceType ? { resourceType: parsed.resourceType } : {}),
        ...(parsed.resourceId ? { resourceId: parsed.resourceId } : {}),
      };
      const { items, total } = await deps.changes.list(partnershipId, filter, { skip: skipOf(parsed), limit: parsed.pageSize });
      return { items: items.map(adminChangeView), total, page: parsed.page, pageSize: parsed.pageSize };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

/**
 * The actor of a change made through the API or pages: the user id only, which never changes
 * (pages show the user's current name beside it).
 */
export function actorOf(principal: Principal): ChangeActor {
  return { kind: 'user', userId: principal.userId };
}
