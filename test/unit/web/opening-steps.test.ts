import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import {
  isStep,
  notificationStepErrors,
  stepErrors,
  stepOfField,
  stepSpecs,
  stepsFor,
  storedNames,
} from '../../../src/web/referrals/opening-steps.js';

const agency: Principal = { userId: 'north-agency-school', role: 'agency', partnershipId: 'north', organisationId: 'north-school' };
const officer: Principal = { userId: 'north-business-unit', role: 'business-unit', partnershipId: 'north' };
const organisations = [
  { id: 'north-school', name: 'Riverside Academy', kind: 'school' },
  { id: 'north-yjs', name: 'Youth Justice Service', kind: 'youth-justice' },
];

describe('the question pages of opening a case', () => {
  it('asks each route only its own questions, a page per child', () => {
    expect(stepsFor({ principal: officer, organisations }, { route: 'serious-incident', childCount: '2' })).toEqual([
      'route',
      'dates',
      'areas',
      'criteria',
      'agreement',
      'child-1',
      'child-2',
      'agencies',
      'about',
      'check',
    ]);
    // Every route that notifies on opening asks the criteria and the agreement; no other does.
    expect(stepsFor({ principal: officer, organisations }, { route: 'looked-after-death' })).toContain('agreement');
    expect(stepsFor({ principal: officer, organisations }, { route: 'care-leaver-death' })).toContain('criteria');
    expect(stepsFor({ principal: officer, organisations }, { route: 'out-of-area' })).not.toContain('criteria');
    expect(stepsFor({ principal: officer, organisations }, { route: 'referral' })).toEqual([
      'route',
      'referrer',
      'reason',
      'dates',
      'areas',
      'child-1',
      'agencies',
      'about',
      'check',
    ]);
    // An agency's own organisation refers: no referrer page.
    expect(stepsFor({ principal: agency, organisations }, { route: 'referral' })).toEqual([
      'route',
      'reason',
      'dates',
      'areas',
      'child-1',
      'agencies',
      'about',
      'check',
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
    expect(stepSpecs('child-1', context, { route: 'serious-incident', childCount: '2' }).map((spec) => spec.name)).not.toContain(
      'anotherChild',
    );
    expect(stepSpecs('child-2', context, { route: 'serious-incident', childCount: '2' }).map((spec) => spec.name)).toContain(
      'anotherChild',
    );
  });

  it('finds the page a field is asked on, and the names a page stores', () => {
    const context = { principal: officer, organisations };
    expect(stepOfField('laAwareOn', context, { route: 'referral' })).toBe('dates');
    expect(stepOfField('child-2-sex', context, { route: 'referral', childCount: '2' })).toBe('child-2');
    expect(stepOfField('referralReason', context, { route: 'referral' })).toBe('reason');
    expect(storedNames(stepSpecs('dates', context, { route: 'referral' })).slice(0, 3)).toEqual([
      'incidentOn-day',
      'incidentOn-month',
      'incidentOn-year',
    ]);
    expect(isStep('child-21')).toBe(false);
    expect(isStep('../admin')).toBe(false);
  });
});

describe('the notification pages of opening a case', () => {
  const context = { principal: officer, organisations };
  const si = { route: 'serious-incident' };

  it('require each criterion, in words that say what to select', () => {
    const specs = stepSpecs('criteria', context, si);
    expect(specs.map((spec) => [spec.name, spec.optional])).toEqual([
      ['criteria-harm', false],
      ['criteria-abuseOrNeglect', false],
      ['criteria-location', false],
    ]);
    expect(notificationStepErrors(context, si).map((error) => error.text)).toEqual([
      'Select whether the child died or was seriously harmed',
      'Select whether abuse or neglect is known, suspected or not suspected',
      'Select where the incident happened',
    ]);
    expect(stepOfField('criteria-location', context, si)).toBe('criteria');
    expect(stepOfField('agreementDissent', context, si)).toBe('agreement');
    expect(isStep('criteria')).toBe(true);
  });

  it('refuse a serious incident with abuse or neglect not suspected, where it is answered', () => {
    const answers = { ...si, 'criteria-harm': 'death', 'criteria-abuseOrNeglect': 'not-suspected', 'criteria-location': 'in-area' };
    expect(stepErrors('criteria', answers)).toEqual([
      {
        field: 'criteria-abuseOrNeglect',
        href: '#criteria-abuseOrNeglect',
        text: 'A serious incident is notified only when abuse or neglect is known or suspected. If it is not, go back and choose a referral',
      },
    ]);
    // A looked-after child's death is notified whatever is suspected.
    expect(stepErrors('criteria', { ...answers, route: 'looked-after-death' })).toEqual([]);
  });

  it('take the partners’ agreement all or nothing, and a dissent with its reasons', () => {
    expect(stepErrors('agreement', si)).toEqual([]);
    expect(stepErrors('agreement', { ...si, 'agreement-police': 'no' }).map((error) => [error.href, error.text])).toEqual([
      ['#agreement-local-authority', 'Select whether the local authority agrees the incident is notified'],
      ['#agreement-health', 'Select whether health agrees the incident is notified'],
      ['#agreementOn-day', 'Enter the date the partners agreed'],
      ['#agreementDissent', 'Enter why a partner dissents'],
    ]);
    const agreed = {
      ...si,
      'agreement-local-authority': 'yes',
      'agreement-police': 'yes',
      'agreement-health': 'yes',
      'agreementOn-day': '4',
      'agreementOn-month': '3',
      'agreementOn-year': '',
    };
    expect(stepErrors('agreement', agreed).map((error) => error.text)).toEqual(['Date the partners agreed must include a year']);
    expect(stepErrors('agreement', { ...agreed, 'agreementOn-year': '2025' })).toEqual([]);
  });

  it('ask for the other theme when "Other" is ticked', () => {
    expect(stepErrors('about', { themes: ['neglect', 'other'] })).toEqual([
      { field: 'otherTheme', href: '#otherTheme', text: 'Enter the other theme' },
    ]);
    expect(stepErrors('about', { themes: ['neglect', 'other'], otherTheme: 'online gaming' })).toEqual([]);
  });
});
