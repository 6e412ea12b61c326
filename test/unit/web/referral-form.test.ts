import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { cleanDraftValues } from '../../../src/web/referrals/referral-draft.repository.js';
import { errorFor, isReferralFieldName, parseReferralForm, referralSpecs, routesFor } from '../../../src/web/referrals/referral-form.js';
import { renderStep, stepSpecs, stepsFor } from '../../../src/web/referrals/opening-steps.js';

const agency: Principal = { userId: 'north-agency-school', role: 'agency', partnershipId: 'north', organisationId: 'north-school' };
const officer: Principal = { userId: 'north-business-unit', role: 'business-unit', partnershipId: 'north' };
const organisations = [
  { id: 'north-school', name: 'Riverside Academy' },
  { id: 'north-police', name: 'Constabulary' },
];
const VALID = {
  route: 'referral',
  'incidentOn-day': '1',
  'incidentOn-month': '5',
  'incidentOn-year': '2025',
  'laAwareOn-day': '2',
  'laAwareOn-month': '5',
  'laAwareOn-year': '2025',
  laArea: 'Northshire',
  'child-1-ageBand': '10-15',
  'child-1-sex': 'male',
  'child-1-legalStatus': ['child-in-need', 'looked-after'],
  themes: ' neglect,  school attendance ,',
  childCount: '1',
};

