import type { AdminChange } from './admin-change.repository.js';
import type { Organisation } from './organisation.model.js';
import type { Partnership } from './partnership.model.js';
import type { User } from './user.model.js';

/**
 * What the administration API answers with: every field spelled out (null, not absent), dates as
 * ISO strings, and nothing an administrator does not need (no internal keys).
 */

export function organisationView(organisation: Organisation) {
  return {
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    partner: organisation.partner ?? null,
    active: organisation.active,
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
  };
}
export type OrganisationView = ReturnType<typeof organisationView>;

export function userView(user: User) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId ?? null,
    partner: user.partner ?? null,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;

export function partnershipView(partnership: Partnership, defaultDueSoonWorkingDays: number) {
  return {
    id: partnership.id,
    name: partnership.name,
    referencePrefix: partnership.referencePrefix,
    reportingYearStartMonth: partnership.reportingYearStartMonth,
    dueSoonWorkingDays: partnership.dueSoonWorkingDays ?? defaultDueSoonWorkingDays,
    dueSoonWorkingDaysIsDefault: partnership.dueSoonWorkingDays === undefined,
    themes: partnership.themes ?? [],
    clockOverrides: partnership.clockOverrides,
    createdAt: partnership.createdAt.toISOString(),
    updatedAt: partnership.updatedAt.toISOString(),
  };
}
export type PartnershipView = ReturnType<typeof partnershipView>;

export function adminChangeView(change: AdminChange) {
  return {
    id: change.id,
    at: change.at.toISOString(),
    actor: change.actor,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    action: change.action,
    changes: change.changes,
  };
}
export type AdminChangeView = ReturnType<typeof adminChangeView>;
