import type { Principal } from '../access/principal.js';
import { isCalendarDate } from '../calendar/calendar-date.js';
import { skipOf } from '../shared/pagination.js';
import type { AuditRepository } from './audit.repository.js';
import type { AuditQueryInput } from './audit.schemas.js';
import { londonEndOfDay, londonStartOfDay } from '../calendar/england-day.js';

export interface AuditServiceDependencies {
  repository: Pick<AuditRepository, 'find'>;
  /** Whether the case belongs to the partnership (to show anonymous attempts on it). */
  caseBelongsTo(partnershipId: string, caseId: string): Promise<boolean>;
}

/** Reading the trail: an administrator sees their own partnership's entries, newest first. */
export function createAuditService(deps: AuditServiceDependencies) {
  return {
    async list(principal: Principal, query: AuditQueryInput) {
      const from = query.from === undefined ? undefined : isCalendarDate(query.from) ? londonStartOfDay(query.from) : new Date(query.from);
      const to = query.to === undefined ? undefined : isCalendarDate(query.to) ? londonEndOfDay(query.to) : new Date(query.to);
      // Failed authentications carry no partnership. Attempts on one of this partnership's cases are
      // shown with its trail; other anonymous rows stay with the operators (they may name other tenants' ids).
      const includeUnattributed = query.caseId !== undefined && (await deps.caseBelongsTo(principal.partnershipId, query.caseId));
      const { items, total } = await deps.repository.find({
        partnershipId: principal.partnershipId,
        includeUnattributed,
        ...(query.caseId !== undefined ? { resourceType: 'case', resourceId: query.caseId } : {}),
        ...(query.userId !== undefined ? { userId: query.userId } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
        ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        skip: skipOf(query),
        limit: query.pageSize,
      });
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