describe('the referral form', () => {
  it('offers agencies the referral routes their kind may use, and everything to the business unit', () => {
    expect(routesFor('agency', 'school')).toEqual(['referral']);
    expect(routesFor('agency', 'youth-justice')).toEqual(['referral', 'youth-justice-incident']);
    expect(routesFor('agency')).toEqual(['referral']);
    expect(routesFor('business-unit')).toHaveLength(7);
    expect(routesFor('viewer')).toEqual([]);
  });

  it('reads a valid referral into a case opening, with the agency’s own organisation as referrer', () => {
    const parsed = parseReferralForm({ principal: agency, organisations }, { ...VALID, referringOrganisationId: 'north-police' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.input).toEqual({
      route: 'referral',
      referringOrganisationId: 'north-school',
      incidentOn: '2025-05-01',
      laAwareOn: '2025-05-02',
      laArea: 'Northshire',
      themes: ['neglect', 'school attendance'],
      children: [{ ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need', 'looked-after'] }],
    });
  });

  it('never asks for the child’s name', () => {
    const context = { principal: officer, organisations };
    const values = { route: 'referral', childCount: '2' };
    const names = stepsFor(context, values)
      .flatMap((step) => stepSpecs(step, context, values))
      .map((spec) => spec.name);
    expect(names).toContain('child-2-sex');
    expect(names.some((name) => /name$/i.test(name) && name !== 'name')).toBe(false);
    expect(names).not.toContain('child-1-name');
    // A name sent anyway is not read.
    expect(parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-name': 'Someone' }).input?.['children']).toEqual([
      { ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need', 'looked-after'] },
    ]);
  });

  it('names each problem, including those of the second child', () => {
    const parsed = parseReferralForm(
      { principal: officer, organisations },
      { ...VALID, route: 'referral', childCount: '2', 'child-2-ageYears': 'seven', 'laAwareOn-year': '' },
    );
    expect(parsed.input).toBeUndefined();
    expect(parsed.errors.map((error) => [error.href, error.text])).toEqual([
      ['#laAwareOn-day', 'Date the local authority became aware must include a year'],
      ['#child-2-ageYears', 'Age in years must be a whole number, like 7'],
      ['#child-2-sex', 'Child 2: select the child’s sex'],
    ]);
    const noSex = parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-sex': '' });
    expect(noSex.errors).toEqual([{ field: 'child-1-sex', href: '#child-1-sex', text: 'Child 1: select the child’s sex' }]);
    const noAge = parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-ageBand': '' });
    expect(noAge.errors).toEqual([
      { field: 'child-1-ageBand', href: '#child-1-ageBand', text: 'Child 1: select an age band or give the age in years' },
    ]);
    const referrer = parseReferralForm({ principal: officer, organisations }, VALID);
    expect(referrer.errors).toEqual([
      { field: 'referringOrganisationId', href: '#referringOrganisationId', text: 'Select the referring organisation' },
    ]);
  });

  it('keeps only the form’s own fields in a draft', () => {
    expect(isReferralFieldName('child-3-sex')).toBe(true);
    expect(isReferralFieldName('child-21-sex')).toBe(false);
    expect(isReferralFieldName('$where')).toBe(false);
    expect(isReferralFieldName('__proto__')).toBe(false);
    expect(cleanDraftValues({ route: 'referral', _csrf: 'secret', $set: 'x', summary: 'y'.repeat(5000), agencies: ['a', 'b'] })).toEqual({
      route: 'referral',
      summary: 'y'.repeat(4000),
      agencies: ['a', 'b'],
    });
  });
});

describe('the notification criteria and the partners’ agreement (issue 13)', () => {
  const context = { principal: officer, organisations: [] };
  const base = {
    route: 'serious-incident',
    'incidentOn-day': '1',
    'incidentOn-month': '3',
    'incidentOn-year': '2025',
    'laAwareOn-day': '3',
    'laAwareOn-month': '3',
    'laAwareOn-year': '2025',
    laArea: 'Northshire',
    childCount: '1',
    'child-1-ageBand': '1-4',
    'child-1-sex': 'female',
  };

  it('are read into the opening only when answered, and a dissent carries its reasons', () => {
    expect(parseReferralForm(context, base).input).not.toHaveProperty('notificationCriteria');
    const answered = parseReferralForm(context, {
      ...base,
      'criteria-harm': 'death',
      'criteria-abuseOrNeglect': 'suspected',
      'criteria-location': 'in-area',
      'agreement-local-authority': 'yes',
      'agreement-police': 'yes',
      'agreement-health': 'no',
      'agreementOn-day': '4',
      'agreementOn-month': '3',
      'agreementOn-year': '2025',
      agreementDissent: 'the death appears natural',
    });
    expect(answered.errors).toEqual([]);
    expect(answered.input).toMatchObject({
      notificationCriteria: { harm: 'death', abuseOrNeglect: 'suspected', location: 'in-area' },
      partnersAgreement: {
        agreedOn: '2025-03-04',
        partners: [
          { partner: 'local-authority', agrees: true },
          { partner: 'police', agrees: true },
          { partner: 'health', agrees: false, reasons: 'the death appears natural' },
        ],
      },
    });
    const partial = parseReferralForm(context, { ...base, 'criteria-harm': 'death' });
    expect(partial.errors.map((e) => e.field)).toEqual(['criteria-abuseOrNeglect', 'criteria-location']);
  });

  it('are left behind when the route changes to one that does not notify', () => {
    const parsed = parseReferralForm(context, {
      ...base,
      route: 'out-of-area',
      leadPartnership: 'Southshire',
      'criteria-harm': 'death',
      'agreement-police': 'yes',
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.input).not.toHaveProperty('notificationCriteria');
    expect(parsed.input).not.toHaveProperty('partnersAgreement');
  });

  it('name the agreement’s field when the service refuses it', () => {
    const specs = [...referralSpecs(context).before, ...referralSpecs(context).after];
    expect(
      errorFor(['partnersAgreement', 'partners', '2', 'reasons'], 'custom', 'a partner who dissents gives reasons', specs, false),
    ).toEqual({
      field: 'agreementDissent',
      href: '#agreementDissent',
      text: 'A partner who dissents gives reasons',
    });
    expect(errorFor(['partnersAgreement', 'agreedOn'], 'custom', 'the partners cannot agree before the incident', specs, false)).toEqual({
      field: 'agreementOn',
      href: '#agreementOn-day',
      text: 'The partners cannot agree before the incident',
    });
    expect(errorFor(['notificationCriteria', 'location'], 'invalid_type', 'required', specs, true)).toEqual({
      field: 'criteria-location',
      href: '#criteria-location',
      text: 'Select where the incident happened',
    });
  });

  it('keep their answers in a draft', () => {
    for (const name of [
      'criteria-harm',
      'criteria-abuseOrNeglect',
      'criteria-location',
      'agreement-police',
      'agreementOn-year',
      'agreementDissent',
      'otherTheme',
    ]) {
      expect(isReferralFieldName(name)).toBe(true);
    }
    expect(isReferralFieldName('agreement-ofsted')).toBe(false);
  });
});

describe('themes from the partnership’s list', () => {
  const context = { principal: officer, organisations: [], themes: ['neglect', 'domestic abuse'] };
  const base = {
    route: 'serious-incident',
    'incidentOn-day': '1',
    'incidentOn-month': '3',
    'incidentOn-year': '2025',
    'laAwareOn-day': '3',
    'laAwareOn-month': '3',
    'laAwareOn-year': '2025',
    laArea: 'Northshire',
    childCount: '1',
    'child-1-ageBand': '1-4',
    'child-1-sex': 'female',
  };

  it('offers the list as checkboxes and anything else only as "other"', () => {
    const rendered = renderStep(stepSpecs('about', context, base), {}, []).find((field) => field.params['name'] === 'themes');
    expect(rendered?.macro).toBe('govukCheckboxes');
    expect((rendered?.params['items'] as { value: string }[]).map((item) => item.value)).toEqual(['neglect', 'domestic abuse', 'other']);
    // The free text is revealed under "Other", not asked on its own.
    expect(rendered?.conditionals?.['other']?.map((field) => field.params['name'])).toEqual(['otherTheme']);
    expect(renderStep(stepSpecs('about', context, base), {}, []).map((field) => field.params['name'])).toEqual(['themes', 'summary']);
    expect(parseReferralForm(context, { ...base, themes: ['neglect'], otherTheme: 'online gaming' }).input?.['themes']).toEqual([
      'neglect',
      'other: online gaming',
    ]);
    expect(parseReferralForm(context, base).input).not.toHaveProperty('themes');
  });

  it('keeps only the list’s own themes, and "Other" itself is not a theme', () => {
    expect(
      parseReferralForm(context, { ...base, themes: ['domestic abuse', 'other', 'made up'], otherTheme: 'online gaming' }).input?.[
        'themes'
      ],
    ).toEqual(['domestic abuse', 'other: online gaming']);
  });

  it('stays free text without a list', () => {
    const free = { principal: officer, organisations: [] };
    expect(stepSpecs('about', free, base).map((spec) => [spec.name, spec.kind])).toEqual([
      ['themes', 'text'],
      ['summary', 'textarea'],
    ]);
  });
});
