import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { cleanDraftValues } from '../../../src/web/referrals/referral-draft.repository.js';
import { isReferralFieldName, parseReferralForm, referralFormModel, routesFor } from '../../../src/web/referrals/referral-form.js';

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
  it('offers agencies the referral routes only, and everything to the business unit', () => {
    expect(routesFor('agency')).toEqual(['referral', 'youth-justice-incident']);
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
    const model = referralFormModel({ principal: officer, organisations }, {}, []);
    const names = [...model.before, ...model.children.flatMap((child) => child.fields), ...model.after].map((field) => String(field.params['name'] ?? field.params['namePrefix'] ?? field.params['idPrefix']));
    expect(names.some((name) => /name$/i.test(name) && name !== 'name')).toBe(false);
    expect(names).not.toContain('child-1-name');
    // A name sent anyway is not read.
    expect(parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-name': 'Someone' }).input?.['children']).toEqual([
      { ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need', 'looked-after'] },
    ]);
  });

  it('names each problem, including those of the second child', () => {
    const parsed = parseReferralForm({ principal: officer, organisations }, { ...VALID, route: 'referral', childCount: '2', 'child-2-ageYears': 'seven', 'laAwareOn-year': '' });
    expect(parsed.input).toBeUndefined();
    expect(parsed.errors.map((error) => [error.href, error.text])).toEqual([
      ['#laAwareOn-day', 'Date the local authority became aware must include a year'],
      ['#child-2-ageYears', 'Age in years must be a whole number, like 7'],
      ['#child-2-sex', 'Child 2: select the child’s sex'],
    ]);
    const noSex = parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-sex': '' });
    expect(noSex.errors).toEqual([{ field: 'child-1-sex', href: '#child-1-sex', text: 'Child 1: select the child’s sex' }]);
    const noAge = parseReferralForm({ principal: agency, organisations }, { ...VALID, 'child-1-ageBand': '' });
    expect(noAge.errors).toEqual([{ field: 'child-1-ageBand', href: '#child-1-ageBand', text: 'Child 1: select an age band or give the age in years' }]);
    const referrer = parseReferralForm({ principal: officer, organisations }, VALID);
    expect(referrer.errors).toEqual([{ field: 'referringOrganisationId', href: '#referringOrganisationId', text: 'Select the referring organisation' }]);
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
  it('are read into the opening only when answered, and a dissent carries its reasons', async () => {
    const { parseReferralForm: parse } = await import('../../../src/web/referrals/referral-form.js');
    const context = { principal: { userId: 'bu', role: 'business-unit', partnershipId: 'north' }, organisations: [] } as never;
    const base = {
      route: 'serious-incident',
      'incidentOn-day': '1', 'incidentOn-month': '3', 'incidentOn-year': '2025',
      'laAwareOn-day': '3', 'laAwareOn-month': '3', 'laAwareOn-year': '2025',
      laArea: 'Northshire',
      childCount: '1',
      'child-1-ageBand': '1-4',
      'child-1-sex': 'female',
    };
    expect(parse(context, base).input).not.toHaveProperty('notificationCriteria');
    const answered = parse(context, {
      ...base,
      'criteria-harm': 'death',
      'criteria-abuseOrNeglect': 'suspected',
      'criteria-location': 'in-area',
      'agreement-local-authority': 'yes',
      'agreement-police': 'yes',
      'agreement-health': 'no',
      'agreementOn-day': '4', 'agreementOn-month': '3', 'agreementOn-year': '2025',
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
    const partial = parse(context, { ...base, 'criteria-harm': 'death' });
    expect(partial.errors.map((e) => e.field)).toEqual(['criteria-abuseOrNeglect', 'criteria-location']);
  });
});

describe('themes from the partnership’s list', () => {
  it('offers the list as checkboxes and anything else only as "other"', async () => {
    const { parseReferralForm: parse, referralFormModel: model } = await import('../../../src/web/referrals/referral-form.js');
    const context = { principal: { userId: 'bu', role: 'business-unit', partnershipId: 'north' }, organisations: [], themes: ['neglect', 'domestic abuse'] } as never;
    const base = {
      route: 'serious-incident',
      'incidentOn-day': '1', 'incidentOn-month': '3', 'incidentOn-year': '2025',
      'laAwareOn-day': '3', 'laAwareOn-month': '3', 'laAwareOn-year': '2025',
      laArea: 'Northshire',
      childCount: '1',
      'child-1-ageBand': '1-4',
      'child-1-sex': 'female',
    };
    const rendered = model(context, {}, []).after.find((field) => field.params['name'] === 'themes');
    expect(rendered?.macro).toBe('govukCheckboxes');
    expect(parse(context, { ...base, themes: ['neglect'], otherTheme: 'online gaming' }).input?.['themes']).toEqual(['neglect', 'other: online gaming']);
    expect(parse(context, base).input).not.toHaveProperty('themes');
  });
});
