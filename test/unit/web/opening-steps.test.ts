import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { isStep, stepOfField, stepSpecs, stepsFor, storedNames } from '../../../src/web/referrals/opening-steps.js';

const agency: Principal = { userId: 'north-agency-school', role: 'agency', partnershipId: 'north', organisationId: 'north-school' };
const officer: Principal = { userId: 'north-business-unit', role: 'business-unit', partnershipId: 'north' };
const organisations = [
  { id: 'north-school', name: 'Riverside Academy', kind: 'school' },
  { id: 'north-yjs', name: 'Youth Justice Service', kind: 'youth-justice' },
];

describe('the question pages of opening a case', () => {
  it('asks each route only its own questions, a page per child', () => {
    expect(stepsFor({ principal: officer, organisations }, { route: 'serious-incident', childCount: '2' })).toEqual([
      'route', 'dates', 'areas', 'child-1', 'child-2', 'agencies', 'about', 'check',
    ]);
    expect(stepsFor({ principal: officer, organisations }, { route: 'referral' })).toEqual([
      'route', 'referrer', 'reason', 'dates', 'areas', 'child-1', 'agencies', 'about', 'check',
    ]);
    // An agency's own organisation refers: no referrer page.
    expect(stepsFor({ principal: agency, organisations }, { route: 'referral' })).toEqual([
      'route', 'reason', 'dates', 'areas', 'child-1', 'agencies', 'about', 'check',
    ]);
  });

  it('asks the leading partnership only of an out-of-area case, and requires it there', () => {
    const context = { principal: officer, organisations };
    expect(stepSpecs('areas', context, { route: 'serious-incident' }).map((spec) => spec.name)).toEqual(['laArea', 'residentLaArea']);
    const outOfArea = stepSpecs('areas', context, { route: 'out-of-area' });
    expect(outOfArea.map((spec) => spec.name)).toEqual(['laArea', 'residentLaArea', 'leadPartnership']);
    expect(outOfArea[2]!.optional).toBe(false);
  });

  it('offers another child only on the last child’s page', () => {
    const context = { principal: officer, organisations };
    expect(stepSpecs('child-1', context, { route: 'serious-incident', childCount: '2' }).map((spec) => spec.name)).not.toContain('anotherChild');
    expect(stepSpecs('child-2', context, { route: 'serious-incident', childCount: '2' }).map((spec) => spec.name)).toContain('anotherChild');
  });

  it('finds the page a field is asked on, and the names a page stores', () => {
    const context = { principal: officer, organisations };
    expect(stepOfField('laAwareOn', context, { route: 'referral' })).toBe('dates');
    expect(stepOfField('child-2-sex', context, { route: 'referral', childCount: '2' })).toBe('child-2');
    expect(stepOfField('referralReason', context, { route: 'referral' })).toBe('reason');
    expect(storedNames(stepSpecs('dates', context, { route: 'referral' })).slice(0, 3)).toEqual(['incidentOn-day', 'incidentOn-month', 'incidentOn-year']);
    expect(isStep('child-21')).toBe(false);
    expect(isStep('../admin')).toBe(false);
  });
});
