import type mongoose from 'mongoose';
import type { OrganisationInput } from '../../src/partnerships/organisation.model.js';
import { upsertOrganisation } from '../../src/partnerships/organisation.repository.js';
import type { PartnershipInput } from '../../src/partnerships/partnership.model.js';
import { upsertPartnership } from '../../src/partnerships/partnership.repository.js';
import type { UserInput } from '../../src/partnerships/user.model.js';
import { upsertUser } from '../../src/partnerships/user.repository.js';

/**
 * A synthetic partnership with every kind of organisation and a user of every role. All names and
 * addresses are invented. Used by `npm run seed` (id `demo`) and by the tests (other ids), so
 * tests and demo agree on who can do what.
 */
export function tenantFixture(partnershipId: string, referencePrefix: string) {
  const org = (suffix: string) => `${partnershipId}-${suffix}`;
  const partnership: PartnershipInput = {
    id: partnershipId,
    name: `${referencePrefix} Safeguarding Children Partnership (synthetic)`,
    referencePrefix,
  };
  const organisations: OrganisationInput[] = [
    {
      id: org('childrens-services'),
      partnershipId,
      name: 'Children’s Services (synthetic)',
      kind: 'children-services',
      partner: 'local-authority',
    },
    { id: org('police'), partnershipId, name: 'Constabulary (synthetic)', kind: 'police', partner: 'police' },
    { id: org('icb'), partnershipId, name: 'Integrated Care Board (synthetic)', kind: 'health', partner: 'health' },
    { id: org('school'), partnershipId, name: 'Riverside Academy (synthetic)', kind: 'school' },
    { id: org('yjs'), partnershipId, name: 'Youth Justice Service (synthetic)', kind: 'youth-justice' },
    { id: org('charity'), partnershipId, name: 'Family Support Charity (synthetic)', kind: 'voluntary' },
  ];
  const user = (id: string, name: string, role: UserInput['role'], extra: Partial<UserInput> = {}): UserInput => ({
    id: `${partnershipId}-${id}`,
    partnershipId,
    name,
    email: `${id}@${partnershipId}.example.org`,
    role,
    ...extra,
  });
  const users: UserInput[] = [
    user('chair', 'Alex Chair', 'chair'),
    user('business-unit', 'Sam Officer', 'business-unit'),
    user('lead-la', 'Jo Local', 'partner-lead', { organisationId: org('childrens-services'), partner: 'local-authority' }),
    user('lead-police', 'Pat Police', 'partner-lead', { organisationId: org('police'), partner: 'police' }),
    user('lead-health', 'Kim Health', 'partner-lead', { organisationId: org('icb'), partner: 'health' }),
    user('agency-school', 'Robin School', 'agency', { organisationId: org('school') }),
    user('agency-police', 'Charlie Constable', 'agency', { organisationId: org('police') }),
    user('agency-yjs', 'Morgan Youth', 'agency', { organisationId: org('yjs') }),
    user('reviewer', 'Drew Reviewer', 'reviewer'),
    user('viewer', 'Lee Viewer', 'viewer'),
    user('admin', 'Ash Admin', 'admin'),
  ];
  return { partnership, organisations, users };
}

export type TenantFixture = ReturnType<typeof tenantFixture>;

/** Writes the partnership, its organisations and users (idempotent). */
export async function upsertTenant(connection: mongoose.Connection, tenant: TenantFixture): Promise<void> {
  await upsertPartnership(connection, tenant.partnership);
  for (const organisation of tenant.organisations) await upsertOrganisation(connection, organisation);
  for (const user of tenant.users) await upsertUser(connection, user);
}
