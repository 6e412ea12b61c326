import type { Principal } from '../access/principal.js';
import type { CaseRecord } from './case.record.js';

/**
 * Object-level access to cases (RELIABILITY rows 1 and 3). Every query is already scoped to the
 * principal's partnership; within it, an agency sees the cases its organisation referred or was
 * asked for information on, a reviewer only the local reviews assigned to them.
 */
export function listScope(principal: Principal): { organisationId?: string; reviewerId?: string } {
  if (principal.role === 'agency') return { organisationId: principal.organisationId ?? '\u0000none' };
  if (principal.role === 'reviewer') return { reviewerId: principal.userId };
  return {};
}

export function canSeeCase(principal: Principal, record: Pick<CaseRecord, 'partnershipId' | 'organisationIds' | 'reviewerIds'>): boolean {
  if (record.partnershipId !== principal.partnershipId) return false;
  if (principal.role === 'agency') return !!principal.organisationId && record.organisationIds.includes(principal.organisationId);
  if (principal.role === 'reviewer') return record.reviewerIds.includes(principal.userId);
  return true;
}

/** Roles that see the whole case record; the others get a narrower view (case.views.ts). */
export function seesFullCase(principal: Principal): boolean {
  return principal.role !== 'agency';
}
