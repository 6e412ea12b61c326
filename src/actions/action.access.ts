import type { Principal } from '../access/principal.js';
import type { Role } from '../access/roles.js';
import type { ActionRecord } from './action.record.js';

/**
 * Who may do what with recommendations and actions (RELIABILITY rows 1–3). Every query is scoped to
 * the principal's partnership; within it an agency sees only the actions its organisation owns
 * (and the recommendations they sit under). Another agency's action answers exactly like a missing
 * one (404).
 *
 * | role                  | read                 | create, PATCH any field | notes, RAG, impact | sign off |
 * | chair                 | all                  | yes                     | yes                | yes      |
 * | business-unit         | all                  | yes                     | yes                | no       |
 * | agency                | own organisation's   | PATCH `lead` of own     | own                | no       |
 * | partner-lead, viewer, admin | all            | no                      | no                 | no       |
 * | reviewer              | no                   | no                      | no                 | no       |
 */
export const READ_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'agency', 'viewer', 'admin'];
export const PLAN_ROLES: readonly Role[] = ['chair', 'business-unit'];
export const UPDATE_ROLES: readonly Role[] = ['chair', 'business-unit', 'agency'];

/** The fields an owning agency may PATCH: the lead, with the reason for the change if it gives one. */
export const AGENCY_PATCH_FIELDS: readonly string[] = ['lead', 'reason'];

/** The owner an agency's queries are narrowed to; undefined for roles that see the whole plan. */
export function ownerScope(principal: Principal): string | undefined {
  // An agency token always names its organisation; if one ever did not, it sees nothing.
  if (principal.role === 'agency') return principal.organisationId ?? '\u0000none';
  return undefined;
}

export function canSeeAction(principal: Principal, record: Pick<ActionRecord, 'partnershipId' | 'ownerOrganisationId'>): boolean {
  if (record.partnershipId !== principal.partnershipId) return false;
  if (!READ_ROLES.includes(principal.role)) return false;
  const owner = ownerScope(principal);
  return owner === undefined || owner === record.ownerOrganisationId;
}

/** Chair and business unit own the plan: they create and edit anything. */
export function editsPlan(principal: Principal): boolean {
  return PLAN_ROLES.includes(principal.role);
}

/** Notes, RAG and evidence of impact: the plan's editors, or the agency that owns the action. */
export function mayReportProgress(principal: Principal, record: Pick<ActionRecord, 'ownerOrganisationId'>): boolean {
  if (editsPlan(principal)) return true;
  return principal.role === 'agency' && principal.organisationId === record.ownerOrganisationId;
}

/** Only the chair signs off completion. */
export function maySignOff(principal: Principal): boolean {
  return principal.role === 'chair';
}

/** Agencies do not see which case a recommendation came from (they may not see the case itself). */
export function seesCaseLinks(principal: Principal): boolean {
  return principal.role !== 'agency';
}
