import { describe, expect, it } from 'vitest';
import { canSeeAction, editsPlan, mayReportProgress, maySignOff, ownerScope, seesCaseLinks } from '../../../src/actions/action.access.js';
import type { Principal } from '../../../src/access/principal.js';
import type { Role } from '../../../src/access/roles.js';

const who = (role: Role, organisationId?: string, partnershipId = 'north'): Principal => ({
  userId: `${role}-user`,
  role,
  partnershipId,
  ...(organisationId ? { organisationId } : {}),
});
const schoolAction = { partnershipId: 'north', ownerOrganisationId: 'north-school' };

describe('who sees an action', () => {
  it.each([
    ['chair', undefined, true],
    ['business-unit', undefined, true],
    ['partner-lead', 'north-police', true],
    ['viewer', undefined, true],
    ['admin', undefined, true],
    ['reviewer', undefined, false],
    ['agency', 'north-school', true],
    ['agency', 'north-police', false],
  ] as const)('%s of %s: %s', (role, organisation, expected) => {
    expect(canSeeAction(who(role, organisation), schoolAction)).toBe(expected);
  });

  it('nobody sees another partnership’s action', () => {
    expect(canSeeAction(who('chair', undefined, 'south'), schoolAction)).toBe(false);
    expect(canSeeAction(who('agency', 'north-school', 'south'), schoolAction)).toBe(false);
  });

  it('an agency token without an organisation sees nothing', () => {
    expect(ownerScope(who('agency'))).toBe('\u0000none');
    expect(canSeeAction(who('agency'), schoolAction)).toBe(false);
  });
});

describe('who changes an action', () => {
  it('chair and business unit edit the plan; the owning agency reports progress; only the chair signs off', () => {
    expect([
      editsPlan(who('chair')),
      editsPlan(who('business-unit')),
      editsPlan(who('agency', 'north-school')),
      editsPlan(who('viewer')),
    ]).toEqual([true, true, false, false]);
    expect(mayReportProgress(who('agency', 'north-school'), schoolAction)).toBe(true);
    expect(mayReportProgress(who('agency', 'north-police'), schoolAction)).toBe(false);
    expect(mayReportProgress(who('partner-lead', 'north-school'), schoolAction)).toBe(false);
    expect(mayReportProgress(who('business-unit'), schoolAction)).toBe(true);
    expect([maySignOff(who('chair')), maySignOff(who('business-unit')), maySignOff(who('agency', 'north-school'))]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('agencies are not shown the case a recommendation came from', () => {
    expect(seesCaseLinks(who('agency', 'north-school'))).toBe(false);
    expect(seesCaseLinks(who('viewer'))).toBe(true);
  });
});
